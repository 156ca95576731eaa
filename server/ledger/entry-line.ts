// The canonical text of a ledger entry (format in docs/ledger.md). Pure and isomorphic: the server
// hashes these bytes, and the resident's browser rebuilds them from the fields it shows to check
// that the entry it displays is the entry that was hashed. Change only with a new format tag.
import { toHex } from "./hex";

export const ENTRY_FORMAT = "dajie-ledger-entry/1";

export const ENTRY_KINDS = [
  "SHARED_ENERGY_DEBIT",
  "SHARED_ENERGY_COLLECTED",
  "SHARED_ENERGY_CREDIT",
  "SHARED_ENERGY_PAID",
  "INCENTIVE_RECEIVABLE",
  "INCENTIVE_RECEIVED",
  "INCENTIVE_CREDIT",
  "INCENTIVE_PAID",
  "INCENTIVE_FUND",
  "GRID_FEE_CHARGED",
  "GRID_FEE_PAID",
  "REVERSAL",
] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

export interface EntryFields {
  communityId: string;
  seq: bigint;
  runId: string;
  /** Local calendar dates YYYY-MM-DD, [periodStart, periodEnd). */
  periodStart: string;
  periodEnd: string;
  kind: EntryKind;
  /** "PC:<pseudonym>", "CC", "FUND", "GSE" or "GRID_FEE". */
  account: string;
  amountCents: bigint;
  energyMWh: bigint;
  reversesSeq: bigint | null;
  prevHash: Uint8Array;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const ACCOUNT = /^(PC:[A-Za-z0-9-]{1,64}|CC|FUND|GSE|GRID_FEE)$/;
const KINDS = new Set<string>(ENTRY_KINDS);

/** Dates seen before: a ledger repeats its runs' few period dates on every entry (verify re-encodes millions). */
const calendarDates = new Map<string, boolean>();

function isCalendarDate(text: string): boolean {
  const known = calendarDates.get(text);
  if (known !== undefined) return known;
  let ok = false;
  if (DATE.test(text)) {
    const d = new Date(`${text}T00:00:00Z`);
    ok = !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
  }
  if (calendarDates.size >= 4096) calendarDates.clear();
  calendarDates.set(text, ok);
  return ok;
}

/** The entry as one line of text, fields separated by "|" (no field can contain "|" or a newline). */
export function entryLine(e: EntryFields): string {
  if (!UUID.test(e.communityId) || !UUID.test(e.runId)) throw new RangeError("community and run ids must be lowercase UUIDs");
  if (!isCalendarDate(e.periodStart) || !isCalendarDate(e.periodEnd)) throw new RangeError("period dates must be real dates YYYY-MM-DD");
  if (!KINDS.has(e.kind)) throw new RangeError(`unknown entry kind ${e.kind}`);
  if (!ACCOUNT.test(e.account)) throw new RangeError(`bad account ${e.account}`);
  if (e.seq < 1n) throw new RangeError("seq starts at 1");
  if (e.prevHash.length !== 32) throw new RangeError("prevHash must be 32 bytes");
  return [
    ENTRY_FORMAT,
    e.communityId,
    e.seq.toString(),
    e.runId,
    e.periodStart,
    e.periodEnd,
    e.kind,
    e.account,
    "EUR",
    e.amountCents.toString(),
    e.energyMWh.toString(),
    e.reversesSeq === null ? "-" : e.reversesSeq.toString(),
    toHex(e.prevHash),
  ].join("|");
}
