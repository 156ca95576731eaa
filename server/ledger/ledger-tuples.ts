// Ledger rows as PostgreSQL's binary COPY tuples: what `COPY (SELECT LEDGER_TUPLE_COLUMNS …) TO STDOUT
// (FORMAT binary)` sends, and what LEDGER_TUPLE_SQL builds as one bytea per row when the read must go
// through a Prisma transaction instead. One format for both reads, so the hash workers parse one thing.
// Pure: bytes in, batches and fields out.
//
// A tuple: int16 field count (9), then per field an int32 length (-1 = NULL) and that many bytes, for
//   seq int8 | run_id uuid | kind text | account text | amount_cents int8 | energy_mwh int8 |
//   reverses_seq int8 or NULL | prev_hash bytea | hash bytea
// Lengths are read, never assumed: a tampered row may hold a hash of another length, and verification
// must report it, not misread the rows after it.

export const LEDGER_TUPLE_COLUMNS = "seq, run_id, kind, account, amount_cents, energy_mwh, reverses_seq, prev_hash, hash";
export const LEDGER_TUPLE_FIELDS = 9;

/** One row as the bytes binary COPY sends for it (text in the database's encoding, UTF-8). */
export const LEDGER_TUPLE_SQL = `'\\x0009'::bytea || '\\x00000008'::bytea || int8send(seq) || '\\x00000010'::bytea || uuid_send(run_id)
  || int4send(octet_length(kind)) || convert_to(kind, 'UTF8') || int4send(octet_length(account)) || convert_to(account, 'UTF8')
  || '\\x00000008'::bytea || int8send(amount_cents) || '\\x00000008'::bytea || int8send(energy_mwh)
  || CASE WHEN reverses_seq IS NULL THEN '\\xffffffff'::bytea ELSE '\\x00000008'::bytea || int8send(reverses_seq) END
  || int4send(length(prev_hash)) || prev_hash || int4send(length(hash)) || hash`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The COPY statement for one community's ledger in seq order (COPY takes no parameters: the id is checked, then quoted). */
export function ledgerCopySql(communityId: string): string {
  if (!UUID.test(communityId)) throw new RangeError("community id must be a lowercase UUID");
  return `COPY (SELECT ${LEDGER_TUPLE_COLUMNS} FROM ledger_entry WHERE community_id = '${communityId}'::uuid ORDER BY seq) TO STDOUT (FORMAT binary)`;
}

const SIGNATURE = [0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00]; // "PGCOPY\n\377\r\n\0"

/** `count` whole tuples, back to back, in a buffer of their own (it can be moved to a worker). */
export interface TupleBatch {
  bytes: Uint8Array;
  count: number;
}

/**
 * Cuts a stream of COPY bytes (chunks split anywhere) into batches of `batchSize` whole tuples. It only
 * reads the length words; the fields are read by whoever hashes the batch. `header`: the stream starts
 * with the binary COPY header and ends with its trailer (a COPY), or is bare tuples (LEDGER_TUPLE_SQL).
 */
export class TupleBatcher {
  readonly #batchSize: number;
  #needHeader: boolean;
  readonly #needTrailer: boolean;
  #ended = false;
  #carry: Uint8Array = new Uint8Array(0);
  #parts: Uint8Array[] = [];
  #partBytes = 0;
  #count = 0;

  constructor(batchSize: number, options: { header: boolean }) {
    if (!Number.isSafeInteger(batchSize) || batchSize < 1) throw new RangeError("batchSize must be a positive integer");
    this.#batchSize = batchSize;
    this.#needHeader = options.header;
    this.#needTrailer = options.header;
  }

