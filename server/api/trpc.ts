// tRPC setup: context, error mapping and the procedure builders that decide who may call what.
// Routers stay thin: pick a builder, call a service, return a DTO.
import { randomUUID } from "node:crypto";
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { z } from "zod";
import { isPlatformAdmin, resolveCommunityScope, resolveOrgScope, residentMemberIds, type CommunityAccess } from "@/server/access/scope";
import { getSessionUser, type SessionUser } from "@/server/auth/auth";
import { db, type Db } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { internalErrorBody } from "@/server/http/app-error-status";
import { trpcErrorOf, trpcProblems } from "@/server/http/app-error-trpc";
import { ownMember, type OwnMember } from "@/server/residents/own-member";

export interface Context {
  db: Db;
  user: SessionUser | null;
  requestId: string;
  /**
   * Reads shared by the calls of one HTTP request (a tRPC batch): the resident's member ids and own
   * members, which every call asks for. Made per request by createContext, so it never outlives one;
   * a caller without it (createCaller in tests, reused across changes) reads afresh each time.
   */
  perRequest?: Map<string, Promise<unknown>>;
}

export async function createContext(opts: { headers: Headers }): Promise<Context> {
  return { db: db(), user: await getSessionUser(opts.headers), requestId: randomUUID(), perRequest: new Map() };
}

/** `read()` once per request under `key` (the calls of a tRPC batch share one context). */
function oncePerRequest<T>(ctx: Context, key: string, read: () => Promise<T>): Promise<T> {
  if (!ctx.perRequest) return read();
  let p = ctx.perRequest.get(key) as Promise<T> | undefined;
  if (!p) ctx.perRequest.set(key, (p = read()));
  return p;
}

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  // tRPC keeps its envelope; its data carries the same code and problems as the route handlers' body.
  errorFormatter({ shape, error, ctx }) {
    const internal = error.code === "INTERNAL_SERVER_ERROR";
    const requestId = ctx?.requestId ?? "unknown";
    if (internal) console.error(`[request ${requestId}]`, error.cause ?? error);
    return {
      ...shape,
      message: internal ? internalErrorBody(requestId).message : error.message,
      data: { code: shape.data.code, httpStatus: shape.data.httpStatus, problems: trpcProblems(error), requestId: ctx?.requestId },
    };
  },
});

export const createCallerFactory = t.createCallerFactory;
export const router = t.router;

/** Expected failures (AppError), thrown anywhere below (later middlewares included), become tRPC
 *  errors with their own code (server/http/app-error-status.ts); nothing else leaks. */
const mapAppErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof AppError) throw trpcErrorOf(result.error.cause);
  return result;
});

export const publicProcedure = t.procedure.use(mapAppErrors);

export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Please sign in." });
  return next({ ctx: { user: ctx.user } });
});

export const platformAdminProcedure = authedProcedure.use(async ({ ctx, next }) => {
  if (!(await isPlatformAdmin(ctx.db, ctx.user.id))) throw new TRPCError({ code: "FORBIDDEN", message: "Platform administrators only." });
  return next();
});

/** Any member of the organization named by `orgId`; `orgAdminProcedure` requires its ADMIN role. */
function orgProcedureFor(needAdmin: boolean) {
  return authedProcedure.input(z.object({ orgId: z.uuid() })).use(async ({ ctx, input, next }) => {
    const org = await resolveOrgScope(ctx.db, ctx.user.id, input.orgId, needAdmin);
    return next({ ctx: { org } });
  });
}
export const orgMemberProcedure = orgProcedureFor(false);
export const orgAdminProcedure = orgProcedureFor(true);

/** The community named by `communityId`, with the access level the procedure needs. */
export function communityProcedure(need: CommunityAccess) {
  return authedProcedure.input(z.object({ communityId: z.uuid() })).use(async ({ ctx, input, next }) => {
    const scope = await resolveCommunityScope(ctx.db, ctx.user.id, input.communityId, need);
    return next({ ctx: { scope, actor: { userId: ctx.user.id, requestId: ctx.requestId } } });
  });
}

/** A resident: a signed-in user linked to at least one member; `memberIds` are theirs and only theirs. */
export const residentProcedure = authedProcedure.use(async ({ ctx, next }) => {
  const userId = ctx.user.id;
  const memberIds = await oncePerRequest(ctx, `member-ids/${userId}`, () => residentMemberIds(ctx.db, userId));
  /** The caller's own member `memberId` (ownMember: NOT_FOUND unless it is theirs), read once per request. */
  const own = (memberId: string): Promise<OwnMember> => oncePerRequest(ctx, `own-member/${userId}/${memberId}`, () => ownMember(ctx.db, memberIds, memberId));
  return next({ ctx: { memberIds, ownMember: own } });
});
