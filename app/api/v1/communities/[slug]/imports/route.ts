// POST /api/v1/communities/{slug}/imports — meter data from ESCO systems (server/metering/import/http-import.ts).
import { withApiToken } from "@/server/http/route-edge";
import { importFromRequest } from "@/server/metering/import/http-import";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = withApiToken("readings:import", async ({ db, params, principal, req }) => {
  const { status, summary } = await importFromRequest(db, principal, String(params.slug), req);
  return new Response(JSON.stringify(summary, null, 2), { status, headers: { "Content-Type": "application/json; charset=utf-8" } });
});
