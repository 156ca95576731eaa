// The one HTTP edge of the hand-written route handlers (app/**/route.ts), in the spirit of dub's
// withWorkspace: the wrapper authenticates (a session or an API token), applies the rate limit, sets
// Cache-Control and turns a thrown AppError into its status (app-error-status.ts) and the one body
// {code, message, problems}. Anything else is logged with a request id and answered 500 with a generic
// message. Handlers only parse their input, call a service and build the answer.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { residentMemberIds, resolveCommunityScope, type CommunityAccess, type CommunityScope } from "@/server/access/scope";
import type { ApiPrincipal, ApiScope } from "@/server/api-tokens/api-tokens";
import { getSessionUser, type SessionUser } from "@/server/auth/auth";
import { db, type Db } from "@/server/db/client";
import { env } from "@/server/env";
import { AppError, notFound } from "@/server/errors";
import { ownMember, type OwnMember } from "@/server/residents/own-member";
import { appErrorBody, appErrorStatus, internalErrorBody } from "./app-error-status";
import { authenticateDeviceWithinLimits, authenticateWithinLimits, clientAddress } from "./api-auth";
import { rateLimitHeaders } from "./rate-limit";
import { allowedOrigins, foreignOrigin, isSameOriginRequest } from "./same-origin";

type Params = Record<string, string | string[] | undefined>;
/** What Next.js passes a route handler; `params` is absent for a route without dynamic segments. */
export interface RouteArgs<P extends Params> {
  params: Promise<P>;
}
export type RouteHandler<P extends Params> = (req: Request, route?: RouteArgs<P>) => Promise<Response>;

export interface EdgeContext<P extends Params> {
  req: Request;
  url: URL;
  params: P;
  db: Db;
  requestId: string;
}

const NO_STORE = { "Cache-Control": "no-store" };

/** The answer to a failure: an AppError's status and body, or 500 with only the request id. */
export function errorResponse(err: unknown, requestId: string, headers: Record<string, string> = {}): Response {
  if (err instanceof AppError) return Response.json(appErrorBody(err), { status: appErrorStatus(err.code), headers });
  console.error(`[request ${requestId}]`, err);
  return Response.json(internalErrorBody(requestId), { status: 500, headers });
}

/** Runs `handler`; sets `headers` on its answer, success or failure (`override`: also over the handler's own). */
async function edge<P extends Params>(
  req: Request,
  route: RouteArgs<P> | undefined,
  handler: (ctx: EdgeContext<P>, headers: Record<string, string>) => Promise<Response>,
  headers: Record<string, string>,
  override: boolean,
): Promise<Response> {
  const requestId = randomUUID();
  let res: Response;
  try {
    const params = ((await route?.params) ?? {}) as P;
    res = await handler({ req, url: new URL(req.url), params, db: db(), requestId }, headers);
  } catch (err) {
    return errorResponse(err, requestId, headers);
  }
  // A new Response: a handler's answer may have immutable headers (a redirect, a fetched response).
  const merged = new Headers(res.headers);
  for (const [name, value] of Object.entries(headers)) if (override || !merged.has(name)) merged.set(name, value);
  return new Response(res.body, { status: res.status, statusText: res.statusText, headers: merged });
}

/**
 * A public route (no sign-in needed): errors mapped once; its own caching kept. `sessionUser` reads the
 * session when the route's own rule needs it (the members-only ledger export).
 */
export function withPublic<P extends Params = Params>(handler: (ctx: EdgeContext<P> & { sessionUser: () => Promise<SessionUser | null> }) => Promise<Response>): RouteHandler<P> {
  return (req, route) => edge(req, route, (ctx) => handler({ ...ctx, sessionUser: () => getSessionUser(req.headers) }), {}, false);
}

/** What a session route needs beyond a signed-in user, resolved before the handler runs. */
export interface SessionAccess<A> {
  resolve(db: Db, user: SessionUser, at: { url: URL; params: Params }): Promise<A>;
}

/** Any signed-in user. */
export const signedIn: SessionAccess<object> = { resolve: async () => ({}) };

