// The public figures of a community, built from per-member inputs and passed through the privacy
// rule (privacy.ts). Pure: no database, no clock. What leaves this module is either a shown value or
// the reason it is hidden — never a hidden value, never a member.
//
// Energy (production, consumption, shared) goes into one tree per measure: days → months → years →
// total. Derived figures (surplus = production − shared, the two rates, CO₂ = shared × factor) are
// shown only when every figure they are computed from is shown, so they reveal nothing more.
// Credits come per settlement period (periods → total). With dynamic and Italian CER rules the
// shared energy is published per day, and a period's Community Credit is close to price × the
// period's shared energy; so a period's credits are shown only when every day of the period is, and
// the total only when every period is (else credits − shown days would give a hidden day away).
// With static rules shared energy exists only per settled period: it and the credits share one tree.
import { addDays } from "../shared/iso-date";
import { averagePriceEurPerKWh } from "@/server/residents/credit-calculation";
import { MAX_SHARE_PERCENT, protectFigures, reasonParams, type Contributions, type FigureTree, type PrivacyPolicy, type ReasonParams, type SuppressionReason, type Verdict } from "./privacy";

export const MEMBER_KINDS = ["CONSUMER", "PRODUCER", "PROSUMER"] as const;
export type MemberKind = (typeof MEMBER_KINDS)[number];

/** One member's energy on one local day; null = no reading in that direction that day. */
export interface MemberDay {
  member: string;
  day: string;
  consumptionMWh: bigint | null;
  injectionMWh: bigint | null;
  /** The member's part of the day's shared energy (see public-stats.ts): consumption or injection on the binding side of each interval. */
  sharedMWh: bigint;
}

/** The latest final run of a settlement period. */
export interface SettledPeriod {
  start: string;
  end: string;
  version: number;
  sharedMWh: bigint;
  communityCreditCents: bigint;
  /** Credits posted to members' PC accounts for the period, net of reversals, from the ledger. */
  creditsPaidCents: bigint;
  /** Market rule: what buyers paid (Σ debits) and the value kept in the community (Σ win); null for other rules. */
  market: { paidCents: bigint; valueKeptCents: bigint } | null;
  members: { member: string; allocatedMWh: bigint; deliveredMWh: bigint; creditCents: bigint; winCents: bigint | null }[];
}

export interface FiguresInput {
  policy: PrivacyPolicy;
  co2GramsPerKWh: number;
  /** Dynamic and Italian CER: shared energy per interval is min(Σ consumption, Σ injection). */
  sharedPerInterval: boolean;
  days: readonly MemberDay[];
  periods: readonly SettledPeriod[];
  /** Members today, for the counts by kind. */
  members: readonly { member: string; kind: MemberKind }[];
}

/** A hidden figure carries a reason code and its numbers, not words: each page words it in its language. */
export type Hidden = { shown: false; reason: SuppressionReason; params: ReasonParams };
export type Amount = { shown: true; value: string } | Hidden;
/** A rate in percent with one decimal, rounded half up once from exact integers. */
export type Rate = { shown: true; percent: string } | Hidden;

export interface EnergyRow {
  /** "2026-11-03", "2026-11", "2026" or "total". */
  key: string;
  /** Local dates, [from, to). */
  from: string;
  to: string;
  /** null: no data (or, for shared and what needs it under static rules, not known per day). */
  productionMWh: Amount | null;
  consumptionMWh: Amount | null;
  sharedMWh: Amount | null;
  surplusMWh: Amount | null;
  selfSufficiency: Rate | null;
  selfConsumption: Rate | null;
  /** Shared energy × the community's grams per kWh, in micrograms (exact). */
  avoidedCo2Micrograms: Amount | null;
}

export interface PeriodRow {
  from: string;
  to: string;
  version: number;
  /** Static rules only: shared energy as settled (and its CO₂); null otherwise. */
  sharedMWh: Amount | null;
  avoidedCo2Micrograms: Amount | null;
  communityCreditCents: Amount;
  /** Credits paid out to members from the first period up to this one (ledger). */
  creditsPaidToDateCents: Amount;
  /** Market rule: the value kept in the community (Σ of members' wins), and the period's average
   *  price, Σ paid ÷ Σ traded, EUR/kWh (no finer public price); null for other rules. */
  market: { valueKeptCents: Amount; averagePriceEurPerKWh: { shown: true; value: string } | Hidden | null } | null;
}

