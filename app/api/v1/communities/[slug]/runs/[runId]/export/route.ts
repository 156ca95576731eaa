// GET /api/v1/communities/{slug}/runs/{runId}/export?format=… — a run's downloads for machine clients:
// csv|json|ubl[&member=REFERENCE]|statements|statement&memberId=… (API token with exports:read), pain008|pain001|sepa-report (with
// payments:read). Audited like a download in the console, under the organization that owns the token.
import { z } from "zod";
import { apiCommunityScope } from "@/server/api-tokens/api-tokens";
import { apiScopeFor, downloadHeaders, parseRunDownload, runDownload } from "@/server/billing/run-downloads";
import { notFound } from "@/server/errors";
import { fileResponse, withApiToken } from "@/server/http/route-edge";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withApiToken(
  (url) => apiScopeFor(parseRunDownload(url.searchParams).format),
  async ({ db, url, params, principal }) => {
    const request = parseRunDownload(url.searchParams);
    const scope = await apiCommunityScope(db, principal.orgId, String(params.slug));
    const runId = z.uuid().safeParse(params.runId);
    if (!runId.success) throw notFound("Settlement run");
    const file = await runDownload(db, { userId: `api-token:${principal.tokenId}` }, scope, runId.data, request);
    return fileResponse(file, downloadHeaders(file));
  },
);
