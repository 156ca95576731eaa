// What an ESCO downloads for a final run: one line per member and ledger posting, each carrying the
// entry's sequence number and hash, and the run's checkpoint. Pure: the same run gives the same
// lines, in the same order, every time. Signs are the member's view: a positive net amount is owed by
// the member, a negative one is credited to them (the ledger's PC amount with the sign turned).
// The community fee comes after the ledger lines as lines of its own, with no ledger entry (empty
// sequence and hash): the ledger lines still total −Σ PC entries, and the fee lines total the fee.
import { divFloor, divRoundHalfUp, formatDecimal } from "../settlement/decimal";

export interface ExportRun {
  id: string;
  version: number;
  correctsId: string | null;
  communitySlug: string;
  periodStart: string;
  periodEnd: string;
  checkpointSize: bigint;
  checkpointRoot: string;
  /** EUR/kWh of shared energy from the run's rule snapshot (flat valuation), null for Italy CER and the market. */
  priceEurPerKWh: string | null;
  /** Market rule: each member's win in cents (shown, not posted), by member reference; absent otherwise. */
  wins?: { memberReference: string; winCents: bigint }[];
}

export interface ExportEntry {
  seq: bigint;
  kind: string;
  account: string;
  memberId: string | null;
  amountCents: bigint;
  energyMWh: bigint;
  reversesSeq: bigint | null;
  hash: string;
}

export interface ExportMember {
  reference: string;
  pseudonym: string;
  /** Metering point ids by direction, in code order. */
  consumptionPoints: string[];
  injectionPoints: string[];
  /**
   * The member supplies its energy under reverse charge (VAT status REVERSE_CHARGE with a VAT id): its
   * credits — and reversals of them — are VAT category AE at rate 0 (docs/adr/0010-member-types-vat-and-mandates.md).
   */
  reverseCharge?: boolean;
  /** A correction run: whether the member was under reverse charge in the run corrected (its reversals take that). */
  reverseChargeInCorrected?: boolean;
}

/** EN 16931 VAT category of a line (UNCL5305): S standard rated, E exempt (rate 0), AE reverse charge. */
export type VatCategory = "S" | "E" | "AE";

/** The category of a line that has no explicit one: S above 0 %, E at 0 %. */
export const categoryOfRate = (rateBp: number): VatCategory => (rateBp === 0 ? "E" : "S");

export interface VatRates {
  /** Percent with up to 2 decimals, as basis points (22 % = 2200). */
  chargesBp: number;
  creditsBp: number;
}

/** What a run is billed with (fixed when the run is finalized, see run-terms.ts). */
export interface BillingTerms extends VatRates {
  /** The community fee: basis points of the credits paid out to a member (250 = 2.5 %). */
  feeCreditsBp: number;
  /** The community fee: fixed cents per member and period. */
  feeFixedCents: number;
}

/** Terms of the run a correction run corrects: its fee is taken back with them. */
export type PreviousTerms = BillingTerms;

export interface ExportLine {
  memberReference: string;
  memberPseudonym: string;
  meteringPoint: string;
  periodStart: string;
  periodEnd: string;
  item: string;
  energyKWh: string;
  unitPriceEurPerKWh: string;
  netEur: string;
  vatRatePercent: string;
  vatCategory: VatCategory;
  vatEur: string;
  grossEur: string;
  /** Empty for a fee line: the fee is not a ledger entry. */
  entrySeq: string;
  entryHash: string;
  /** The member's id (not exported); fee lines and invoices group by it. */
  memberId: string;
  netCents: bigint;
  vatCents: bigint;
  vatRateBp: number;
}

export interface RunExport {
  run: ExportRun;
  lines: ExportLine[];
  /** ledgerNetCents: lines of ledger entries (= −Σ PC entries); feeNetCents: the community fee lines. */
  totals: { netCents: bigint; vatCents: bigint; grossCents: bigint; ledgerNetCents: bigint; feeNetCents: bigint };
}

const ITEMS: Record<string, string> = {
  SHARED_ENERGY_DEBIT: "Shared energy received",
  SHARED_ENERGY_CREDIT: "Shared energy delivered",
  INCENTIVE_CREDIT: "Community incentive share",
};

const eur = (cents: bigint) => formatDecimal(cents, 2);

const CREDIT_KINDS = new Set(["SHARED_ENERGY_CREDIT", "INCENTIVE_CREDIT"]);

