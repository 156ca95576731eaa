// GET /api/v1/communities/{slug}/runs/{runId}/export?format=csv|json|ubl[&member=REFERENCE] — a
// run's billing export for machine clients (API token with the exports:read scope); audited like a
// download in the console. ubl: a ZIP of the run's invoices, or one member's invoice XML.
import { z } from "zod";
import { apiCommunityAccess, authenticateApiToken } from "@/server/api-tokens/api-tokens";
import { exportRun } from "@/server/billing/exports";
import { db } from "@/server/db/client";
import { AppError, type AppErrorCode } from "@/server/errors";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const STATUS: Record<AppErrorCode, number> = { BAD_REQUEST: 400, UNAUTHORIZED: 401, FORBIDDEN: 403, NOT_FOUND: 404, CONFLICT: 409 };

export async function GET(req: Request, { params }: { params: Promise<{ slug: string; runId: string }> }) {
  const { slug, runId } = await params;
  const format = new URL(req.url).searchParams.get("format") ?? "csv";
  const member = new URL(req.url).searchParams.get("member") ?? undefined;
  try {
    if (format !== "csv" && format !== "json" && format !== "ubl") throw new AppError("BAD_REQUEST", "format must be csv, json or ubl");
    if (member !== undefined && (format !== "ubl" || member.length > 100)) throw new AppError("BAD_REQUEST", "member goes with format=ubl");
    const principal = await authenticateApiToken(db(), req.headers.get("authorization"), "exports:read");
    const communityId = await apiCommunityAccess(db(), principal.orgId, slug);
    if (!z.uuid().safeParse(runId).success) throw new AppError("NOT_FOUND", "Settlement run not found");
    const scope = { communityId, municipalityId: "", via: "esco" as const, orgId: principal.orgId, role: "OPERATOR" as const };
    const file = await exportRun(db(), { userId: `api-token:${principal.tokenId}` }, scope, runId, format, { member });
    return new Response(typeof file.body === "string" ? file.body : new Uint8Array(file.body), { headers: { "Content-Type": file.contentType, "Content-Disposition": `attachment; filename="${file.fileName}"`, "Cache-Control": "no-store" } });
  } catch (err) {
    if (err instanceof AppError) return Response.json({ error: err.message }, { status: STATUS[err.code] });
    throw err;
  }
}
