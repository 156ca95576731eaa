// The REST API's HTTP handler (app/api/v1/[...path]): trpc-to-openapi over the REST router
// (server/api/rest), with the edge's headers — never cached, and the rate limit's RateLimit-* fields (Retry-After on 429).
import { randomUUID } from "node:crypto";
import { createOpenApiFetchHandler } from "trpc-to-openapi";
import { db } from "@/server/db/client";
import type { RestContext } from "@/server/api/rest/rest-trpc";
import { restApiRouter } from "@/server/api/rest/router";
import { clientAddress } from "./api-auth";
import { rateLimitHeaders } from "./rate-limit";

export function restApiHandler(req: Request): Promise<Response> {
  const ctx: RestContext = { db: db(), authorization: req.headers.get("authorization"), address: clientAddress(req.headers), requestId: randomUUID() };
  return createOpenApiFetchHandler({
    endpoint: "/api",
    router: restApiRouter,
    createContext: () => ctx,
    responseMeta: () => ({ headers: { "Cache-Control": "no-store", ...(ctx.rateLimit ? rateLimitHeaders(ctx.rateLimit) : {}) } }),
    req,
  });
}
