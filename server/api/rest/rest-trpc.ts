// The REST API for ESCO and municipality systems: tRPC procedures with OpenAPI metadata, served as
// plain HTTP + JSON by trpc-to-openapi under /api/v1 (server/http/rest-handler.ts). Authenticated by
// per-organization API tokens (Authorization: Bearer dj_…) carrying the scope each endpoint needs;
// rate-limited per token with the hand-written /api/v1 routes (server/http/rate-limit.ts).
import { initTRPC } from "@trpc/server";
import type { OpenApiMeta } from "trpc-to-openapi";
import type { ApiScope } from "@/server/api-tokens/api-tokens";
import type { Db } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { internalErrorBody, type ErrorBody } from "@/server/http/app-error-status";
import { trpcErrorOf, trpcProblems } from "@/server/http/app-error-trpc";
import { authenticateWithinLimits } from "@/server/http/api-auth";
import { API_TOKEN_LIMIT_PER_MINUTE, type RateLimitResult } from "@/server/http/rate-limit";

export interface RestContext {
  db: Db;
  authorization: string | null;
  /** The client's address (api-auth.ts clientAddress), for the limit on failed authentications. */
  address: string;
  requestId: string;
  /** Set by tokenProcedure: the rate limit's count, for the response headers (server/http/rest-handler.ts). */
  rateLimit?: RateLimitResult;
}

const t = initTRPC
  .context<RestContext>()
  .meta<OpenApiMeta>()
  .create({
    // The body of every REST error is the route handlers' one shape: {code, message, problems}.
    errorFormatter({ error, ctx }): ErrorBody {
      if (error.code === "INTERNAL_SERVER_ERROR") {
        const requestId = ctx?.requestId ?? "unknown";
        console.error(`[request ${requestId}]`, error.cause ?? error);
        return internalErrorBody(requestId);
      }
      return { code: error.code as ErrorBody["code"], message: error.message, problems: trpcProblems(error) };
    },
  });

export const restRouter = t.router;

/** 120 requests a minute per token. */
export const REST_LIMIT_PER_MINUTE = API_TOKEN_LIMIT_PER_MINUTE;

/** AppErrors thrown by any procedure or middleware below become their status (one table). */
const mapAppErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof AppError) throw trpcErrorOf(result.error.cause);
  return result;
});

/** A procedure for callers holding a token with `scope`; `ctx.orgId` is the token's organization. */
export function tokenProcedure(scope: ApiScope) {
  return t.procedure.use(mapAppErrors).use(async ({ ctx, next }) => {
    const principal = await authenticateWithinLimits(ctx.db, ctx, scope, (r) => (ctx.rateLimit = r));
    return next({ ctx: { orgId: principal.orgId, tokenId: principal.tokenId } });
  });
}
