// The OpenAPI document of the REST API.
import { openApiDocument } from "@/server/api/rest/openapi";
import { env } from "@/server/env";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export function GET() {
  return Response.json(openApiDocument(env().APP_URL));
}
