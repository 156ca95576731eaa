// What an ESCO downloads for a final run: one line per member and ledger posting, each carrying the
// entry's sequence number and hash, and the run's checkpoint. Pure: the same run gives the same
// lines, in the same order, every time. Signs are the member's view: a positive net amount is owed by
// the member, a negative one is credited to them (the ledger's PC amount with the sign turned).
import { divRoundHalfUp, formatDecimal } from "../settlement/decimal";

export interface ExportRun {
  id: string;
  version: number;
  correctsId: string | null;
  communitySlug: string;
  periodStart: string;
  periodEnd: string;
  checkpointSize: bigint;
  checkpointRoot: string;
  /** EUR/kWh of shared energy from the run's rule snapshot (flat valuation), null for Italy CER. */
  priceEurPerKWh: string | null;
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
}

export interface VatRates {
  /** Percent with up to 2 decimals, as basis points (22 % = 2200). */
  chargesBp: number;
  creditsBp: number;
}

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
  vatEur: string;
  grossEur: string;
  entrySeq: string;
  entryHash: string;
  netCents: bigint;
  vatCents: bigint;
}

export interface RunExport {
  run: ExportRun;
  lines: ExportLine[];
  totals: { netCents: bigint; vatCents: bigint; grossCents: bigint };
}

const ITEMS: Record<string, string> = {
  SHARED_ENERGY_DEBIT: "Shared energy received",
  SHARED_ENERGY_CREDIT: "Shared energy delivered",
  INCENTIVE_CREDIT: "Community incentive share",
};

const eur = (cents: bigint) => formatDecimal(cents, 2);

/** Lines for every PC posting of the run, ordered by ledger sequence. */
export function runExport(run: ExportRun, entries: readonly ExportEntry[], members: ReadonlyMap<string, ExportMember>, vat: VatRates, bySeq: ReadonlyMap<bigint, ExportEntry> = new Map()): RunExport {
  const lines: ExportLine[] = [];
  let netTotal = 0n;
  let vatTotal = 0n;
  for (const e of [...entries].sort((a, b) => (a.seq < b.seq ? -1 : 1))) {
    if (!e.account.startsWith("PC:") || e.memberId === null) continue;
    const m = members.get(e.memberId);
    if (!m) throw new Error(`no member for entry ${e.seq}`);
    // A reversal takes the item of the entry it reverses.
    const original = e.reversesSeq !== null ? bySeq.get(e.reversesSeq) : undefined;
    const kind = original?.kind ?? e.kind;
    const item = e.kind === "REVERSAL" ? `Reversal of entry ${e.reversesSeq} (${ITEMS[kind] ?? kind})` : (ITEMS[kind] ?? kind);
    const net = -e.amountCents;
    // The rate follows the item, so that a reversal takes back exactly the VAT of what it reverses.
    const rateBp = BigInt(kind === "SHARED_ENERGY_DEBIT" ? vat.chargesBp : vat.creditsBp);
    const vatCents = divRoundHalfUp(net * rateBp, 10_000n);
    const points = kind === "SHARED_ENERGY_CREDIT" ? m.injectionPoints : kind === "SHARED_ENERGY_DEBIT" ? m.consumptionPoints : [...m.consumptionPoints, ...m.injectionPoints];
    const flat = kind === "SHARED_ENERGY_DEBIT" || kind === "SHARED_ENERGY_CREDIT";
    lines.push({
      memberReference: m.reference,
      memberPseudonym: m.pseudonym,
      meteringPoint: points.join(" "),
      periodStart: run.periodStart,
      periodEnd: run.periodEnd,
      item,
      energyKWh: formatDecimal(e.energyMWh, 6),
      unitPriceEurPerKWh: flat && run.priceEurPerKWh !== null ? run.priceEurPerKWh : "",
      netEur: eur(net),
      vatRatePercent: formatDecimal(rateBp, 2),
      vatEur: eur(vatCents),
      grossEur: eur(net + vatCents),
      entrySeq: e.seq.toString(),
      entryHash: e.hash,
      netCents: net,
      vatCents,
    });
    netTotal += net;
    vatTotal += vatCents;
  }
  return { run, lines, totals: { netCents: netTotal, vatCents: vatTotal, grossCents: netTotal + vatTotal } };
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

export function toCsv(x: RunExport): string {
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

export function toJson(x: RunExport): string {
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
      totals: { netEur: eur(x.totals.netCents), vatEur: eur(x.totals.vatCents), grossEur: eur(x.totals.grossCents) },
      lines: x.lines.map(({ netCents: _n, vatCents: _v, ...l }) => l),
    },
    null,
    2,
  )}\n`;
}
