// Italy CER (DM 414/2023 + ARERA): hourly shared energy, the incentive tariff TIP, the ARERA
// valorisation, and the split of both among producers, consumers and the community fund.
import { AppError } from "../errors";
import { FRACTION_ONE, type EnergyMap, type MemberId } from "./allocation";
import { compareCodePoints, sortedIds } from "./code-point-order";
import { divRoundHalfUp, pow10 } from "./decimal";
import { apportion } from "./largest-remainder";
import { MONEY_DECIMALS, PRICE_DECIMALS } from "./valuation";

export type Zone = "north" | "centre" | "south";

const MICRO = pow10(PRICE_DECIMALS);
const eur = (n: number): bigint => BigInt(n) * MICRO;

/** Base and CAP of the TIP in micro-EUR/MWh, by nominal plant power (in W, i.e. kW at 3 decimals). */
export function tipBand(plantW: bigint): { base: bigint; cap: bigint } {
  if (plantW <= 0n) throw new AppError("BAD_REQUEST", "Plant power must be positive.", [{ where: "valuation.plantKw", message: "must be positive" }]);
  if (plantW <= 200_000n) return { base: eur(80), cap: eur(120) };
  if (plantW <= 600_000n) return { base: eur(70), cap: eur(110) };
  if (plantW <= 1_000_000n) return { base: eur(60), cap: eur(100) };
  throw new AppError("BAD_REQUEST", "Plants above 1 MW get no CER incentive under DM 414/2023.", [
    { where: "valuation.plantKw", message: "plant above 1 MW (1000 kW) is not eligible" },
  ]);
}

/** Zonal correction for photovoltaics, outside the CAP (added after the min). */
const PV_BONUS: Record<Zone, bigint> = { north: eur(10), centre: eur(4), south: 0n };

export interface TipInput {
  plantW: bigint;
  zone: Zone;
  pv: boolean;
  /** Pz_h, micro-EUR/MWh; may be negative. */
  zonalPrice: bigint;
}

/** TIP_h = min(CAP, base + max(0, 180 − Pz_h)) + PV bonus, in micro-EUR/MWh, before the grant factor. */
export function tip({ plantW, zone, pv, zonalPrice }: TipInput): bigint {
  const { base, cap } = tipBand(plantW);
  const variable = eur(180) - zonalPrice;
  const capped = base + (variable > 0n ? variable : 0n);
  return (capped < cap ? capped : cap) + (pv ? PV_BONUS[zone] : 0n);
}

/**
 * TIP · (1 − F) exactly, as an integer at 10^-18 EUR/MWh (micro-EUR times parts per 10^12), so a
 * capital grant F never forces a rounding of the tariff itself.
 */
export function grantedTip(tipMicro: bigint, grantFactor: bigint): bigint {
  return tipMicro * (FRACTION_ONE - grantFactor);
}
export const GRANTED_TIP_DECIMALS = PRICE_DECIMALS + 12;

export interface CerInterval {
  /** Canonical UTC instant "YYYY-MM-DDTHH:MM:SS.sssZ". */
  start: string;
  /** Σ injection and Σ withdrawal put into the pool this interval, mWh. */
  injected: bigint;
  withdrawn: bigint;
  /** Pz for this interval, micro-EUR/MWh. */
  zonalPrice: bigint;
}

export interface CerHour {
  /** Start of the UTC hour. */
  start: string;
  injected: bigint;
  withdrawn: bigint;
  /** E_h = min(Σ injected_h, Σ withdrawn_h), mWh. */
  shared: bigint;
  zonalPrice: bigint;
  /** TIP_h · (1 − F) at GRANTED_TIP_DECIMALS. */
  grantedTip: bigint;
}

export interface ItCerParams {
  plantW: bigint;
  zone: Zone;
  pv: boolean;
  /** Capital grant factor F, parts per 10^12, 0 ≤ F ≤ 1. */
  grantFactor: bigint;
  /** ARERA valorisation, micro-EUR/MWh, on E_h (not reduced by F). */
  arera: bigint;
  /** Parts per 10^12 summing to exactly 10^12. */
  split: { producers: bigint; consumers: bigint; fund: bigint };
}

/**
 * Sums intervals into the UTC hour of their start (intervals must not be longer than an hour). Italy's
 * offsets from UTC are whole hours, so UTC hours are exactly the local market hours. All intervals of
 * one hour must carry the same zonal price, since the DM defines Pz per hour.
 */
export function aggregateHours(intervals: readonly CerInterval[], params: Pick<ItCerParams, "plantW" | "zone" | "pv" | "grantFactor">): CerHour[] {
  const byHour = new Map<string, { injected: bigint; withdrawn: bigint; zonalPrice: bigint }>();
  for (const iv of intervals) {
    const hour = `${iv.start.slice(0, 13)}:00:00.000Z`;
    const h = byHour.get(hour);
    if (!h) {
      byHour.set(hour, { injected: iv.injected, withdrawn: iv.withdrawn, zonalPrice: iv.zonalPrice });
      continue;
    }
    if (h.zonalPrice !== iv.zonalPrice) {
      throw new AppError("BAD_REQUEST", `Intervals in the hour ${hour} carry different zonal prices; the TIP uses one price per hour.`, [
        { where: "valuation.zonalPriceEurPerMWh", message: `different prices within the hour starting ${hour}` },
      ]);
    }
    h.injected += iv.injected;
    h.withdrawn += iv.withdrawn;
  }
  return [...byHour.keys()].sort(compareCodePoints).map((start) => {
    const h = byHour.get(start)!;
    return {
      start,
      injected: h.injected,
      withdrawn: h.withdrawn,
      shared: h.injected < h.withdrawn ? h.injected : h.withdrawn,
      zonalPrice: h.zonalPrice,
      grantedTip: grantedTip(tip({ ...params, zonalPrice: h.zonalPrice }), params.grantFactor),
    };
  });
}

