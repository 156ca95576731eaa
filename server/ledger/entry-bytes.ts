// The canonical bytes of an entry written straight from its binary COPY fields (ledger-tuples.ts), for
// verification on the hash workers: no strings, bigints or objects per entry. entry-line.ts stays the
// one definition of the format: this writer handles only what it is sure the reference accepts (a known
// kind, a well-formed account, seq ≥ 1, a 32-byte prev_hash, numbers below 2^50, a run whose ids and
// dates the reference took) and hands every other row to entryLine itself, so it gives the same bytes or
// the same error. A property test (entry-bytes.test.ts) holds the two together. Pure.
import { ENTRY_FORMAT, ENTRY_KINDS, entryLine, type EntryFields, type EntryKind } from "./entry-line";
import type { TupleFields } from "./ledger-tuples";

export interface RunPeriod {
  /** Lowercase UUID. */
  id: string;
  periodStart: string;
  periodEnd: string;
}

const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));
const utf8 = new TextEncoder();
const utf8Decoder = new TextDecoder("utf-8");
const HEX_DIGITS = ascii("0123456789abcdef");
const KIND_BYTES = ENTRY_KINDS.map(ascii);
const EUR = ascii("|EUR|");
const ZERO_HASH = new Uint8Array(32);
const TWO_32 = 4_294_967_296;
/** Longest fast-path line beyond the head and the run's part: seq, kind, account (PC: + 64), EUR, three numbers, hex. */
const ROW_TAIL_MAX = 20 + 1 + 23 + 1 + 67 + 5 + 20 + 1 + 20 + 1 + 20 + 1 + 64;

interface RunBytes {
  /** "|<run id>|<start>|<end>|" */
  middle: Uint8Array;
  /** The reference takes this run's ids and dates (probed once with an entry that is otherwise plain). */
  fast: boolean;
}

/** Writes entries of one community whose runs are `runs` (index = the run number a caller passes). */
export class EntryWriter {
  readonly #communityId: string;
  readonly #runs: readonly RunPeriod[];
  readonly #head: Uint8Array;
  readonly #bytes: (RunBytes | undefined)[];
  readonly #digits = new Uint8Array(20);

  constructor(communityId: string, runs: readonly RunPeriod[]) {
    this.#communityId = communityId;
    this.#runs = runs;
    this.#head = utf8.encode(`${ENTRY_FORMAT}|${communityId}|`);
    this.#bytes = new Array<RunBytes | undefined>(runs.length);
  }

  /** An upper bound on the bytes `write` needs for a fast-path row of run `run` (a slow row may need more; write says so). */
  rowBound(run: number): number {
    return 1 + this.#head.length + this.#run(run).middle.length + ROW_TAIL_MAX;
  }