type Draft = Omit<ExportLine, "vatEur" | "grossEur" | "vatCents" | "vatRatePercent">;

const draftCategory = (rateBp: number, reverseCharge: boolean): VatCategory => (reverseCharge ? "AE" : categoryOfRate(rateBp));

/**
 * Lines for every PC posting of the run, ordered by ledger sequence, then the community fee lines of
 * each member (in the order members first appear). VAT is computed per member and rate on the sum of
 * the lines, rounded once (as EN 16931 wants it on the invoice, BR-S-09), and shared out to the lines
 * by largest remainder, so the lines, the totals and each member's invoice agree to the cent.
 */
export function billingLines(
  run: ExportRun,
  entries: readonly ExportEntry[],
  members: ReadonlyMap<string, ExportMember>,
  terms: VatRates | BillingTerms,
  bySeq: ReadonlyMap<bigint, ExportEntry> = new Map(),
  previous: PreviousTerms | null = null,
): RunExport {
  const fee: BillingTerms = { feeCreditsBp: 0, feeFixedCents: 0, ...terms };
  const drafts: (Draft & { rateBp: number })[] = [];
  // Per member: credits paid out by this run's own postings, and by the reversed postings.
  const perMember = new Map<string, { credits: bigint; reversedCredits: bigint; posted: boolean; reversed: boolean }>();
  for (const e of [...entries].sort((a, b) => (a.seq < b.seq ? -1 : 1))) {
    if (!e.account.startsWith("PC:") || e.memberId === null) continue;
    const m = members.get(e.memberId);
    if (!m) throw new Error(`no member for entry ${e.seq}`);
    // A reversal takes the item of the entry it reverses.
    const original = e.reversesSeq !== null ? bySeq.get(e.reversesSeq) : undefined;
    const kind = original?.kind ?? e.kind;
    const isReversal = e.kind === "REVERSAL";
    const item = isReversal ? `Reversal of entry ${e.reversesSeq} (${ITEMS[kind] ?? kind})` : (ITEMS[kind] ?? kind);
    const net = -e.amountCents;
    // The rate follows the item, so that a reversal takes back the VAT of what it reverses. A
    // reverse-charge member's credits carry no VAT: the community accounts for it (category AE).
    const reverseCharge = CREDIT_KINDS.has(kind) && (isReversal ? (m.reverseChargeInCorrected ?? m.reverseCharge) : m.reverseCharge) === true;
    const rateBp = reverseCharge ? 0 : kind === "SHARED_ENERGY_DEBIT" ? fee.chargesBp : fee.creditsBp;
    const points = kind === "SHARED_ENERGY_CREDIT" ? m.injectionPoints : kind === "SHARED_ENERGY_DEBIT" ? m.consumptionPoints : [...m.consumptionPoints, ...m.injectionPoints];
    const flat = kind === "SHARED_ENERGY_DEBIT" || kind === "SHARED_ENERGY_CREDIT";
    const acc = perMember.get(e.memberId) ?? { credits: 0n, reversedCredits: 0n, posted: false, reversed: false };
    if (isReversal) acc.reversed = true;
    else acc.posted = true;
    if (CREDIT_KINDS.has(kind)) {
      if (isReversal) acc.reversedCredits += net; // a reversal of a credit is positive: −(credit)
      else acc.credits -= net;
    }
    perMember.set(e.memberId, acc);
    drafts.push({
      memberReference: m.reference,
      memberPseudonym: m.pseudonym,
      meteringPoint: points.join(" "),
      periodStart: run.periodStart,
      periodEnd: run.periodEnd,
      item,
      energyKWh: formatDecimal(e.energyMWh, 6),
      unitPriceEurPerKWh: flat && run.priceEurPerKWh !== null ? run.priceEurPerKWh : "",
      netEur: eur(net),
      entrySeq: e.seq.toString(),
      entryHash: e.hash,
      memberId: e.memberId,
      netCents: net,
      rateBp,
      vatRateBp: rateBp,
      vatCategory: draftCategory(rateBp, reverseCharge),
    });
  }
  const ledgerNet = drafts.reduce((s, d) => s + d.netCents, 0n);
  for (const [memberId, acc] of perMember) drafts.push(...feeLines(run, members.get(memberId)!, memberId, acc, fee, previous));
  const feeNet = drafts.reduce((s, d) => s + d.netCents, 0n) - ledgerNet;

  const vat = vatByLine(drafts);
  const lines: ExportLine[] = drafts.map(({ rateBp, ...d }, i) => ({
    ...d,
    vatRatePercent: formatDecimal(BigInt(rateBp), 2),
    vatEur: eur(vat[i]!),
    grossEur: eur(d.netCents + vat[i]!),
    vatCents: vat[i]!,
  }));
  const netTotal = ledgerNet + feeNet;
  const vatTotal = vat.reduce((s, v) => s + v, 0n);
  return { run, lines, totals: { netCents: netTotal, vatCents: vatTotal, grossCents: netTotal + vatTotal, ledgerNetCents: ledgerNet, feeNetCents: feeNet } };
}

