// POST /api/join/confirm {token}: the applicant confirms their e-mail address with the link's token
// (single use, expiring); the request then reaches the community's administrators. Public: the token
// is the permission. Unknown or used → 404, expired → 409.
import { z } from "zod";
import { errorResponse, withPublic } from "@/server/http/route-edge";
import { joinConfirmLimit, readJson, takeJoinLimit } from "@/server/join/join-http";
import { confirmJoinRequest } from "@/server/join/join-requests";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const body = z.object({ token: z.string().min(20).max(100) });

export const POST = withPublic(async ({ req, db, requestId }) => {
  const headers: Record<string, string> = { "Cache-Control": "no-store" };
  try {
    takeJoinLimit(joinConfirmLimit, req, headers);
    const { token } = await readJson(req, body);
    return Response.json(await confirmJoinRequest(db, token), { headers });
  } catch (err) {
    return errorResponse(err, requestId, headers);
  }
});