export interface PublicFigures {
  privacy: { k: number; maxSharePercent: number };
  /** Where shared energy comes from: computed per interval, or the final runs' per-period figures. */
  sharedFrom: "intervals" | "settlement-runs";
  energy: { total: EnergyRow | null; years: EnergyRow[]; months: EnergyRow[]; days: EnergyRow[] };
  periods: PeriodRow[];
  communityCreditTotalCents: Amount | null;
  /** Market rule: the value kept in the community over every settled period; null otherwise. */
  valueKeptTotalCents: Amount | null;
  members: { total: Amount; byKind: { kind: MemberKind; count: Amount }[] };
}

const TOTAL = "total";

/** A measure's per-day splits → days → months → years → total. */
function calendarTree(days: Map<string, Contributions[]>): FigureTree {
  const sorted = [...days.keys()].sort();
  const months = [...new Set(sorted.map((d) => d.slice(0, 7)))];
  const years = [...new Set(sorted.map((d) => d.slice(0, 4)))];
  return {
    groups: [{ id: TOTAL, parent: null }, ...years.map((y) => ({ id: y, parent: TOTAL })), ...months.map((m) => ({ id: m, parent: m.slice(0, 4) }))],
    leaves: sorted.map((d) => ({ id: d, parent: d.slice(0, 7), views: days.get(d)! })),
    series: [sorted, months, years],
  };
}

/** Sums of the first split under every node of a tree. */
function nodeValues(tree: FigureTree): Map<string, bigint> {
  const parent = new Map([...tree.groups, ...tree.leaves].map((n) => [n.id, n.parent]));
  const values = new Map<string, bigint>();
  for (const leaf of tree.leaves) {
    let v = 0n;
    for (const c of leaf.views[0]!.values()) v += c;
    for (let id: string | null = leaf.id; id !== null; id = parent.get(id) ?? null) values.set(id, (values.get(id) ?? 0n) + v);
  }
  return values;
}

interface Measure {
  verdicts: Map<string, Verdict>;
  values: Map<string, bigint>;
}

function measure(days: Map<string, Contributions[]>, policy: PrivacyPolicy): Measure {
  const tree = calendarTree(days);
  return { verdicts: protectFigures(tree, policy), values: nodeValues(tree) };
}

function perDay(rows: readonly MemberDay[], pick: (r: MemberDay) => bigint | null): Map<string, Contributions[]> {
  const days = new Map<string, Map<string, bigint>>();
  for (const r of rows) {
    const v = pick(r);
    if (v === null) continue;
    let day = days.get(r.day);
    if (!day) days.set(r.day, (day = new Map()));
    day.set(r.member, (day.get(r.member) ?? 0n) + v);
  }
  return new Map([...days].map(([d, m]) => [d, [m]]));
}

const hide = (reason: SuppressionReason, policy: PrivacyPolicy): Hidden => ({ shown: false, reason, params: reasonParams(reason, policy) });

/** Tenths of a percent, rounded half up: 1 of 3 → "33.3". */
export function percentOf(part: bigint, whole: bigint): string {
  const tenths = (part * 1000n * 2n + whole) / (whole * 2n);
  return `${tenths / 10n}.${tenths % 10n}`;
}

/** Next day of a "YYYY-MM-DD" date. */
const nextDay = (day: string): string => addDays(day, 1);

function rangeOf(key: string, first: string, last: string): { from: string; to: string } {
  if (key === TOTAL) return { from: first, to: nextDay(last) };
  if (key.length === 10) return { from: key, to: nextDay(key) };
  if (key.length === 7) {
    const [y, m] = key.split("-").map(Number) as [number, number];
    return { from: `${key}-01`, to: new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 10) };
  }
  return { from: `${key}-01-01`, to: `${Number(key) + 1}-01-01` };
}