  /**
   * Writes 0x00 ‖ the canonical bytes of the entry in `src` at `f`, of run `run`, into `out` at `at`.
   * Returns the end, or -(bytes needed) when `out` is too short from `at`. Throws what entryLine throws.
   */
  write(out: Uint8Array, at: number, src: Uint8Array, view: DataView, f: TupleFields, run: number): number {
    const r = this.#run(run);
    const kind = r.fast ? kindOf(src, f.kind, f.kindLength) : -1;
    if (kind < 0 || f.prevLength !== 32 || !accountOk(src, f.account, f.accountLength) || !positive(view, f.seq) || !small(view, f.amount) || !small(view, f.energy) || (f.reverses >= 0 && !small(view, f.reverses))) {
      return this.#slow(out, at, src, view, f, run);
    }
    if (at + 1 + this.#head.length + r.middle.length + ROW_TAIL_MAX > out.length) return -(1 + this.#head.length + r.middle.length + ROW_TAIL_MAX);
    out[at++] = 0x00;
    // Whole constant parts with set (a native copy); parts of the tuple byte by byte (a subarray would cost more).
    out.set(this.#head, at);
    at = this.#number(out, at + this.#head.length, view, f.seq);
    out.set(r.middle, at);
    at += r.middle.length;
    const k = KIND_BYTES[kind]!;
    out.set(k, at);
    at += k.length;
    out[at++] = 0x7c; // |
    at = put(out, at, src, f.account, f.accountLength);
    at = put(out, at, EUR, 0, EUR.length);
    at = this.#number(out, at, view, f.amount);
    out[at++] = 0x7c;
    at = this.#number(out, at, view, f.energy);
    out[at++] = 0x7c;
    if (f.reverses < 0) out[at++] = 0x2d; // -
    else at = this.#number(out, at, view, f.reverses);
    out[at++] = 0x7c;
    for (let i = 0; i < 32; i++) {
      const b = src[f.prev + i]!;
      out[at++] = HEX_DIGITS[b >> 4]!;
      out[at++] = HEX_DIGITS[b & 15]!;
    }
    return at;
  }

  /** The row as fields, for the reference and for messages. */
  fields(src: Uint8Array, view: DataView, f: TupleFields, run: number): EntryFields {
    const r = this.#runs[run]!;
    return {
      communityId: this.#communityId,
      seq: view.getBigInt64(f.seq),
      runId: r.id,
      periodStart: r.periodStart,
      periodEnd: r.periodEnd,
      kind: utf8Decoder.decode(src.subarray(f.kind, f.kind + f.kindLength)) as EntryKind,
      account: utf8Decoder.decode(src.subarray(f.account, f.account + f.accountLength)),
      amountCents: view.getBigInt64(f.amount),
      energyMWh: view.getBigInt64(f.energy),
      reversesSeq: f.reverses < 0 ? null : view.getBigInt64(f.reverses),
      prevHash: src.slice(f.prev, f.prev + f.prevLength),
    };
  }

  #slow(out: Uint8Array, at: number, src: Uint8Array, view: DataView, f: TupleFields, run: number): number {
    const bytes = utf8.encode(entryLine(this.fields(src, view, f, run)));
    if (at + 1 + bytes.length > out.length) return -(1 + bytes.length);
    out[at] = 0x00;
    out.set(bytes, at + 1);
    return at + 1 + bytes.length;
  }

  #run(run: number): RunBytes {
    const known = this.#bytes[run];
    if (known) return known;
    const r = this.#runs[run];
    if (!r) throw new RangeError(`no run number ${run}`);
    let fast = true;
    try {
      entryLine({ communityId: this.#communityId, seq: 1n, runId: r.id, periodStart: r.periodStart, periodEnd: r.periodEnd, kind: "REVERSAL", account: "CC", amountCents: 0n, energyMWh: 0n, reversesSeq: null, prevHash: ZERO_HASH });
    } catch {
      fast = false;
    }
    const bytes = { middle: utf8.encode(`|${r.id}|${r.periodStart}|${r.periodEnd}|`), fast };
    this.#bytes[run] = bytes;
    return bytes;
  }

  /** The int8 at `at` (known to be `small`) in decimal. */
  #number(out: Uint8Array, at: number, view: DataView, from: number): number {
    let v = view.getInt32(from) * TWO_32 + view.getUint32(from + 4);
    if (v < 0) {
      out[at++] = 0x2d;
      v = -v;
    }
    let n = 0;
    do {
      const q = Math.floor(v / 10);
      this.#digits[n++] = 0x30 + (v - q * 10);
      v = q;
    } while (v > 0);
    while (n > 0) out[at++] = this.#digits[--n]!;
    return at;
  }
}

/** Copies `length` bytes (short runs: a loop beats subarray + set). */
function put(out: Uint8Array, at: number, from: Uint8Array, start: number, length: number): number {
  for (let i = 0; i < length; i++) out[at + i] = from[start + i]!;
  return at + length;
}

/**
 * The int8 at `at` lies in [−2^50, 2^50): a double holds it and every step of #number exactly, with
 * room to spare (ledger amounts and energies are far smaller; anything larger takes entryLine).
 */
function small(view: DataView, at: number): boolean {
  const high = view.getInt32(at);
  return high >= -0x40000 && high < 0x40000;
}

function positive(view: DataView, at: number): boolean {
  const high = view.getInt32(at);
  return high >= 0 && high < 0x40000 && (high > 0 || view.getUint32(at + 4) > 0);
}

/** Index of the kind spelled by src[at, at + length) in ENTRY_KINDS, or -1. */
function kindOf(src: Uint8Array, at: number, length: number): number {
  outer: for (let k = 0; k < KIND_BYTES.length; k++) {
    const kind = KIND_BYTES[k]!;
    if (kind.length !== length) continue;
    for (let i = 0; i < length; i++) if (src[at + i] !== kind[i]) continue outer;
    return k;
  }
  return -1;
}

const isWordByte = (b: number) => (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b === 0x2d;
const FIXED_ACCOUNTS = ["CC", "FUND", "GSE", "GRID_FEE"].map(ascii);

/** The account matches entry-line's ACCOUNT: PC:<1–64 of A–Z a–z 0–9 -> or one of the fixed accounts. */
function accountOk(src: Uint8Array, at: number, length: number): boolean {
  if (length >= 4 && length <= 67 && src[at] === 0x50 && src[at + 1] === 0x43 && src[at + 2] === 0x3a) {
    for (let i = 3; i < length; i++) if (!isWordByte(src[at + i]!)) return false;
    return true;
  }
  fixed: for (const a of FIXED_ACCOUNTS) {
    if (a.length !== length) continue;
    for (let i = 0; i < length; i++) if (src[at + i] !== a[i]) continue fixed;
    return true;
  }
  return false;
}
