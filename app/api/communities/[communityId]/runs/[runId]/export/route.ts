// Download of a final run's billing export (?format=csv|json) for the municipality and the ESCOs
// serving the community. Read-only; every download is written to the audit log.
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
  if (format !== "csv" && format !== "json") return json(400, { error: "format must be csv or json" });
  const user = await getSessionUser(req.headers);
  if (!user) return json(401, { error: "Please sign in." });
  try {
    const scope = await resolveCommunityScope(db(), user.id, communityId, "read");
    const file = await exportRun(db(), { userId: user.id }, scope, runId, format);
    return new Response(file.body, {
      headers: {
        "Content-Type": file.contentType,
        "Content-Disposition": `attachment; filename="${file.fileName}"`,
        "Cache-Control": "no-store",
      },
    });
  } catch (err) {
    if (err instanceof AppError && (err.code === "NOT_FOUND" || err.code === "FORBIDDEN")) return json(err.code === "NOT_FOUND" ? 404 : 403, { error: err.message });
    throw err;
  }
}
