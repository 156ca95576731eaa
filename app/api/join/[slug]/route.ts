// POST /api/join/<slug>: an application from the community's public join page (server/join/).
// Public; rate-limited per client address (429 with Retry-After); every accepted application, honeypot
// included, gets the same answer.
import { errorResponse, withPublic } from "@/server/http/route-edge";
import { joinSubmitLimit, readJson, takeJoinLimit } from "@/server/join/join-http";
import { submitJoinRequest } from "@/server/join/join-requests";
import { joinApplication } from "@/server/join/schemas";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = withPublic(async ({ req, db, params, requestId }) => {
  const headers: Record<string, string> = { "Cache-Control": "no-store" };
  try {
    takeJoinLimit(joinSubmitLimit, req, headers);
    const input = await readJson(req, joinApplication);
    return Response.json(await submitJoinRequest(db, String(params.slug ?? ""), input), { status: 202, headers });
  } catch (err) {
    return errorResponse(err, requestId, headers);
  }
});