/** An exact amount of money: num / den cents. */
export interface ExactCents {
  num: bigint;
  den: bigint;
}

// TIP at 10^-18 EUR/MWh × E at 10^-9 MWh = 10^-27 EUR = 10^-25 cents.
const INCENTIVE_DEN = pow10(GRANTED_TIP_DECIMALS + 9 - MONEY_DECIMALS);
// ARERA at 10^-6 EUR/MWh × E at 10^-9 MWh = 10^-15 EUR = 10^-13 cents.
const ARERA_DEN = pow10(PRICE_DECIMALS + 9 - MONEY_DECIMALS);

/** Σ_h TIP_h · (1 − F) · E_h, exact. */
export function exactIncentive(hours: readonly CerHour[]): ExactCents {
  let num = 0n;
  for (const h of hours) num += h.grantedTip * h.shared;
  return { num, den: INCENTIVE_DEN };
}

/** Σ_h ARERA · E_h, exact. */
export function exactArera(hours: readonly CerHour[], arera: bigint): ExactCents {
  let shared = 0n;
  for (const h of hours) shared += h.shared;
  return { num: arera * shared, den: ARERA_DEN };
}

export interface PotSplit {
  /** The pot rounded once to the cent; producers + consumers + fund sum to it exactly. */
  totalCents: bigint;
  producers: Map<MemberId, bigint>;
  consumers: Map<MemberId, bigint>;
  fundCents: bigint;
}

/**
 * Splits one pot: the producers' part in proportion to energy delivered over the period, the
 * consumers' part in proportion to energy allocated, the rest to the fund. If nobody delivered
 * (hence nobody was allocated) anything, those parts go to the fund too. One apportionment over all
 * recipients (ordered by member id, producer before consumer for the same id, fund last), so the
 * parts sum to the rounded pot to the cent.
 */
export function splitPot(pot: ExactCents, split: ItCerParams["split"], delivered: EnergyMap, allocated: EnergyMap): PotSplit {
  const totalD = [...delivered.values()].reduce((a, b) => a + b, 0n);
  const totalA = [...allocated.values()].reduce((a, b) => a + b, 0n);
  const dD = totalD > 0n ? totalD : 1n;
  const dA = totalA > 0n ? totalA : 1n;
  const items: { id: MemberId; role: "producer" | "consumer"; quota: bigint }[] = [];
  for (const id of sortedIds(delivered.keys(), allocated.keys())) {
    if (delivered.has(id)) items.push({ id, role: "producer", quota: totalD > 0n ? pot.num * split.producers * delivered.get(id)! * dA : 0n });
    if (allocated.has(id)) items.push({ id, role: "consumer", quota: totalA > 0n ? pot.num * split.consumers * allocated.get(id)! * dD : 0n });
  }
  const fundShare = split.fund + (totalD > 0n ? 0n : split.producers) + (totalA > 0n ? 0n : split.consumers);
  const amounts = apportion([...items.map((x) => x.quota), pot.num * fundShare * dD * dA], pot.den * FRACTION_ONE * dD * dA);
  const producers = new Map<MemberId, bigint>();
  const consumers = new Map<MemberId, bigint>();
  items.forEach((x, k) => (x.role === "producer" ? producers : consumers).set(x.id, amounts[k]!));
  return { totalCents: divRoundHalfUp(pot.num, pot.den), producers, consumers, fundCents: amounts[items.length]! };
}

export interface ItCerValuation {
  hours: CerHour[];
  /** Σ_h E_h, mWh. */
  shared: bigint;
  incentive: PotSplit;
  arera: PotSplit;
  /** Incentive and ARERA parts per member, in cents. */
  credits: Map<MemberId, bigint>;
  fundCents: bigint;
}

/**
 * Values a period. Incentive and ARERA valorisation are two pots, each rounded once and split by the
 * same rule; the credits add both, so Σ credits + fund = incentive + ARERA to the cent.
 */
export function itCerValuation(intervals: readonly CerInterval[], params: ItCerParams, delivered: EnergyMap, allocated: EnergyMap): ItCerValuation {
  const { producers, consumers, fund } = params.split;
  if (producers < 0n || consumers < 0n || fund < 0n || producers + consumers + fund !== FRACTION_ONE) {
    throw new AppError("BAD_REQUEST", "The split shares must be between 0 and 1 and sum to exactly 1.", [
      { where: "valuation.split", message: "shares must sum to exactly 1" },
    ]);
  }
  if (params.grantFactor < 0n || params.grantFactor > FRACTION_ONE) {
    throw new AppError("BAD_REQUEST", "The grant factor must be between 0 and 1.", [{ where: "valuation.grantFactor", message: "must be between 0 and 1" }]);
  }
  const hours = aggregateHours(intervals, params);
  const incentive = splitPot(exactIncentive(hours), params.split, delivered, allocated);
  const arera = splitPot(exactArera(hours, params.arera), params.split, delivered, allocated);
  const credits = new Map<MemberId, bigint>();
  for (const id of sortedIds(delivered.keys(), allocated.keys())) {
    const parts = [incentive.producers, incentive.consumers, arera.producers, arera.consumers];
    credits.set(id, parts.reduce((a, m) => a + (m.get(id) ?? 0n), 0n));
  }
  return {
    hours,
    shared: hours.reduce((a, h) => a + h.shared, 0n),
    incentive,
    arera,
    credits,
    fundCents: incentive.fundCents + arera.fundCents,
  };
}
