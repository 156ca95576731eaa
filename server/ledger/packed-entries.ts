// A batch of ledger rows packed by PostgreSQL into ONE bytea (see PACKED_ROW_SQL), and its decoder.
// Reading 16,384 rows as one value instead of 16,384 rows of columns is what makes verification from
// the database keep up with hashing: the driver's per-row, per-column work was most of the time.
// Pure: bytes in, fields out.

/**
 * The SQL expression packing one ledger_entry row, field by field:
 *   seq int8 | run_id uuid (16 bytes) | amount_cents int8 | energy_mwh int8 | reverses flag (1 byte) |
 *   reverses_seq int8 (0 when null) | then four length-prefixed (int4) byte strings:
 *   prev_hash, hash, kind (UTF-8), account (UTF-8).
 * Lengths are sent rather than assumed: a tampered row may hold a hash of another length, and
 * verification must report it, not misread the rows after it.
 */
export const PACKED_ROW_SQL = `int8send(seq) || uuid_send(run_id) || int8send(amount_cents) || int8send(energy_mwh)
  || CASE WHEN reverses_seq IS NULL THEN '\\x00'::bytea ELSE '\\x01'::bytea END || int8send(coalesce(reverses_seq, 0))
  || int4send(length(prev_hash)) || prev_hash || int4send(length(hash)) || hash
  || int4send(octet_length(kind)) || convert_to(kind, 'UTF8') || int4send(octet_length(account)) || convert_to(account, 'UTF8')`;

export interface PackedRow {
  seq: bigint;
  runId: string;
  amountCents: bigint;
  energyMWh: bigint;
  reversesSeq: bigint | null;
  prevHash: Uint8Array;
  hash: Uint8Array;
  kind: string;
  account: string;
}

const utf8 = new TextDecoder("utf-8");

function uuidAt(b: Uint8Array, at: number): string {
  const h = Buffer.from(b.buffer, b.byteOffset + at, 16).toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** The rows packed one after another in `bytes`, in order. Throws on a truncated buffer. */
export function unpackRows(bytes: Uint8Array): PackedRow[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const rows: PackedRow[] = [];
  let at = 0;
  const need = (n: number) => {
    if (at + n > bytes.length) throw new RangeError(`packed ledger rows end after ${bytes.length} bytes, in the middle of a row`);
  };
  const slice = () => {
    need(4);
    const n = view.getInt32(at);
    at += 4;
    need(n);
    const out = bytes.subarray(at, at + n);
    at += n;
    return out;
  };
  while (at < bytes.length) {
    need(8 + 16 + 8 + 8 + 1 + 8);
    const seq = view.getBigInt64(at);
    const runId = uuidAt(bytes, at + 8);
    const amountCents = view.getBigInt64(at + 24);
    const energyMWh = view.getBigInt64(at + 32);
    const hasReverses = bytes[at + 40] === 1;
    const reverses = view.getBigInt64(at + 41);
    at += 49;
    const prevHash = slice();
    const hash = slice();
    const kind = utf8.decode(slice());
    const account = utf8.decode(slice());
    rows.push({ seq, runId, amountCents, energyMWh, reversesSeq: hasReverses ? reverses : null, prevHash, hash, kind, account });
  }
  return rows;
}
