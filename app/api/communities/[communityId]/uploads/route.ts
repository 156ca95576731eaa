// Upload of a metering file from the browser: the raw request body is the file (header X-File-Name
// carries its name). Streamed to a path the server chooses, at most 1 GiB; the importer then works
// from the upload id (tRPC readingImport.preview / import).
import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { z } from "zod";
import { resolveCommunityScope } from "@/server/access/scope";
import { getSessionUser } from "@/server/auth/auth";
import { db } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { MAX_UPLOAD_BYTES, saveUpload, UploadTooLargeError } from "@/server/metering/import/uploads";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const json = (status: number, body: unknown) => Response.json(body, { status, headers: { "Cache-Control": "no-store" } });
const tooLarge = () => json(413, { error: `The file is larger than ${MAX_UPLOAD_BYTES / 1024 ** 3} GiB.` });

export async function POST(req: Request, { params }: { params: Promise<{ communityId: string }> }) {
  const { communityId } = await params;
  if (!z.uuid().safeParse(communityId).success) return json(404, { error: "Community not found" });
  const user = await getSessionUser(req.headers);
  if (!user) return json(401, { error: "Please sign in." });
  // The custom header is required: a cross-site form cannot send it (and a cross-site fetch needs CORS).
  const fileName = req.headers.get("x-file-name");
  if (!fileName) return json(400, { error: "The X-File-Name header is missing." });
  try {
    await resolveCommunityScope(db(), user.id, communityId, "import");
  } catch (err) {
    if (err instanceof AppError && (err.code === "NOT_FOUND" || err.code === "FORBIDDEN")) return json(err.code === "NOT_FOUND" ? 404 : 403, { error: err.message });
    throw err;
  }
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > MAX_UPLOAD_BYTES) return tooLarge();
  if (!req.body) return json(400, { error: "The file is empty." });
  try {
    const upload = await saveUpload(Readable.fromWeb(req.body as unknown as NodeReadableStream<Uint8Array>), { fileName, communityId, userId: user.id });
    return json(201, { uploadId: upload.uploadId, fileName: upload.fileName, sizeBytes: upload.sizeBytes });
  } catch (err) {
    if (err instanceof UploadTooLargeError) return tooLarge();
    throw err;
  }
}
