// Files uploaded through the browser, waiting to be previewed and imported. The bytes go to a path
// the server chooses (`<tmpdir>/dajie-uploads/<uuid>`, never a name from the user); a JSON sidecar
// next to it records who uploaded it for which community, so any Next.js worker can find it again.
// Uploads older than a day are removed whenever a new one is made.
import { randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { z } from "zod";
import { AppError, notFound } from "@/server/errors";

export const MAX_UPLOAD_BYTES = 1024 ** 3; // 1 GiB
const MAX_AGE_MS = 24 * 60 * 60 * 1000;

export interface Upload {
  uploadId: string;
  path: string;
  fileName: string;
  communityId: string;
  userId: string;
  createdAt: string;
  sizeBytes: number;
}

const uploadId = z.uuid();

export function uploadsDir(): string {
  return join(tmpdir(), "dajie-uploads");
}

const pathOf = (id: string) => join(uploadsDir(), id);
const sidecarOf = (id: string) => join(uploadsDir(), `${id}.json`);

/** A file name for display and derived ids only: no path, no control characters, bounded. */
export function cleanFileName(name: string | null | undefined): string {
  let decoded = name ?? "";
  try {
    decoded = decodeURIComponent(decoded);
  } catch {
    // keep as sent
  }
  const base = decoded.split(/[\\/]/).pop() ?? "";
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, "").trim().slice(0, 255);
  return clean || "upload";
}

export class UploadTooLargeError extends Error {
  constructor() {
    super(`The file is larger than ${MAX_UPLOAD_BYTES / 1024 ** 3} GiB.`);
    this.name = "UploadTooLargeError";
  }
}

/** Streams `body` to a new upload; over the size limit the partial file is removed and UploadTooLargeError thrown. */
export async function saveUpload(
  body: Readable | Iterable<Uint8Array> | AsyncIterable<Uint8Array>,
  meta: { fileName: string; communityId: string; userId: string },
  opts: { maxBytes?: number; now?: Date } = {},
): Promise<Upload> {
  const maxBytes = opts.maxBytes ?? MAX_UPLOAD_BYTES;
  const now = opts.now ?? new Date();
  await mkdir(uploadsDir(), { recursive: true, mode: 0o700 });
  await removeExpired(now).catch(() => {});
  const id = randomUUID();
  const path = pathOf(id);
  let size = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > maxBytes) done(new UploadTooLargeError());
      else done(null, chunk);
    },
  });
  try {
    await pipeline(body instanceof Readable ? body : Readable.from(body), limit, createWriteStream(path, { flags: "wx", mode: 0o600 }));
  } catch (err) {
    await rm(path, { force: true });
    throw err;
  }
  const upload: Upload = { uploadId: id, path, fileName: cleanFileName(meta.fileName), communityId: meta.communityId, userId: meta.userId, createdAt: now.toISOString(), sizeBytes: size };
  await writeFile(sidecarOf(id), JSON.stringify(upload), { mode: 0o600 });
  return upload;
}

/** The upload, if it exists and belongs to this community and user; NOT_FOUND otherwise (existence is not revealed). */
export async function getUpload(id: string, owner: { communityId: string; userId: string }): Promise<Upload> {
  if (!uploadId.safeParse(id).success) throw new AppError("BAD_REQUEST", "Not a valid upload id.");
  let upload: Upload;
  try {
    upload = JSON.parse(await readFile(sidecarOf(id), "utf8")) as Upload;
  } catch {
    throw notFound("Upload");
  }
  if (upload.uploadId !== id || upload.communityId !== owner.communityId || upload.userId !== owner.userId) throw notFound("Upload");
  if (Date.now() - new Date(upload.createdAt).getTime() > MAX_AGE_MS) {
    await deleteUpload(id);
    throw new AppError("NOT_FOUND", "The upload has expired. Upload the file again.");
  }
  // Always the server's own path, whatever the sidecar says.
  return { ...upload, path: pathOf(id) };
}

export async function deleteUpload(id: string): Promise<void> {
  if (!uploadId.safeParse(id).success) return;
  await Promise.all([rm(pathOf(id), { force: true }), rm(sidecarOf(id), { force: true })]);
}

/** Removes uploads (and stray partial files) older than a day. */
export async function removeExpired(now = new Date()): Promise<void> {
  const entries = await readdir(uploadsDir()).catch(() => [] as string[]);
  for (const name of entries) {
    const id = name.endsWith(".json") ? name.slice(0, -5) : name;
    if (!uploadId.safeParse(id).success) continue;
    const info = await stat(join(uploadsDir(), name)).catch(() => null);
    if (info && now.getTime() - info.mtimeMs > MAX_AGE_MS) await deleteUpload(id);
  }
}
