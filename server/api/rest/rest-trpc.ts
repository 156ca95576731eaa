// The REST API for ESCO and municipality systems: tRPC procedures with OpenAPI metadata, served as
// plain HTTP + JSON by trpc-to-openapi under /api/v1. Authenticated by per-organization API tokens
// (Authorization: Bearer dj_…) carrying the scope each endpoint needs; rate-limited per token.
import { initTRPC, TRPCError } from "@trpc/server";
import type { OpenApiMeta } from "trpc-to-openapi";
import { authenticateApiToken, type ApiScope } from "@/server/api-tokens/api-tokens";
import type { Db } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { fixedWindowLimit } from "./rate-limit";

export interface RestContext {
  db: Db;
  authorization: string | null;
}

const t = initTRPC.context<RestContext>().meta<OpenApiMeta>().create();

export const restRouter = t.router;

/** 120 requests a minute per token. */
export const REST_LIMIT_PER_MINUTE = 120;
const limit = fixedWindowLimit(REST_LIMIT_PER_MINUTE, 60_000);

function toTrpc(err: unknown): never {
  if (err instanceof AppError) throw new TRPCError({ code: err.code, message: err.message, cause: err });
  throw err;
}

/** A procedure for callers holding a token with `scope`; `ctx.orgId` is the token's organization. */
export function tokenProcedure(scope: ApiScope) {
  return t.procedure.use(async ({ ctx, next }) => {
    const principal = await authenticateApiToken(ctx.db, ctx.authorization, scope).catch(toTrpc);
    const taken = limit.take(principal.tokenId, Date.now());
    if (!taken.allowed) throw new TRPCError({ code: "TOO_MANY_REQUESTS", message: `Too many requests; try again in ${taken.retryAfterSeconds} s.` });
    return next({ ctx: { orgId: principal.orgId, tokenId: principal.tokenId } });
  });
}

export { toTrpc };
