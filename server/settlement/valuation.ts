// Flat valuation: shared energy priced at the community price. Consumers pay for what they were
// allocated, producers are credited for what they delivered; both sides are the same rounded total.
import type { EnergyMap, MemberId } from "./allocation";
import { sortedIds } from "./code-point-order";
import { apportion } from "./largest-remainder";

/** Money is settled in cents (1 EUR = 100); exact values are kept as fractions until then. */
export const MONEY_DECIMALS = 2;
/** Prices (EUR/kWh, EUR/MWh) are read with up to 6 decimals: micro-euro per unit. */
export const PRICE_DECIMALS = 6;

export interface FlatValuation {
  /** price · Σ allocated, rounded once to the cent. */
  valueCents: bigint;
  /** What each consumer pays, in cents; sums to valueCents. */
  debits: Map<MemberId, bigint>;
  /** What each producer receives, in cents; sums to valueCents. */
  credits: Map<MemberId, bigint>;
  /** credit − debit per member (a prosumer can have both); sums to 0. */
  net: Map<MemberId, bigint>;
}

// EUR/kWh at 10^-6 × mWh (10^-6 kWh) = 10^-12 EUR = 10^-10 cents.
const FLAT_DENOMINATOR = 10n ** BigInt(PRICE_DECIMALS + 6 - MONEY_DECIMALS);

function priced(energy: EnergyMap, priceMicroEurPerKWh: bigint): Map<MemberId, bigint> {
  const ids = sortedIds(energy.keys());
  const cents = apportion(
    ids.map((id) => priceMicroEurPerKWh * (energy.get(id) ?? 0n)),
    FLAT_DENOMINATOR,
  );
  return new Map(ids.map((id, k) => [id, cents[k]!]));
}

/**
 * Values the period totals. Because Σ allocated = Σ delivered, both apportionments round the same
 * exact total, so Σ debits = Σ credits to the cent. Valuing period totals rather than each interval
 * is exact for a flat price and rounds once per member instead of once per interval.
 */
export function flatValuation(allocated: EnergyMap, delivered: EnergyMap, priceMicroEurPerKWh: bigint): FlatValuation {
  if (priceMicroEurPerKWh < 0n) throw new RangeError("price must not be negative");
  const debits = priced(allocated, priceMicroEurPerKWh);
  const credits = priced(delivered, priceMicroEurPerKWh);
  let valueCents = 0n;
  for (const c of debits.values()) valueCents += c;
  const net = new Map<MemberId, bigint>();
  for (const id of sortedIds(debits.keys(), credits.keys())) net.set(id, (credits.get(id) ?? 0n) - (debits.get(id) ?? 0n));
  return { valueCents, debits, credits, net };
}
