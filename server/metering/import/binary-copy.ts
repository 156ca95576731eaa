// Readings as `COPY reading (…) FROM STDIN (FORMAT binary)`: PostgreSQL reads fixed-width uuid,
// timestamptz, int and bigint fields instead of parsing their text (the text format's uuid and
// timestamp parsing is most of the server's cost per row), and this side writes bytes into one
// reused buffer instead of building a string per row. Back-pressure as in copy-writer.ts.
import type { PoolClient } from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { finished } from "node:stream/promises";
import type { Reading } from "../types";
import { drained as streamDrained } from "./drained";

/** The column list the rows are encoded for, in this order. */
export const READING_COPY_COLUMNS = "(metering_point_id, interval_start, interval_seconds, energy_mwh, quality, batch_id)";

const SIGNATURE = Buffer.from("PGCOPY\n\xff\r\n\0", "latin1");
const QUALITY = { measured: "MEASURED", substituted: "SUBSTITUTED", estimated: "ESTIMATED" } as const;
const QUALITY_BYTES = Object.fromEntries(Object.entries(QUALITY).map(([k, v]) => [k, Buffer.from(v, "ascii")])) as Record<Reading["quality"], Buffer>;
/** 2000-01-01T00:00:00Z, PostgreSQL's timestamp epoch, in Unix ms. */
const PG_EPOCH_MS = 946_684_800_000;
const TWO_32 = 4_294_967_296;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** "xxxxxxxx-xxxx-…" → its 16 bytes; throws on anything else (ids come from the database). */
export function uuidBytes(id: string): Buffer {
  if (!UUID.test(id)) throw new Error(`not a uuid: ${id}`);
  return Buffer.from(id.replace(/-/g, ""), "hex");
}

/** Row size upper bound: field count + 6 length words + 16 + 8 + 4 + 8 + quality (≤ 11) + 16. */
const MAX_ROW = 2 + 6 * 4 + 16 + 8 + 4 + 8 + 11 + 16;

/**
 * Encodes rows into `buf` from `at`; returns the new end. Pure (no I/O), so a test can compare it with
 * the text format row for row.
 */
export function encodeReading(buf: Buffer, at: number, r: Reading, point: Buffer, batch: Buffer): number {
  if (r.energyMWh < INT64_MIN || r.energyMWh > INT64_MAX) throw new RangeError("energy does not fit a bigint column");
  let o = buf.writeInt16BE(6, at);
  o = buf.writeInt32BE(16, o);
  o += point.copy(buf, o);
  // timestamptz: microseconds since 2000-01-01 as int64, written as two 32-bit halves (exact below 2^53).
  const micros = (r.start - PG_EPOCH_MS) * 1000;
  const high = Math.floor(micros / TWO_32);
  o = buf.writeInt32BE(8, o);
  o = buf.writeInt32BE(high, o);
  o = buf.writeUInt32BE(micros - high * TWO_32, o);
  o = buf.writeInt32BE(4, o);
  o = buf.writeInt32BE(r.intervalSeconds, o);
  o = buf.writeInt32BE(8, o);
  o = buf.writeBigInt64BE(r.energyMWh, o);
  const q = QUALITY_BYTES[r.quality];
  o = buf.writeInt32BE(q.length, o);
  o += q.copy(buf, o);
  o = buf.writeInt32BE(16, o);
  o += batch.copy(buf, o);
  return o;
}

export interface ReadingCopy {
  write(r: Reading, pointId: string): void | Promise<void>;
  end(): Promise<void>;
}

const FLUSH_AT = 256 * 1024;

/** Streams readings into `COPY <table> (READING_COPY_COLUMNS) FROM STDIN (FORMAT binary)`. */
export function readingCopy(client: PoolClient, table: "reading" | "import_stage", batchId: string): ReadingCopy {
  const stream = client.query(copyFrom(`COPY ${table} ${READING_COPY_COLUMNS} FROM STDIN (FORMAT binary)`));
  let failure: Error | null = null;
  stream.on("error", (err: Error) => (failure = err));
  const batch = uuidBytes(batchId);
  const points = new Map<string, Buffer>();
  let buf = Buffer.allocUnsafe(FLUSH_AT + MAX_ROW);
  let used = 0;
  used += SIGNATURE.copy(buf, 0);
  used = buf.writeInt32BE(0, used); // flags
  used = buf.writeInt32BE(0, used); // header extension length

  const drained = () => streamDrained(stream, () => failure !== null);
  const flush = async () => {
    if (failure) throw failure;
    // The stream keeps the written chunk: hand it over and continue in a fresh buffer.
    const chunk = buf.subarray(0, used);
    buf = Buffer.allocUnsafe(FLUSH_AT + MAX_ROW);
    used = 0;
    if (!stream.write(chunk)) await drained();
    if (failure) throw failure;
  };
  return {
    write(r, pointId) {
      let point = points.get(pointId);
      if (!point) points.set(pointId, (point = uuidBytes(pointId)));
      used = encodeReading(buf, used, r, point, batch);
      if (used >= FLUSH_AT) return flush();
    },
    async end() {
      used = buf.writeInt16BE(-1, used); // trailer
      await flush();
      stream.end();
      await finished(stream);
      if (failure) throw failure;
    },
  };
}

/**
 * The same row in COPY's text format: the reference the binary rows are tested against (and what
 * the importer sent before). Interval starts repeat across points, so their text is cached.
 */
export function readingCopyLine(batchId: string): (r: Reading, pointId: string) => string {
  const iso = new Map<number, string>();
  const tail = `\t${batchId}\n`;
  return (r, pointId) => {
    let start = iso.get(r.start);
    if (start === undefined) {
      if (iso.size >= 100_000) iso.clear();
      start = new Date(r.start).toISOString();
      iso.set(r.start, start);
    }
    return `${pointId}\t${start}\t${r.intervalSeconds}\t${r.energyMWh}\t${QUALITY[r.quality]}${tail}`;
  };
}
