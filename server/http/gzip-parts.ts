// gzip of a kept page whose nonce changes on every answer, without compressing the page every time:
// each part between the nonce's occurrences is deflated once, ending with a full flush (byte-aligned,
// no back-reference across it), so an answer is those blocks with the fresh nonce's own blocks between
// them, a final empty block, and the gzip header and trailer (CRC-32 and length of the whole answer,
// RFC 1952). One ordinary deflate stream: any gunzip reads it. Per answer this costs a CRC-32 of the
// page's bytes instead of a compression (zlib.crc32: Node ≥ 20.15 / 22.2; without it, gzipSync).
import { constants, crc32, deflateRawSync, gzipSync } from "node:zlib";

const HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
const LAST_BLOCK = deflateRawSync(Buffer.alloc(0));

export interface GzipParts {
  /** Each part deflated, full-flushed. */
  deflated: Buffer[];
}

export function deflateParts(parts: Buffer[]): GzipParts {
  return { deflated: parts.map((p) => deflateRawSync(p, { level: 6, finishFlush: constants.Z_FULL_FLUSH })) };
}

/** The gzip of `parts` joined by `nonce` (the same bytes as gzipping bodyWithNonce, once unzipped). */
export function gzipWithNonce(parts: Buffer[], gz: GzipParts, nonce: string): Buffer {
  if (typeof crc32 !== "function") return gzipSync(Buffer.concat(parts.flatMap((p, i) => (i > 0 ? [Buffer.from(nonce), p] : [p]))), { level: 1 });
  const n = Buffer.from(nonce, "utf8");
  const nd = deflateRawSync(n, { level: 0, finishFlush: constants.Z_FULL_FLUSH });
  let crc = 0;
  let size = 0;
  const out: Buffer[] = [HEADER];
  parts.forEach((p, i) => {
    if (i > 0) {
      out.push(nd);
      crc = crc32(n, crc);
      size += n.length;
    }
    out.push(gz.deflated[i]!);
    crc = crc32(p, crc);
    size += p.length;
  });
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE(size >>> 0, 4);
  out.push(LAST_BLOCK, trailer);
  return Buffer.concat(out);
}
