// The full problem list of an uploaded file as CSV (the preview shows one line per cause):
// GET …/uploads/UPLOAD/problems?options=JSON, the same options the preview was checked with.
// Read-only and the caller's own upload only (uploads.ts checks community and user).
import { AppError } from "@/server/errors";
import { communityAccess, fileResponse, withSession } from "@/server/http/route-edge";
import { importOptionsInput, problemListCsv } from "@/server/metering/import/console-import";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

function parseOptions(raw: string | null) {
  let json: unknown = {};
  try {
    json = raw ? JSON.parse(raw) : {};
  } catch {
    throw new AppError("BAD_REQUEST", "The options are not JSON.", [{ where: "options", message: "Not JSON" }]);
  }
  const parsed = importOptionsInput.safeParse(json);
  if (!parsed.success) throw new AppError("BAD_REQUEST", "The options are not valid.", parsed.error.issues.map((i) => ({ where: `options.${i.path.join(".")}`, message: i.message })));
  return parsed.data;
}

export const GET = withSession(communityAccess("import"), async ({ db, url, params, user, scope, requestId }) => {
  const file = await problemListCsv(db, scope, { userId: user.id, requestId }, { uploadId: String(params.uploadId ?? ""), options: parseOptions(url.searchParams.get("options")) });
  return fileResponse(file, { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="${file.fileName}"`, "Cache-Control": "no-store" });
});
