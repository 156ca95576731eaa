// The console's tRPC over HTTP (/api/trpc). Mutations are POSTs (queries are GETs), and a browser sends
// the session cookie along with a forged cross-site POST, so a POST from a foreign Origin/Referer is
// refused 403 before tRPC runs (server/http/same-origin.ts). Every answer to a signed-in caller is
// `Cache-Control: no-store`: it carries their data.
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { randomUUID } from "node:crypto";
import { env } from "@/server/env";
import { errorResponse } from "@/server/http/route-edge";
import { allowedOrigins, foreignOrigin, isSameOriginRequest } from "@/server/http/same-origin";
import { appRouter } from "./root";
import { createContext } from "./trpc";

export async function trpcHandler(req: Request): Promise<Response> {
  if (!isSameOriginRequest(req, allowedOrigins(env().APP_URL))) return errorResponse(foreignOrigin(), randomUUID(), { "Cache-Control": "no-store" });
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: () => createContext({ headers: req.headers }),
    responseMeta: ({ ctx }) => (ctx?.user ? { headers: new Headers({ "Cache-Control": "no-store" }) } : {}),
  });
}
