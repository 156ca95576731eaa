// Download of a final run's billing export (?format=csv|json|ubl, &member=REFERENCE for one
// member's invoice) for the municipality and the ESCOs serving the community. Every download is
// written to the audit log; the first UBL download issues the run's invoices.
import { z } from "zod";
import { resolveCommunityScope } from "@/server/access/scope";
import { getSessionUser } from "@/server/auth/auth";
import { exportRun } from "@/server/billing/exports";
import { db } from "@/server/db/client";
import { AppError } from "@/server/errors";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const json = (status: number, body: unknown) => Response.json(body, { status, headers: { "Cache-Control": "no-store" } });

export async function GET(req: Request, { params }: { params: Promise<{ communityId: string; runId: string }> }) {
  const { communityId, runId } = await params;
  if (!z.uuid().safeParse(communityId).success || !z.uuid().safeParse(runId).success) return json(404, { error: "Not found" });
  const format = new URL(req.url).searchParams.get("format") ?? "csv";
  const member = new URL(req.url).searchParams.get("member") ?? undefined;
  if (format !== "csv" && format !== "json" && format !== "ubl") return json(400, { error: "format must be csv, json or ubl" });
  if (member !== undefined && (format !== "ubl" || member.length > 100)) return json(400, { error: "member goes with format=ubl" });
  const user = await getSessionUser(req.headers);
  if (!user) return json(401, { error: "Please sign in." });
  try {
    const scope = await resolveCommunityScope(db(), user.id, communityId, "read");
    const file = await exportRun(db(), { userId: user.id }, scope, runId, format, { member });
    return new Response(typeof file.body === "string" ? file.body : new Uint8Array(file.body), {
      headers: {
        "Content-Type": file.contentType,
        "Content-Disposition": `attachment; filename="${file.fileName}"`,
        "Cache-Control": "no-store",
      },
    });
  } catch (err) {
    if (err instanceof AppError) return json({ NOT_FOUND: 404, FORBIDDEN: 403, BAD_REQUEST: 400, UNAUTHORIZED: 401, CONFLICT: 409 }[err.code], { error: err.message });
    throw err;
  }
}
