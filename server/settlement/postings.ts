// Turns a settled period into double-entry postings. Pure. Every set of postings sums to zero:
// consumers pay the community clearing account (CC) for the energy allocated to them, and CC pays
// producers for the energy they delivered. CC's turnover is the Community Credit; its balance stays 0.
import type { EntryKind, Posting } from "../ledger/entry-encoding";
import type { MemberId } from "./allocation";
import { compareCodePoints } from "./code-point-order";
import type { MarketValuation } from "./market/valuation";
import type { FlatValuation } from "./valuation";

export interface PostingMember {
  memberId: string;
  pseudonym: string;
}

const KIND_ORDER: EntryKind[] = ["SHARED_ENERGY_DEBIT", "SHARED_ENERGY_COLLECTED", "SHARED_ENERGY_CREDIT", "SHARED_ENERGY_PAID"];

/**
 * Flat valuation: one debit per consumer (−cents, energy allocated), one credit per producer (+cents,
 * energy delivered), and the two CC lines that balance them. Lines with neither money nor energy are
 * left out. Ordered by kind, then by pseudonym, so the same result always gives the same postings.
 */
export function flatPostings(
  valuation: FlatValuation,
  allocated: ReadonlyMap<MemberId, bigint>,
  delivered: ReadonlyMap<MemberId, bigint>,
  members: ReadonlyMap<MemberId, PostingMember>,
): Posting[] {
  const lines: Posting[] = [];
  const member = (id: MemberId) => {
    const m = members.get(id);
    if (!m) throw new Error(`no pseudonym for member ${id}`);
    return m;
  };
  const side = (kind: EntryKind, cents: ReadonlyMap<MemberId, bigint>, energy: ReadonlyMap<MemberId, bigint>, sign: bigint) => {
    const ids = [...new Set([...cents.keys(), ...energy.keys()])].sort((a, b) => compareCodePoints(member(a).pseudonym, member(b).pseudonym));
    let total = 0n;
    let totalEnergy = 0n;
    for (const id of ids) {
      const c = cents.get(id) ?? 0n;
      const e = energy.get(id) ?? 0n;
      total += c;
      totalEnergy += e;
      if (c === 0n && e === 0n) continue;
      const m = member(id);
      lines.push({ kind, account: `PC:${m.pseudonym}`, memberId: m.memberId, amountCents: sign * c, energyMWh: e, reversesSeq: null });
    }
    return { total, totalEnergy };
  };
  const debits = side("SHARED_ENERGY_DEBIT", valuation.debits, allocated, -1n);
  if (debits.total !== 0n || debits.totalEnergy !== 0n) {
    lines.push({ kind: "SHARED_ENERGY_COLLECTED", account: "CC", memberId: null, amountCents: debits.total, energyMWh: debits.totalEnergy, reversesSeq: null });
  }
  const credits = side("SHARED_ENERGY_CREDIT", valuation.credits, delivered, 1n);
  if (credits.total !== 0n || credits.totalEnergy !== 0n) {
    lines.push({ kind: "SHARED_ENERGY_PAID", account: "CC", memberId: null, amountCents: -credits.total, energyMWh: credits.totalEnergy, reversesSeq: null });
  }
  return lines.sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind));
}

/** Reversing postings for entries of a superseded run: same account, opposite amount and energy. */
export function reversalPostings(
  entries: readonly { seq: bigint; account: string; memberId: string | null; amountCents: bigint; energyMWh: bigint }[],
): Posting[] {
  return [...entries]
    .sort((a, b) => (a.seq < b.seq ? -1 : a.seq > b.seq ? 1 : 0))
    .map((e) => ({ kind: "REVERSAL", account: e.account, memberId: e.memberId, amountCents: -e.amountCents, energyMWh: -e.energyMWh, reversesSeq: e.seq }));
}

export function sumAmounts(postings: readonly Pick<Posting, "amountCents">[]): bigint {
  return postings.reduce((s, p) => s + p.amountCents, 0n);
}

/**
 * Italy CER: the incentive and the ARERA valorisation come from the GSE (one receivable line, the
 * energy being the hourly shared energy E), and go to members' PC accounts and the community fund by
 * the community's split. Σ credits + fund = incentive + ARERA, so the lines sum to zero.
 */
export function cerPostings(
  credits: ReadonlyMap<MemberId, bigint>,
  fundCents: bigint,
  potCents: bigint,
  sharedMWh: bigint,
  members: ReadonlyMap<MemberId, PostingMember>,
): Posting[] {
  const lines: Posting[] = [];
  if (potCents !== 0n || sharedMWh !== 0n) {
    lines.push({ kind: "INCENTIVE_RECEIVABLE", account: "GSE", memberId: null, amountCents: -potCents, energyMWh: sharedMWh, reversesSeq: null });
  }
  const ids = [...credits.keys()].sort((a, b) => compareCodePoints(members.get(a)!.pseudonym, members.get(b)!.pseudonym));
  for (const id of ids) {
    const c = credits.get(id)!;
    if (c === 0n) continue;
    const m = members.get(id);
    if (!m) throw new Error(`no pseudonym for member ${id}`);
    lines.push({ kind: "INCENTIVE_CREDIT", account: `PC:${m.pseudonym}`, memberId: m.memberId, amountCents: c, energyMWh: 0n, reversesSeq: null });
  }
  if (fundCents !== 0n) lines.push({ kind: "INCENTIVE_FUND", account: "FUND", memberId: null, amountCents: fundCents, energyMWh: 0n, reversesSeq: null });
  return lines;
}

/**
 * Market rule: buyers' debits and sellers' credits as for a flat valuation (energy bought and sold),
 * then the grid fee: CC, which collected Σ debits = Σ credits + fee, pays the fee to GRID_FEE. The
 * lines sum to zero and CC's balance stays 0.
 */
export function marketPostings(
  valuation: MarketValuation,
  bought: ReadonlyMap<MemberId, bigint>,
  sold: ReadonlyMap<MemberId, bigint>,
  members: ReadonlyMap<MemberId, PostingMember>,
): Posting[] {
  const lines = flatPostings(valuation, bought, sold, members);
  let traded = 0n;
  for (const e of sold.values()) traded += e;
  if (valuation.feeCents !== 0n) {
    lines.push({ kind: "GRID_FEE_CHARGED", account: "GRID_FEE", memberId: null, amountCents: valuation.feeCents, energyMWh: traded, reversesSeq: null });
    lines.push({ kind: "GRID_FEE_PAID", account: "CC", memberId: null, amountCents: -valuation.feeCents, energyMWh: traded, reversesSeq: null });
  }
  return lines;
}
