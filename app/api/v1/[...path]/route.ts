// The REST API (server/api/rest): JSON endpoints under /api/v1, generated from tRPC procedures.
import { createOpenApiFetchHandler } from "trpc-to-openapi";
import { restApiRouter } from "@/server/api/rest/router";
import { db } from "@/server/db/client";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

function handler(req: Request) {
  return createOpenApiFetchHandler({
    endpoint: "/api",
    router: restApiRouter,
    createContext: () => ({ db: db(), authorization: req.headers.get("authorization") }),
    req,
  });
}

export { handler as GET, handler as POST };
