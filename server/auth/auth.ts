// Authentication with better-auth: e-mail + password, sessions stored in PostgreSQL through Prisma,
// HttpOnly SameSite cookies (Secure when APP_URL is https). Self sign-up is off: accounts are created
// only by accepting an invitation (server/invitations).
import { betterAuth } from "better-auth";
import { APIError, createAuthMiddleware, isAPIError } from "better-auth/api";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { db } from "@/server/db/client";
import { env } from "@/server/env";
import { CLIENT_ADDRESS_HEADER } from "@/server/http/client-address";
import { allowedOrigins } from "@/server/http/same-origin";
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "./password-policy";
import { forgetSessionToken, forgetUser, keptSession } from "./session-cache";
import { beginSignInAttempt, clearSignInFailures, normalizeSignInEmail, recordSignInFailure } from "./sign-in-lockout";

const SIGN_IN_EMAIL = "/sign-in/email";
const GET_SESSION = "/get-session";

/**
 * `rateLimit`: better-auth's per-address limits (sign-in: 3 in 10 s), on in production; tests of the
 * limit turn it on explicitly.
 */
export function createAuth(opts: { rateLimit?: boolean } = {}) {
  const e = env();
  return betterAuth({
    appName: "Dajie",
    baseURL: e.APP_URL,
    secret: e.BETTER_AUTH_SECRET,
    database: prismaAdapter(db(), { provider: "postgresql" }),
    emailAndPassword: {
      enabled: true,
      disableSignUp: true,
      minPasswordLength: MIN_PASSWORD_LENGTH,
      maxPasswordLength: MAX_PASSWORD_LENGTH,
    },
    session: { expiresIn: 60 * 60 * 24 * 7, updateAge: 60 * 60 * 24 },
    advanced: {
      useSecureCookies: e.APP_URL.startsWith("https://"),
      defaultCookieAttributes: { httpOnly: true, sameSite: "lax" },
      // The one address better-auth may use (its limits, the session's address): written by the auth
      // route from the TCP peer or the trusted proxy hop, never taken from the client (client-address.ts).
      ipAddress: { ipAddressHeaders: [CLIENT_ADDRESS_HEADER] },
    },
    // Browser tests sign in many users from one address within seconds.
    rateLimit: {
      enabled: opts.rateLimit ?? (e.NODE_ENV === "production" && e.DAJIE_TEST !== "1"),
      window: 60,
      max: 100,
      // The session check runs on every page load and focus, for everyone behind one address (an office,
      // a proxy without TRUST_PROXY): counted, fast navigation got 429 and looked signed out. It guesses
      // nothing (the cookie is signed), so it is not limited; sign-in keeps its 3 in 10 s.
      customRules: { [GET_SESSION]: false },
    },
    // Per-account lockout around the password check (sign-in-lockout.ts).
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        if (ctx.path !== SIGN_IN_EMAIL) return;
        const email = normalizeSignInEmail((ctx.body as { email?: unknown } | undefined)?.email);
        if (!email) return;
        const gate = await beginSignInAttempt(db(), email);
        if (!gate.allowed) {
          throw new APIError("TOO_MANY_REQUESTS", { message: `Too many failed sign-ins for this account; try again in ${gate.retryAfterSeconds} s or ask an administrator for a reset link.`, code: "ACCOUNT_LOCKED" }, { "Retry-After": String(gate.retryAfterSeconds) });
        }
      }),
      after: createAuthMiddleware(async (ctx) => {
        if (ctx.path !== SIGN_IN_EMAIL) return;
        const email = normalizeSignInEmail((ctx.body as { email?: unknown } | undefined)?.email);
        if (!email) return;
        if (ctx.context.newSession) await clearSignInFailures(db(), email);
        else if (isAPIError(ctx.context.returned)) await recordSignInFailure(db(), email);
      }),
    },
    // A session ended or a user changed through better-auth is dropped from this process's session cache at once (session-cache.ts).
    databaseHooks: {
      session: { delete: { after: async (session) => forgetSessionToken(session.token) } },
      user: { update: { after: async (user) => forgetUser(user.id) }, delete: { after: async (user) => forgetUser(user.id) } },
    },
    telemetry: { enabled: false },
    trustedOrigins: allowedOrigins(e.APP_URL),
  });
}

export type Auth = ReturnType<typeof createAuth>;

const globalForAuth = globalThis as typeof globalThis & { dajieAuth?: Auth };

export function auth(): Auth {
  globalForAuth.dajieAuth ??= createAuth();
  return globalForAuth.dajieAuth;
}

export interface SessionUser {
  id: string;
  email: string;
  name: string;
}

/** The signed-in user of this request; a session better-auth confirmed is kept a few seconds (session-cache.ts). */
export async function getSessionUser(headers: Headers, now: () => number = Date.now): Promise<SessionUser | null> {
  return keptSession<SessionUser>(headers.get("cookie"), async () => {
    const session = await auth().api.getSession({ headers });
    if (!session) return null;
    return {
      user: { id: session.user.id, email: session.user.email, name: session.user.name },
      userId: session.user.id,
      token: session.session.token,
      expiresAt: new Date(session.session.expiresAt).getTime(),
    };
  }, now);
}
