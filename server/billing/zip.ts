// Deterministic ZIP archives of a run's files (invoices, statements), written with fflate: entries
// are stored (the XML is small, the PDFs are compressed already), keep the caller's order and carry a
// fixed time stamp, so the same files always give the same bytes.
import { crc32 } from "node:zlib";
import { strToU8, unzipSync, zipSync } from "fflate";

export interface ZipEntry {
  name: string;
  data: string | Uint8Array;
}

/**
 * A ZIP entry's DOS time stamp for an instant, read in UTC. fflate reads a Date's local fields, so
 * the Date is rebuilt from the UTC ones: the same bytes whatever the server's time zone.
 */
export function zipTime(at: Date): Date {
  return new Date(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate(), at.getUTCHours(), at.getUTCMinutes(), at.getUTCSeconds());
}

const EPOCH = new Date(1980, 0, 1); // the earliest DOS time, when no better instant is given

export function zip(entries: readonly ZipEntry[], at?: Date): Buffer {
  const mtime = at ? zipTime(at) : EPOCH;
  const files: Record<string, [Uint8Array, { mtime: Date; level: 0 }]> = {};
  for (const e of entries) {
    if (files[e.name]) throw new Error(`duplicate entry ${e.name}`);
    files[e.name] = [typeof e.data === "string" ? strToU8(e.data) : e.data, { mtime, level: 0 }];
  }
  return Buffer.from(zipSync(files));
}

/** Reads a ZIP back (for tests and checks), checking each entry against its local header's CRC-32. */
export function unzip(buf: Uint8Array): ZipEntry[] {
  const entries = Object.entries(unzipSync(buf)).map(([name, data]) => ({ name, data }));
  const view = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  let p = 0;
  for (const e of entries) {
    if (view.readUInt32LE(p) !== 0x04034b50) throw new Error(`no local header for ${e.name}`);
    if (crc32(e.data) !== view.readUInt32LE(p + 14)) throw new Error(`CRC mismatch in ${e.name}`);
    p += 30 + view.readUInt16LE(p + 26) + view.readUInt16LE(p + 28) + view.readUInt32LE(p + 18);
  }
  return entries;
}