/**
 * The community fee of one member: a share of the credits paid out (rounded half up, once per
 * member) and a fixed amount per member and period. A correction run takes back the fee charged
 * on what it reverses, with the corrected run's terms, and charges the fee on its own postings.
 */
function feeLines(
  run: ExportRun,
  m: ExportMember,
  memberId: string,
  acc: { credits: bigint; reversedCredits: bigint; posted: boolean; reversed: boolean },
  terms: BillingTerms,
  previous: PreviousTerms | null,
): (Draft & { rateBp: number })[] {
  const out: (Draft & { rateBp: number })[] = [];
  const line = (item: string, net: bigint, rateBp: number) =>
    out.push({
      memberReference: m.reference,
      memberPseudonym: m.pseudonym,
      meteringPoint: "",
      periodStart: run.periodStart,
      periodEnd: run.periodEnd,
      item,
      energyKWh: "",
      unitPriceEurPerKWh: "",
      netEur: eur(net),
      entrySeq: "",
      entryHash: "",
      memberId,
      netCents: net,
      rateBp,
      vatRateBp: rateBp,
      vatCategory: categoryOfRate(rateBp),
    });
  const pct = (bp: number) => `${formatDecimal(BigInt(bp), 2)} %`;
  if (acc.reversed && previous) {
    const back = divRoundHalfUp(acc.reversedCredits * BigInt(previous.feeCreditsBp), 10_000n);
    if (previous.feeCreditsBp > 0 && back !== 0n) line(`Reversal of community fee (${pct(previous.feeCreditsBp)} of credits ${eur(acc.reversedCredits)})`, -back, previous.chargesBp);
    if (previous.feeFixedCents > 0) line("Reversal of community fee (fixed per period)", -BigInt(previous.feeFixedCents), previous.chargesBp);
  }
  if (acc.posted) {
    const share = divRoundHalfUp(acc.credits * BigInt(terms.feeCreditsBp), 10_000n);
    if (terms.feeCreditsBp > 0 && share !== 0n) line(`Community fee (${pct(terms.feeCreditsBp)} of credits ${eur(acc.credits)})`, share, terms.chargesBp);
    if (terms.feeFixedCents > 0) line("Community fee (fixed per period)", BigInt(terms.feeFixedCents), terms.chargesBp);
  }
  return out;
}

/** VAT of each line: per member and rate, round the group's VAT once, share it by largest remainder. */
export function vatByLine(lines: readonly { memberId: string; netCents: bigint; rateBp: number; vatCategory?: VatCategory }[]): bigint[] {
  const out: bigint[] = lines.map(() => 0n);
  const groups = new Map<string, number[]>();
  lines.forEach((l, i) => {
    const key = `${l.memberId}|${l.vatCategory ?? categoryOfRate(l.rateBp)}|${l.rateBp}`;
    groups.set(key, [...(groups.get(key) ?? []), i]);
  });
  for (const idx of groups.values()) {
    const rate = BigInt(lines[idx[0]!]!.rateBp);
    const total = divRoundHalfUp(idx.reduce((s, i) => s + lines[i]!.netCents, 0n) * rate, 10_000n);
    const parts = idx.map((i) => {
      const exact = lines[i]!.netCents * rate;
      const base = divFloor(exact, 10_000n);
      return { i, base, rem: exact - base * 10_000n };
    });
    let left = total - parts.reduce((s, p) => s + p.base, 0n);
    for (const p of parts) out[p.i] = p.base;
    // Largest remainder first; ties to the earlier line. `left` is within [0, lines in the group].
    for (const p of [...parts].sort((a, b) => (a.rem === b.rem ? a.i - b.i : a.rem > b.rem ? -1 : 1))) {
      if (left <= 0n) break;
      out[p.i]! += 1n;
      left -= 1n;
    }
  }
  return out;
}