/** The community named by the route's `communityId`, with the access `need` (or what the request asks for). */
export function communityAccess(need: CommunityAccess | ((url: URL) => CommunityAccess)): SessionAccess<{ scope: CommunityScope }> {
  return {
    async resolve(db, user, { url, params }) {
      const communityId = params.communityId;
      if (!z.uuid().safeParse(communityId).success) throw notFound("Community");
      return { scope: await resolveCommunityScope(db, user.id, communityId as string, typeof need === "function" ? need(url) : need) };
    },
  };
}

/** A resident's own member, named by the `memberId` query parameter (as residentProcedure + ownMember). */
export const residentMember: SessionAccess<{ member: OwnMember }> = {
  async resolve(db, user, { url }) {
    const memberId = url.searchParams.get("memberId");
    if (!memberId || !z.uuid().safeParse(memberId).success) throw notFound("Member");
    return { member: await ownMember(db, await residentMemberIds(db, user.id), memberId) };
  },
};

/**
 * A route for a signed-in user with `access`; every answer is `Cache-Control: no-store`; a state-changing
 * request from a foreign Origin/Referer is refused 403 before the session is read (same-origin.ts).
 */
export function withSession<A, P extends Params = Params>(access: SessionAccess<A>, handler: (ctx: EdgeContext<P> & { user: SessionUser } & A) => Promise<Response>): RouteHandler<P> {
  return (req, route) =>
    edge(
      req,
      route,
      async (ctx) => {
        // A cookie rides along on a cross-site request: state changes only from this site's pages.
        if (!isSameOriginRequest(req, allowedOrigins(env().APP_URL))) throw foreignOrigin();
        const user = await getSessionUser(req.headers);
        if (!user) throw new AppError("UNAUTHORIZED", "Please sign in.");
        const granted = await access.resolve(ctx.db, user, ctx);
        return handler({ ...ctx, user, ...granted });
      },
      { ...NO_STORE },
      true,
    );
}

/**
 * A route for machine clients holding an API token with `scope` (or the scope the request needs):
 * rate-limited per token with the REST API, and per address while the token is missing or wrong
 * (api-auth.ts; 429 with Retry-After beyond, RateLimit-* on the answers counted); every answer is
 * `Cache-Control: no-store`.
 */
export function withApiToken<P extends Params = Params>(scope: ApiScope | ((url: URL) => ApiScope), handler: (ctx: EdgeContext<P> & { principal: ApiPrincipal }) => Promise<Response>): RouteHandler<P> {
  return (req, route) =>
    edge(
      req,
      route,
      async (ctx, headers) => {
        const call = { authorization: req.headers.get("authorization"), address: clientAddress(req.headers) };
        const principal = await authenticateWithinLimits(ctx.db, call, typeof scope === "function" ? scope(ctx.url) : scope, (r) => Object.assign(headers, rateLimitHeaders(r)));
        return handler({ ...ctx, principal });
      },
      { ...NO_STORE },
      true,
    );
}

/**
 * A route for a resident's own devices: a device token (server/residents/device-tokens.ts) names one
 * member, and the handler gets only that member. A `memberId` query parameter naming anyone else is
 * 404 (as a session resident asking for another member). Rate-limited like withApiToken; `no-store`.
 */
export function withDeviceToken<P extends Params = Params>(handler: (ctx: EdgeContext<P> & { member: OwnMember }) => Promise<Response>): RouteHandler<P> {
  return (req, route) =>
    edge(
      req,
      route,
      async (ctx, headers) => {
        const call = { authorization: req.headers.get("authorization"), address: clientAddress(req.headers) };
        const { member } = await authenticateDeviceWithinLimits(ctx.db, call, (r) => Object.assign(headers, rateLimitHeaders(r)));
        const asked = ctx.url.searchParams.get("memberId");
        if (asked !== null && asked !== member.id) throw notFound("Member");
        return handler({ ...ctx, member });
      },
      { ...NO_STORE },
      true,
    );
}

/** A file download's answer (the body as bytes or text, with its own headers). */
export function fileResponse(file: { body: string | Uint8Array }, headers: Record<string, string>): Response {
  return new Response(typeof file.body === "string" ? file.body : new Uint8Array(file.body), { headers });
}
