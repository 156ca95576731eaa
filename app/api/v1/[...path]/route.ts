// The REST API (server/api/rest): JSON endpoints under /api/v1, generated from tRPC procedures.
import { restApiHandler } from "@/server/http/rest-handler";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const handler = (req: Request) => restApiHandler(req);

export { handler as GET, handler as POST };