// ─────────────── CSV (RFC 4180, UTF-8, CRLF) ───────────────

const COLUMNS: [keyof ExportLine, string][] = [
  ["memberReference", "member_reference"],
  ["memberPseudonym", "member_pseudonym"],
  ["meteringPoint", "metering_point"],
  ["periodStart", "period_start"],
  ["periodEnd", "period_end_exclusive"],
  ["item", "item"],
  ["energyKWh", "energy_kwh"],
  ["unitPriceEurPerKWh", "unit_price_eur_per_kwh"],
  ["netEur", "net_eur"],
  ["vatRatePercent", "vat_rate_percent"],
  ["vatCategory", "vat_category"],
  ["vatEur", "vat_eur"],
  ["grossEur", "gross_eur"],
  ["entrySeq", "ledger_entry_seq"],
  ["entryHash", "ledger_entry_hash"],
];

/** Text that came from people (references, ids) must not run as a formula in a spreadsheet. */
export function neutralise(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

function quote(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}

const TEXT_COLUMNS = new Set<keyof ExportLine>(["memberReference", "memberPseudonym", "meteringPoint", "item"]);

export function renderCsv(x: RunExport): string {
  const header = [...COLUMNS.map(([, h]) => h), "run_id", "run_version", "checkpoint_size", "checkpoint_root"];
  const rows = x.lines.map((l) => [
    ...COLUMNS.map(([k]) => {
      const v = String(l[k]);
      return TEXT_COLUMNS.has(k) ? neutralise(v) : v;
    }),
    x.run.id,
    String(x.run.version),
    x.run.checkpointSize.toString(),
    x.run.checkpointRoot,
  ]);
  return [header, ...rows].map((r) => r.map(quote).join(",")).join("\r\n") + "\r\n";
}

/** Net and VAT per VAT category and rate, over all lines (members' view), in category then rate order. */
export function vatCategoryTotals(lines: readonly ExportLine[]): { vatCategory: VatCategory; vatRatePercent: string; netEur: string; vatEur: string }[] {
  const groups = new Map<string, { category: VatCategory; rateBp: number; net: bigint; vat: bigint }>();
  for (const l of lines) {
    const key = `${l.vatCategory}|${l.vatRateBp}`;
    const g = groups.get(key) ?? { category: l.vatCategory, rateBp: l.vatRateBp, net: 0n, vat: 0n };
    g.net += l.netCents;
    g.vat += l.vatCents;
    groups.set(key, g);
  }
  return [...groups.values()]
    .sort((a, b) => (a.category === b.category ? a.rateBp - b.rateBp : a.category < b.category ? -1 : 1))
    .map((g) => ({ vatCategory: g.category, vatRatePercent: formatDecimal(BigInt(g.rateBp), 2), netEur: eur(g.net), vatEur: eur(g.vat) }));
}

export function renderJson(x: RunExport): string {
  const { run } = x;
  return `${JSON.stringify(
    {
      format: "dajie-run-export/1",
      run: {
        id: run.id,
        version: run.version,
        corrects: run.correctsId,
        community: run.communitySlug,
        period: { start: run.periodStart, endExclusive: run.periodEnd },
        checkpoint: { treeSize: run.checkpointSize.toString(), root: run.checkpointRoot },
      },
      totals: {
        netEur: eur(x.totals.netCents),
        vatEur: eur(x.totals.vatCents),
        grossEur: eur(x.totals.grossCents),
        ledgerNetEur: eur(x.totals.ledgerNetCents),
        feeNetEur: eur(x.totals.feeNetCents),
        byVatCategory: vatCategoryTotals(x.lines),
      },
      lines: x.lines.map(({ netCents: _n, vatCents: _v, memberId: _m, vatRateBp: _r, ...l }) => l),
      // Market runs: the win per member and the value kept in the community; not billed, not in the totals.
      ...(run.wins
        ? { market: { valueKeptEur: eur(run.wins.reduce((a, w) => a + w.winCents, 0n)), wins: run.wins.map((w) => ({ memberReference: w.memberReference, winEur: eur(w.winCents) })) } }
        : {}),
    },
    null,
    2,
  )}\n`;
}