export function publicFigures(input: FiguresInput): PublicFigures {
  const { policy } = input;
  const production = measure(perDay(input.days, (r) => r.injectionMWh), policy);
  const consumption = measure(perDay(input.days, (r) => r.consumptionMWh), policy);
  const shared = input.sharedPerInterval ? measure(perDay(input.days, (r) => (r.consumptionMWh === null && r.injectionMWh === null ? null : r.sharedMWh)), policy) : null;
  const co2 = BigInt(input.co2GramsPerKWh);

  const amount = (m: Measure | null, key: string): Amount | null => {
    const v = m?.verdicts.get(key);
    if (!m || !v) return null;
    return v.shown ? { shown: true, value: m.values.get(key)!.toString() } : hide(v.reason, policy);
  };
  /** A figure computed from others: shown only when they all are. */
  const derived = <T extends Amount | Rate>(parts: (Amount | null)[], make: (values: bigint[]) => T | null): T | Hidden | null => {
    if (parts.some((p) => p === null)) return null;
    const hidden = parts.find((p): p is Hidden => !p!.shown);
    if (hidden) return hidden;
    return make(parts.map((p) => BigInt((p as { value: string }).value)));
  };

  const allDays = [...new Set(input.days.map((d) => d.day))].sort();
  const row = (key: string): EnergyRow => {
    const p = amount(production, key);
    const c = amount(consumption, key);
    const s = amount(shared, key);
    return {
      key,
      ...rangeOf(key, allDays[0]!, allDays[allDays.length - 1]!),
      productionMWh: p,
      consumptionMWh: c,
      sharedMWh: s,
      surplusMWh: derived([p, s], ([pv, sv]) => ({ shown: true, value: (pv! - sv!).toString() })),
      selfSufficiency: derived([s, c], ([sv, cv]) => (cv === 0n ? null : { shown: true, percent: percentOf(sv!, cv!) })),
      selfConsumption: derived([s, p], ([sv, pv]) => (pv === 0n ? null : { shown: true, percent: percentOf(sv!, pv!) })),
      avoidedCo2Micrograms: derived([s], ([sv]) => ({ shown: true, value: (sv! * co2).toString() })),
    };
  };
  const keys = [...new Set([production, consumption, shared].flatMap((m) => (m ? [...m.verdicts.keys()] : [])))].sort();
  const energy = {
    total: allDays.length > 0 ? row(TOTAL) : null,
    years: keys.filter((k) => k.length === 4).map(row),
    months: keys.filter((k) => k.length === 7).map(row),
    days: keys.filter((k) => k.length === 10).map(row),
  };

  const { periods, total, valueKeptTotal } = periodFigures(input, shared);
  return {
    privacy: { k: policy.k, maxSharePercent: MAX_SHARE_PERCENT },
    sharedFrom: input.sharedPerInterval ? "intervals" : "settlement-runs",
    energy,
    periods,
    communityCreditTotalCents: total,
    valueKeptTotalCents: valueKeptTotal,
    members: memberCounts(input),
  };
}

const PERIODS = "periods";

