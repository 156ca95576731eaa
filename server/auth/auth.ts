// Authentication with better-auth: e-mail + password, sessions stored in PostgreSQL through Prisma,
// HttpOnly SameSite cookies (Secure when APP_URL is https). Self sign-up is off: accounts are created
// only by accepting an invitation (server/invitations).
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { db } from "@/server/db/client";
import { env } from "@/server/env";
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "./password-policy";

function createAuth() {
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
    },
    // Browser tests sign in many users from one address within seconds.
    rateLimit: { enabled: e.NODE_ENV === "production" && e.DAJIE_TEST !== "1", window: 60, max: 100 },
    telemetry: { enabled: false },
    trustedOrigins: trustedOrigins(e.APP_URL),
  });
}

/** APP_URL, plus its 127.0.0.1/localhost twin for local use (people type either). */
function trustedOrigins(appUrl: string): string[] {
  const url = new URL(appUrl);
  const twin = url.hostname === "localhost" ? "127.0.0.1" : url.hostname === "127.0.0.1" ? "localhost" : null;
  return twin ? [url.origin, `${url.protocol}//${twin}${url.port ? `:${url.port}` : ""}`] : [url.origin];
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

export async function getSessionUser(headers: Headers): Promise<SessionUser | null> {
  const session = await auth().api.getSession({ headers });
  if (!session) return null;
  return { id: session.user.id, email: session.user.email, name: session.user.name };
}
