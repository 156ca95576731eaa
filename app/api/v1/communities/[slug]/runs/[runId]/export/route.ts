// GET /api/v1/communities/{slug}/runs/{runId}/export?format=… — a run's downloads for machine clients:
// csv|json|ubl[&member=REFERENCE]|statements|statement&memberId=… (API token with exports:read), pain008|pain001|sepa-report (with
// payments:read). Audited like a download in the console.
import { z } from "zod";
import { apiCommunityAccess, authenticateApiToken } from "@/server/api-tokens/api-tokens";
import { apiScopeFor, downloadHeaders, parseRunDownload, runDownload } from "@/server/billing/run-downloads";
import { db } from "@/server/db/client";
import { AppError, type AppErrorCode } from "@/server/errors";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const STATUS: Record<AppErrorCode, number> = { BAD_REQUEST: 400, UNAUTHORIZED: 401, FORBIDDEN: 403, NOT_FOUND: 404, CONFLICT: 409 };

export async function GET(req: Request, { params }: { params: Promise<{ slug: string; runId: string }> }) {
  const { slug, runId } = await params;
  try {
    const request = parseRunDownload(new URL(req.url).searchParams);
    const principal = await authenticateApiToken(db(), req.headers.get("authorization"), apiScopeFor(request.format));
    const communityId = await apiCommunityAccess(db(), principal.orgId, slug);
    if (!z.uuid().safeParse(runId).success) throw new AppError("NOT_FOUND", "Settlement run not found");
    const scope = { communityId, municipalityId: "", via: "esco" as const, orgId: principal.orgId, role: "OPERATOR" as const };
    const file = await runDownload(db(), { userId: `api-token:${principal.tokenId}` }, scope, runId, request);
    return new Response(typeof file.body === "string" ? file.body : new Uint8Array(file.body), { headers: downloadHeaders(file) });
  } catch (err) {
    if (err instanceof AppError) return Response.json({ error: err.message }, { status: STATUS[err.code] });
    throw err;
  }
}
