// Streams an uploaded body to a file whose path the server chooses (never the user), with a size cap.
import { randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { AppError } from "@/server/errors";

export const MAX_UPLOAD_BYTES = 1024 ** 3; // 1 GiB

export async function saveToTempFile(body: ReadableStream<Uint8Array> | null, maxBytes = MAX_UPLOAD_BYTES): Promise<{ path: string; sizeBytes: number }> {
  if (!body) throw new AppError("BAD_REQUEST", "The request has no file in its body.");
  const dir = join(tmpdir(), "dajie-uploads");
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, randomUUID());
  let sizeBytes = 0;
  const cap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      sizeBytes += chunk.length;
      if (sizeBytes > maxBytes) done(new AppError("BAD_REQUEST", `The file is larger than ${Math.round(maxBytes / 1024 ** 2)} MB.`));
      else done(null, chunk);
    },
  });
  try {
    await pipeline(Readable.fromWeb(body as WebReadableStream<Uint8Array>), cap, createWriteStream(path, { mode: 0o600 }));
  } catch (err) {
    await rm(path, { force: true });
    throw err;
  }
  return { path, sizeBytes };
}