  /** The batches completed by `chunk`. */
  push(chunk: Uint8Array): TupleBatch[] {
    if (this.#ended) {
      if (chunk.length > 0) throw new RangeError("bytes after the end of the COPY data");
      return [];
    }
    let buf = chunk;
    if (this.#carry.length > 0) {
      buf = new Uint8Array(this.#carry.length + chunk.length);
      buf.set(this.#carry, 0);
      buf.set(chunk, this.#carry.length);
    }
    const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    const out: TupleBatch[] = [];
    let at = 0;
    if (this.#needHeader) {
      if (buf.length < 19) return this.#keep(buf, 0, out);
      for (let i = 0; i < SIGNATURE.length; i++) if (buf[i] !== SIGNATURE[i]) throw new RangeError("not binary COPY data (bad signature)");
      const extension = view.getUint32(15);
      if (buf.length < 19 + extension) return this.#keep(buf, 0, out);
      at = 19 + extension;
      this.#needHeader = false;
    }
    let batchStart = at;
    for (;;) {
      if (at + 2 > buf.length) break;
      const fields = view.getInt16(at);
      if (fields === -1) {
        if (!this.#needTrailer) throw new RangeError("a COPY trailer in bare tuples");
        this.#ended = true;
        if (at + 2 !== buf.length) throw new RangeError("bytes after the end of the COPY data");
        break;
      }
      if (fields !== LEDGER_TUPLE_FIELDS) throw new RangeError(`a ledger tuple has ${LEDGER_TUPLE_FIELDS} fields, not ${fields}`);
      let end = at + 2;
      let whole = true;
      for (let f = 0; f < fields; f++) {
        if (end + 4 > buf.length) {
          whole = false;
          break;
        }
        const n = view.getInt32(end);
        if (n < -1) throw new RangeError(`field length ${n} in a COPY tuple`);
        end += 4 + Math.max(0, n);
        if (end > buf.length) {
          whole = false;
          break;
        }
      }
      if (!whole) break;
      at = end;
      if (++this.#count === this.#batchSize) {
        this.#parts.push(buf.subarray(batchStart, at));
        this.#partBytes += at - batchStart;
        out.push(this.#take());
        batchStart = at;
      }
    }
    if (at > batchStart) {
      this.#parts.push(buf.subarray(batchStart, at));
      this.#partBytes += at - batchStart;
    }
    return this.#keep(buf, this.#ended ? buf.length : at, out);
  }

  /** The last, shorter batch (if any); throws when the data stops inside a tuple or before the trailer. */
  end(): TupleBatch[] {
    if (this.#carry.length > 0 || this.#needHeader || (this.#needTrailer && !this.#ended)) throw new RangeError("the COPY data ends in the middle of a tuple");
    this.#ended = true;
    return this.#count > 0 ? [this.#take()] : [];
  }

  #keep(buf: Uint8Array, from: number, out: TupleBatch[]): TupleBatch[] {
    this.#carry = buf.slice(from);
    return out;
  }

  #take(): TupleBatch {
    const bytes = new Uint8Array(this.#partBytes);
    let at = 0;
    for (const p of this.#parts) {
      bytes.set(p, at);
      at += p.length;
    }
    const batch = { bytes, count: this.#count };
    this.#parts = [];
    this.#partBytes = 0;
    this.#count = 0;
    return batch;
  }
}

/** Where each field of one tuple is (offsets into the batch); reused from tuple to tuple. */
export interface TupleFields {
  seq: number;
  run: number;
  kind: number;
  kindLength: number;
  account: number;
  accountLength: number;
  amount: number;
  energy: number;
  /** -1 when reverses_seq is NULL. */
  reverses: number;
  prev: number;
  prevLength: number;
  hash: number;
  hashLength: number;
}

export function emptyTupleFields(): TupleFields {
  return { seq: 0, run: 0, kind: 0, kindLength: 0, account: 0, accountLength: 0, amount: 0, energy: 0, reverses: -1, prev: 0, prevLength: 0, hash: 0, hashLength: 0 };
}

let fieldLength = 0;

/** The start of the field whose length word is at `at` (its length in fieldLength; -1 for NULL). */
function fieldAt(view: DataView, at: number, fixed: number, nullable: boolean): number {
  if (at + 4 > view.byteLength) throw new RangeError("a ledger tuple is cut short");
  const n = view.getInt32(at);
  fieldLength = n;
  if (n === -1 && nullable) return -1;
  if (n < 0 || at + 4 + n > view.byteLength || (fixed >= 0 && n !== fixed)) throw new RangeError(`bad field length ${n} in a ledger tuple`);
  return at + 4;
}

/** Reads the tuple at `at` into `f`; returns where the next one starts. Throws on a malformed tuple. */
export function readTuple(view: DataView, at: number, f: TupleFields): number {
  if (at + 2 > view.byteLength || view.getInt16(at) !== LEDGER_TUPLE_FIELDS) throw new RangeError(`no ledger tuple at byte ${at}`);
  f.seq = fieldAt(view, at + 2, 8, false);
  f.run = fieldAt(view, f.seq + 8, 16, false);
  f.kind = fieldAt(view, f.run + 16, -1, false);
  f.kindLength = fieldLength;
  f.account = fieldAt(view, f.kind + f.kindLength, -1, false);
  f.accountLength = fieldLength;
  f.amount = fieldAt(view, f.account + f.accountLength, 8, false);
  f.energy = fieldAt(view, f.amount + 8, 8, false);
  const reverses = fieldAt(view, f.energy + 8, 8, true);
  f.reverses = reverses;
  f.prev = fieldAt(view, reverses === -1 ? f.energy + 12 : reverses + 8, -1, false);
  f.prevLength = fieldLength;
  f.hash = fieldAt(view, f.prev + f.prevLength, -1, false);
  f.hashLength = fieldLength;
  return f.hash + f.hashLength;
}
