// Members' market limits: per side (BUY = the most a buyer pays, SELL = the least a seller accepts),
// up to four daily time bands in the community's local time, versioned by the local date from which
// they apply. Pure: the time zone offset comes from Intl (deterministic), never from a clock.
import type { FieldProblem } from "../../errors";
import type { MemberId } from "../allocation";
import { formatDecimalTrimmed } from "../decimal";
import { isDate } from "../periods";
import { PRICE_DECIMALS } from "../valuation";
import { offsetMsAt } from "../../metering/local-time";
import { DAY_MS } from "../../shared/iso-date";

export type LimitSide = "BUY" | "SELL";

export interface LimitBand {
  /** Local minutes after midnight, [startMinute, endMinute); 0 ≤ start < end ≤ 1440. */
  startMinute: number;
  endMinute: number;
  /** micro-EUR/kWh. */
  price: bigint;
}

/** One version of a member's limits on one side: the bands in force from `validFrom` on. */
export interface LimitVersion {
  member: MemberId;
  side: LimitSide;
  /** Local date YYYY-MM-DD. */
  validFrom: string;
  /** At most four, not overlapping. Outside every band the member has no limit (bids R, asks F). */
  bands: readonly LimitBand[];
}

export interface MarketLimits {
  /** IANA zone in which bands and dates are read. */
  timeZone: string;
  versions: readonly LimitVersion[];
}

export const MAX_BANDS = 4;
const DAY_MINUTES = 1440;

