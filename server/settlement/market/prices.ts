// Exact prices and money of the market rule. Limits and tariffs are read as EUR/kWh with up to 6
// decimals (micro-euro per kWh, like every price of the engine). Inside the market a price is kept at
// one more decimal, 10^-7 EUR/kWh, so that the midpoint of any two prices (and of a price range) is
// exact: both ends are multiples of 10, their sum is even. Energy is integer mWh (10^-6 kWh), so
// price × energy is an integer number of 10^-13 EUR: every traded amount is exact, nothing is rounded
// until the per-member, per-period sums go to cents.
import { formatDecimalTrimmed } from "../decimal";
import { PRICE_DECIMALS } from "../valuation";

/** Market prices: integer units of 10^-7 EUR/kWh. */
export const MARKET_PRICE_DECIMALS = PRICE_DECIMALS + 1;
/** Market money: integer units of 10^-13 EUR (10^-7 EUR/kWh × 10^-6 kWh). */
export const MARKET_MONEY_DECIMALS = MARKET_PRICE_DECIMALS + 6;
/** Market money units per cent. */
export const MONEY_UNITS_PER_CENT = 10n ** BigInt(MARKET_MONEY_DECIMALS - 2);
/** The interval's volume-weighted price is shown with this many decimals (rounded half up if longer). */
export const SHOWN_PRICE_DECIMALS = 9;

/** micro-EUR/kWh (the engine's price unit) → market price units. */
export function marketPrice(microEurPerKWh: bigint): bigint {
  return microEurPerKWh * 10n;
}

/** The exact midpoint of two market prices; both come from 6-decimal inputs, so the sum is even. */
export function midpoint(a: bigint, b: bigint): bigint {
  const sum = a + b;
  if (sum % 2n !== 0n) throw new RangeError("midpoint: prices must be multiples of 2 market units");
  return sum / 2n;
}

/** A market price as "0.15375" (at least 2 decimals, no trailing zeros beyond). */
export function formatMarketPrice(price: bigint): string {
  return formatDecimalTrimmed(price, MARKET_PRICE_DECIMALS, 2);
}

/** Market money as exact EUR: "0.46125" (at least 2 decimals). */
export function formatMarketMoney(units: bigint): string {
  return formatDecimalTrimmed(units, MARKET_MONEY_DECIMALS, 2);
}
