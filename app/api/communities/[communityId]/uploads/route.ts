// Upload of a metering file from the browser: the raw request body is the file (header X-File-Name
// carries its name). Streamed to a path the server chooses, at most 1 GiB; the importer then works
// from the upload id (tRPC readingImport.preview / import).
import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { AppError } from "@/server/errors";
import { communityAccess, withSession } from "@/server/http/route-edge";
import { MAX_UPLOAD_BYTES, saveUpload, UploadTooLargeError } from "@/server/metering/import/uploads";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const tooLarge = () => new AppError("PAYLOAD_TOO_LARGE", `The file is larger than ${MAX_UPLOAD_BYTES / 1024 ** 3} GiB.`);

export const POST = withSession(communityAccess("import"), async ({ req, user, scope }) => {
  // The custom header is required: a cross-site form cannot send it (and a cross-site fetch needs CORS).
  const fileName = req.headers.get("x-file-name");
  if (!fileName) throw new AppError("BAD_REQUEST", "The X-File-Name header is missing.", [{ where: "X-File-Name", message: "Required" }]);
  if (Number(req.headers.get("content-length") ?? "0") > MAX_UPLOAD_BYTES) throw tooLarge();
  if (!req.body) throw new AppError("BAD_REQUEST", "The file is empty.");
  const upload = await saveUpload(Readable.fromWeb(req.body as NodeReadableStream<Uint8Array>), { fileName, communityId: scope.communityId, userId: user.id }).catch((err: unknown) => {
    throw err instanceof UploadTooLargeError ? tooLarge() : err;
  });
  return Response.json({ uploadId: upload.uploadId, fileName: upload.fileName, sizeBytes: upload.sizeBytes }, { status: 201 });
});