const eur = (micro: bigint) => formatDecimalTrimmed(micro, PRICE_DECIMALS, 2);
const clock = (minute: number) => `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;

/** The refusal for a limit outside [F, R]; limits are never clamped. */
export function limitRangeMessage(member: MemberId, side: LimitSide, price: bigint, feedIn: bigint, retail: bigint): string {
  const what = side === "BUY" ? "buy limit" : "sell limit";
  return `${what} ${eur(price)} EUR/kWh of member ${member} is outside [${eur(feedIn)}, ${eur(retail)}] (feed-in tariff F, retail tariff R)`;
}

/** Everything wrong with a set of limits against the tariffs; `where` names member, side and date. */
export function limitProblems(limits: MarketLimits, feedIn: bigint, retail: bigint): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  for (const v of limits.versions) {
    const where = `rule.limits.${v.member}.${v.side}.${v.validFrom}`;
    const key = JSON.stringify([v.member, v.side, v.validFrom]);
    if (seen.has(key)) problems.push({ where, message: `two versions of the ${v.side} limits of member ${v.member} from ${v.validFrom}` });
    seen.add(key);
    if (!isDate(v.validFrom)) problems.push({ where, message: `validFrom must be a date YYYY-MM-DD, got ${JSON.stringify(v.validFrom)}` });
    if (v.bands.length === 0 || v.bands.length > MAX_BANDS) problems.push({ where, message: `1 to ${MAX_BANDS} time bands, got ${v.bands.length}` });
    const sorted = [...v.bands].sort((x, y) => x.startMinute - y.startMinute);
    sorted.forEach((b, k) => {
      if (!Number.isInteger(b.startMinute) || !Number.isInteger(b.endMinute) || b.startMinute < 0 || b.endMinute > DAY_MINUTES || b.startMinute >= b.endMinute) {
        problems.push({ where, message: `time band must be within 00:00–24:00 with start before end, got ${b.startMinute}–${b.endMinute} minutes` });
      } else if (k > 0 && b.startMinute < sorted[k - 1]!.endMinute) {
        problems.push({ where, message: `time bands ${clock(sorted[k - 1]!.startMinute)}–${clock(sorted[k - 1]!.endMinute)} and ${clock(b.startMinute)}–${clock(b.endMinute)} overlap` });
      }
      if (b.price < feedIn || b.price > retail) problems.push({ where, message: limitRangeMessage(v.member, v.side, b.price, feedIn, retail) });
    });
  }
  return problems;
}

/** Limits in force for one interval: member → micro-EUR/kWh, per side. */
export interface ResolvedLimits {
  /** Equal for every interval that resolves to the same limits (a cache key for callers). */
  key: string;
  bids: ReadonlyMap<MemberId, bigint>;
  asks: ReadonlyMap<MemberId, bigint>;
}

/** The local date and minute of the day of a UTC instant in `timeZone`. */
export function localDateMinute(utcMs: number, timeZone: string): { date: string; minute: number } {
  const local = utcMs + offsetMsAt(utcMs, timeZone);
  const dayStart = Math.floor(local / DAY_MS) * DAY_MS;
  return { date: new Date(dayStart).toISOString().slice(0, 10), minute: Math.floor((local - dayStart) / 60_000) };
}

/**
 * Resolves the limits in force at an interval start: per member and side the latest version with
 * validFrom ≤ the local date, then the band containing the local start minute. Resolutions repeat
 * (same versions, same band boundaries), so they are computed once per distinct (epoch, segment)
 * and shared: an "epoch" is how many distinct validFrom dates have passed, a "segment" the stretch
 * between two consecutive band boundaries of any member.
 */
export class LimitResolver {
  private readonly dates: string[];
  private readonly boundaries: number[];
  private readonly cache = new Map<string, ResolvedLimits>();
  private readonly byMemberSide = new Map<string, LimitVersion[]>();

  constructor(private readonly limits: MarketLimits) {
    this.dates = [...new Set(limits.versions.map((v) => v.validFrom))].sort();
    const bounds = new Set<number>([0]);
    for (const v of limits.versions) {
      for (const b of v.bands) {
        bounds.add(b.startMinute);
        bounds.add(b.endMinute);
      }
      const key = `${v.side}\u0000${v.member}`;
      const list = this.byMemberSide.get(key) ?? [];
      list.push(v);
      this.byMemberSide.set(key, list);
    }
    this.boundaries = [...bounds].sort((a, b) => a - b);
    for (const list of this.byMemberSide.values()) list.sort((x, y) => (x.validFrom < y.validFrom ? -1 : 1));
  }

  /** The limits at the interval starting at `utcMs`. */
  at(utcMs: number): ResolvedLimits {
    if (this.limits.versions.length === 0) return this.resolve("none", "0000-00-00", 0);
    const { date, minute } = localDateMinute(utcMs, this.limits.timeZone);
    let epoch = 0;
    while (epoch < this.dates.length && this.dates[epoch]! <= date) epoch++;
    let segment = 0;
    while (segment + 1 < this.boundaries.length && this.boundaries[segment + 1]! <= minute) segment++;
    return this.resolve(`${epoch}|${segment}`, date, minute);
  }

  private resolve(key: string, date: string, minute: number): ResolvedLimits {
    const hit = this.cache.get(key);
    if (hit) return hit;
    const bids = new Map<MemberId, bigint>();
    const asks = new Map<MemberId, bigint>();
    for (const versions of this.byMemberSide.values()) {
      let current: LimitVersion | undefined;
      for (const v of versions) if (v.validFrom <= date) current = v;
      const band = current?.bands.find((b) => b.startMinute <= minute && minute < b.endMinute);
      if (current && band) (current.side === "BUY" ? bids : asks).set(current.member, band.price);
    }
    const out = { key, bids, asks };
    this.cache.set(key, out);
    return out;
  }
}

/** Limits without bands or dates (the CLI's `bids`/`asks`): one whole-day band in force forever. */
export function constantLimits(bids: ReadonlyMap<MemberId, bigint>, asks: ReadonlyMap<MemberId, bigint>): MarketLimits {
  const whole = (member: MemberId, side: LimitSide, price: bigint): LimitVersion => ({
    member,
    side,
    validFrom: "1970-01-01",
    bands: [{ startMinute: 0, endMinute: DAY_MINUTES, price }],
  });
  return {
    timeZone: "UTC",
    versions: [...[...bids].map(([m, p]) => whole(m, "BUY", p)), ...[...asks].map(([m, p]) => whole(m, "SELL", p))],
  };
}
