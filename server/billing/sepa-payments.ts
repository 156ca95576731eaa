// Who pays and who is paid for a final run: each member's amount is the sum of their export lines'
// gross amounts (positive: the member owes it, collected by SEPA direct debit; negative: credited,
// paid out by SEPA credit transfer). Any line type the export carries (fee lines included) counts.
// Members without the bank data a file needs are excluded, with the reason. Pure: the same run and
// bank data give the same plan, so the files built from it are byte-identical.
import { addDays, DAY_MS, isoDateToMs, lastDayOf } from "../shared/iso-date";
import type { RunExport } from "./billing-lines";
import { sepaText } from "./sepa-text";

export interface MemberBank {
  accountHolder: string;
  iban: string;
  bic: string | null;
  mandateReference: string | null;
  /** YYYY-MM-DD */
  mandateSignedOn: string | null;
  /** The mandate's scheme, the pain.008 local instrument (absent: CORE, the only one before B2B). */
  mandateScheme?: MandateScheme | null;
}

export type MandateScheme = "CORE" | "B2B";

export interface PlanMember {
  reference: string;
  bank: MemberBank | null;
}

export interface SepaTransaction {
  endToEndId: string;
  memberReference: string;
  memberPseudonym: string;
  /** Always positive: what is collected from or paid to the member. */
  amountCents: bigint;
  name: string;
  iban: string;
  bic: string | null;
  mandate: { id: string; signedOn: string; scheme: MandateScheme } | null;
  remittance: string;
  /** The ledger entries (sequence and hash) whose lines make up the amount. */
  entries: { seq: string; hash: string }[];
}

export type ExclusionReason = "nothing-to-pay" | "no-bank-account" | "no-mandate" | "above-sepa-maximum";

export interface Excluded {
  memberReference: string;
  memberPseudonym: string;
  /** The member's view: positive owed by the member, negative credited. */
  totalCents: bigint;
  file: "pain.008" | "pain.001" | null;
  reason: ExclusionReason;
}

export interface SepaPlan {
  run: { id: string; version: number; communitySlug: string; periodStart: string; periodEnd: string; checkpointSize: bigint; checkpointRoot: string };
  /** The run's finalize time, to the second (ISO, UTC): the files' creation time, so they never change. */
  createdAt: string;
  /** Requested collection / execution date: finalize date + payment terms, moved to a TARGET2 business day. */
  dueDate: string;
  directDebits: SepaTransaction[];
  creditTransfers: SepaTransaction[];
  excluded: Excluded[];
}

/** EPC: an amount in a SEPA file is at most 999,999,999.99 EUR. */
export const SEPA_MAX_CENTS = 99_999_999_999n;

const REASONS: Record<ExclusionReason, string> = {
  "nothing-to-pay": "The member's lines sum to zero: nothing to collect or pay.",
  "no-bank-account": "No IBAN on file for the member.",
  "no-mandate": "The member owes this amount but has given no direct-debit mandate (reference and date of signature).",
  "above-sepa-maximum": "The amount is above the SEPA maximum of 999,999,999.99 EUR.",
};
export const exclusionText = (r: ExclusionReason) => REASONS[r];

const hex = (uuid: string) => uuid.replaceAll("-", "").toUpperCase();

/** Message id from the run (its id is unique per version) and the file kind: ≤ 35 characters. */
export const messageId = (kind: "DD" | "CT", runId: string, version: number) => `DJ${kind}${hex(runId).slice(0, 24)}V${version}`;

/** End-to-end id: the run and the member's pseudonym, so it is the same each time and unique in the file. */
export const endToEndId = (runId: string, pseudonym: string) => `${hex(runId).slice(0, 12)}-${pseudonym.replace(/[^A-Za-z0-9-]/g, "")}`.slice(0, 35);

/** Easter Sunday (Gregorian, anonymous algorithm), as epoch ms. */
function easter(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const h = (19 * a + b - Math.floor(b / 4) - Math.floor((b - Math.floor((8 * b + 13) / 25)) / 3) + 15) % 30;
  const l = (32 + 2 * (b % 4) + 2 * Math.floor(c / 4) - h - (c % 4) - Math.floor((a + 11 * h) / 451) * 7 + 7) % 7;
  // The "anonymous Gregorian" algorithm: month and day from h and l.
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return Date.UTC(year, month - 1, day);
}

