// Downloads of a final run for the municipality and the ESCOs serving the community:
// ?format=csv|json (billing export), ubl (ZIP of the run's issued invoices; &member=REFERENCE for one), pain008|pain001|sepa-report (SEPA payment files: the "payments"
// access), statements (ZIP of every member's PDF statement) or statement&memberId=… (one PDF).
// Read-only; every download is written to the audit log.
import { z } from "zod";
import { resolveCommunityScope } from "@/server/access/scope";
import { getSessionUser } from "@/server/auth/auth";
import { accessFor, downloadHeaders, parseRunDownload, runDownload } from "@/server/billing/run-downloads";
import { db } from "@/server/db/client";
import { AppError, type AppErrorCode } from "@/server/errors";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const STATUS: Record<AppErrorCode, number> = { BAD_REQUEST: 400, UNAUTHORIZED: 401, FORBIDDEN: 403, NOT_FOUND: 404, CONFLICT: 409 };
const json = (status: number, body: unknown) => Response.json(body, { status, headers: { "Cache-Control": "no-store" } });

export async function GET(req: Request, { params }: { params: Promise<{ communityId: string; runId: string }> }) {
  const { communityId, runId } = await params;
  if (!z.uuid().safeParse(communityId).success || !z.uuid().safeParse(runId).success) return json(404, { error: "Not found" });
  try {
    const request = parseRunDownload(new URL(req.url).searchParams);
    const user = await getSessionUser(req.headers);
    if (!user) return json(401, { error: "Please sign in." });
    const scope = await resolveCommunityScope(db(), user.id, communityId, accessFor(request.format));
    const file = await runDownload(db(), { userId: user.id }, scope, runId, request);
    return new Response(typeof file.body === "string" ? file.body : new Uint8Array(file.body), { headers: downloadHeaders(file) });
  } catch (err) {
    if (err instanceof AppError) return json(STATUS[err.code], { error: err.message });
    throw err;
  }
}