function periodFigures(input: FiguresInput, sharedPerDay: Measure | null): { periods: PeriodRow[]; total: Amount | null; valueKeptTotal: Amount | null } {
  const { policy } = input;
  const sorted = [...input.periods].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  if (sorted.length === 0) return { periods: [], total: null, valueKeptTotal: null };
  const id = (p: SettledPeriod) => `${p.start}/${p.end}`;
  const split = (p: SettledPeriod, pick: (m: SettledPeriod["members"][number]) => bigint) => new Map(p.members.map((m) => [m.member, pick(m)]));
  // Static rules: the period's shared energy (both splits) and its credits are one figure.
  // Market: the wins are a figure of the period too, under the same verdict (each member's part counts).
  const views = (p: SettledPeriod): Contributions[] => [
    ...(sharedPerDay ? [split(p, (m) => m.creditCents)] : [split(p, (m) => m.allocatedMWh), split(p, (m) => m.deliveredMWh), split(p, (m) => m.creditCents)]),
    ...(p.market ? [split(p, (m) => m.winCents ?? 0n)] : []),
  ];
  const tree: FigureTree = {
    groups: [{ id: PERIODS, parent: null }],
    leaves: sorted.map((p) => ({ id: id(p), parent: PERIODS, views: views(p) })),
    series: [sorted.map(id)],
  };
  // Credits ≈ price × shared energy: a period with a hidden day keeps its credits hidden too.
  const forced = new Map<string, SuppressionReason>();
  if (sharedPerDay) {
    for (const p of sorted) {
      for (const [day, v] of sharedPerDay.verdicts) if (day.length === 10 && day >= p.start && day < p.end && !v.shown) forced.set(id(p), "PROTECTS_HIDDEN");
    }
  }
  const verdicts = protectFigures(tree, policy, forced);
  // The total (and a running total) only when made of shown periods.
  if (sorted.some((p) => !verdicts.get(id(p))!.shown) && verdicts.get(PERIODS)!.shown) verdicts.set(PERIODS, { shown: false, reason: "PROTECTS_HIDDEN" });

  const co2 = BigInt(input.co2GramsPerKWh);
  let paid = 0n;
  let allShown = true;
  const periods = sorted.map((p): PeriodRow => {
    const v = verdicts.get(id(p))!;
    const show = (value: bigint): Amount => (v.shown ? { shown: true, value: value.toString() } : hide(v.reason, policy));
    paid += p.creditsPaidCents;
    allShown &&= v.shown;
    return {
      from: p.start,
      to: p.end,
      version: p.version,
      sharedMWh: sharedPerDay ? null : show(p.sharedMWh),
      avoidedCo2Micrograms: sharedPerDay ? null : show(p.sharedMWh * co2),
      communityCreditCents: show(p.communityCreditCents),
      creditsPaidToDateCents: allShown ? { shown: true, value: paid.toString() } : hide(v.shown ? "PROTECTS_HIDDEN" : v.reason, policy),
      market: p.market
        ? {
            valueKeptCents: show(p.market.valueKeptCents),
            averagePriceEurPerKWh: p.sharedMWh === 0n ? null : v.shown ? { shown: true, value: averagePriceEurPerKWh(p.market.paidCents, p.sharedMWh)! } : hide(v.reason, policy),
          }
        : null,
    };
  });
  const root = verdicts.get(PERIODS)!;
  const sum = sorted.reduce((a, p) => a + p.communityCreditCents, 0n);
  const market = sorted.filter((p) => p.market);
  const kept = market.reduce((a, p) => a + p.market!.valueKeptCents, 0n);
  return {
    periods,
    total: root.shown ? { shown: true, value: sum.toString() } : hide(root.reason, policy),
    valueKeptTotal: market.length === 0 ? null : root.shown ? { shown: true, value: kept.toString() } : hide(root.reason, policy),
  };
}

function memberCounts(input: FiguresInput): PublicFigures["members"] {
  const { policy } = input;
  const ofKind = new Map(MEMBER_KINDS.map((k) => [k, new Map<string, bigint>()]));
  for (const m of input.members) ofKind.get(m.kind)!.set(m.member, 1n);
  const present = MEMBER_KINDS.filter((k) => ofKind.get(k)!.size > 0);
  const tree: FigureTree = { groups: [{ id: "all", parent: null }], leaves: present.map((k) => ({ id: k, parent: "all", views: [ofKind.get(k)!] })), series: [] };
  const verdicts = present.length > 0 ? protectFigures(tree, policy) : new Map<string, Verdict>();
  const count = (id: string, n: number): Amount => {
    const v = verdicts.get(id);
    // No member of a kind is a zero about nobody; it is shown as such.
    if (!v || n === 0) return { shown: true, value: String(n) };
    return v.shown ? { shown: true, value: String(n) } : hide(v.reason, policy);
  };
  return { total: count("all", input.members.length), byKind: MEMBER_KINDS.map((k) => ({ kind: k, count: count(k, ofKind.get(k)!.size) })) };
}