/** TARGET2 is closed on weekends, 1 January, Good Friday, Easter Monday, 1 May, 25 and 26 December. */
export function isTargetBusinessDay(date: string): boolean {
  const ms = isoDateToMs(date);
  const d = new Date(ms);
  if (d.getUTCDay() === 0 || d.getUTCDay() === 6) return false;
  const md = date.slice(5);
  if (md === "01-01" || md === "05-01" || md === "12-25" || md === "12-26") return false;
  const e = easter(d.getUTCFullYear());
  return ms !== e - 2 * DAY_MS && ms !== e + DAY_MS;
}

/** The date `days` after `from` (YYYY-MM-DD), or the next TARGET2 business day after it. */
export function dueDate(from: string, days: number): string {
  let date = addDays(from, days);
  while (!isTargetBusinessDay(date)) date = addDays(date, 1);
  return date;
}

/**
 * The plan of a run's SEPA files. `members` is keyed by pseudonym (the export's member key).
 * `finalizedAt` is the run's creation time; `paymentTermsDays` the community's payment terms.
 */
export function sepaPlan(x: RunExport, members: ReadonlyMap<string, PlanMember>, finalizedAt: Date, paymentTermsDays: number): SepaPlan {
  const perMember = new Map<string, { reference: string; cents: bigint; entries: { seq: string; hash: string }[] }>();
  for (const l of x.lines) {
    const m = perMember.get(l.memberPseudonym) ?? { reference: l.memberReference, cents: 0n, entries: [] };
    m.cents += l.netCents + l.vatCents;
    m.entries.push({ seq: l.entrySeq, hash: l.entryHash });
    perMember.set(l.memberPseudonym, m);
  }
  const r = x.run;
  const period = `${r.periodStart}/${lastDayOf(r.periodEnd)}`;
  const directDebits: SepaTransaction[] = [];
  const creditTransfers: SepaTransaction[] = [];
  const excluded: Excluded[] = [];
  // Code-point order of references: a stable order that does not depend on the database.
  const ordered = [...perMember.entries()].sort(([pa, a], [pb, b]) => (a.reference < b.reference ? -1 : a.reference > b.reference ? 1 : pa < pb ? -1 : 1));
  for (const [pseudonym, m] of ordered) {
    const exclude = (reason: ExclusionReason, file: Excluded["file"]) => excluded.push({ memberReference: m.reference, memberPseudonym: pseudonym, totalCents: m.cents, file, reason });
    if (m.cents === 0n) {
      exclude("nothing-to-pay", null);
      continue;
    }
    const file = m.cents > 0n ? "pain.008" : "pain.001";
    const amount = m.cents > 0n ? m.cents : -m.cents;
    const bank = members.get(pseudonym)?.bank ?? null;
    if (amount > SEPA_MAX_CENTS) exclude("above-sepa-maximum", file);
    else if (!bank) exclude("no-bank-account", file);
    else if (file === "pain.008" && (!bank.mandateReference || !bank.mandateSignedOn)) exclude("no-mandate", file);
    else {
      const tx: SepaTransaction = {
        endToEndId: endToEndId(r.id, pseudonym),
        memberReference: m.reference,
        memberPseudonym: pseudonym,
        amountCents: amount,
        name: sepaText(bank.accountHolder, 70),
        iban: bank.iban,
        bic: bank.bic,
        mandate: file === "pain.008" ? { id: bank.mandateReference!, signedOn: bank.mandateSignedOn!, scheme: bank.mandateScheme ?? "CORE" } : null,
        remittance: sepaText(`${sepaText(m.reference, 64)} ${period} run ${r.id}`, 140),
        entries: m.entries,
      };
      (file === "pain.008" ? directDebits : creditTransfers).push(tx);
    }
  }
  return {
    run: { id: r.id, version: r.version, communitySlug: r.communitySlug, periodStart: r.periodStart, periodEnd: r.periodEnd, checkpointSize: r.checkpointSize, checkpointRoot: r.checkpointRoot },
    createdAt: `${finalizedAt.toISOString().slice(0, 19)}Z`,
    dueDate: dueDate(finalizedAt.toISOString().slice(0, 10), paymentTermsDays),
    directDebits,
    creditTransfers,
    excluded,
  };
}

/** What a file's transactions add up to (its CtrlSum), in cents. */
export const sumCents = (txs: readonly SepaTransaction[]) => txs.reduce((s, t) => s + t.amountCents, 0n);
