// How large a reading may be (docs/reading-bounds.md). Pure.
// A reading is refused, with its line, when it cannot be stored or is physically implausible:
// - with the metering point's capacity known (> 0 kW): more than capacity × duration × 2
//   (twice what the point can deliver or draw at full power for the whole interval);
// - otherwise, and before the point is known: more than GLOBAL_MAX_KW × duration × 2, where
//   GLOBAL_MAX_KW = 100 MW is far above any plant or connection of an energy community.
// Both bounds are far below the largest value the database stores (bigint mWh, 9.2 × 10^18), so a
// reading that passes the dry run can always be written.

/** The longest interval a reading may cover: 31 days (monthly readings); reading.interval_seconds is an int. */
export const MAX_INTERVAL_SECONDS = 31 * 86_400;

/** 100 MW in W. */
export const GLOBAL_MAX_W = 100_000_000n;
/** PostgreSQL bigint: the column reading.energy_mwh. */
export const STORABLE_MAX_MWH = 9_223_372_036_854_775_807n;

/** capacity (W) × seconds × 2, in mWh, rounded up: W·s × 2 × 1000 / 3600 = W·s × 5 / 9. */
export function maxReadingMWh(capacityW: bigint, intervalSeconds: number): bigint {
  const product = capacityW * BigInt(intervalSeconds) * 5n;
  return (product + 8n) / 9n;
}

/** The bound for a point of `capacityW` (null or 0: unknown → the global bound). */
export function readingBoundMWh(capacityW: bigint | null, intervalSeconds: number): { maxMWh: bigint; basis: string } {
  const known = capacityW !== null && capacityW > 0n;
  const w = known ? capacityW : GLOBAL_MAX_W;
  const maxMWh = maxReadingMWh(w, intervalSeconds);
  return { maxMWh: maxMWh < STORABLE_MAX_MWH ? maxMWh : STORABLE_MAX_MWH, basis: `${known ? "2 × the point's capacity" : "2 × 100 MW (no capacity known)"} ${decimal(w, 3)} kW × ${intervalSeconds} s` };
}

/** A sentence for a reading above its bound, or null when it is within. */
export function implausible(energyMWh: bigint, capacityW: bigint | null, intervalSeconds: number): string | null {
  const { maxMWh, basis } = readingBoundMWh(capacityW, intervalSeconds);
  if (energyMWh <= maxMWh) return null;
  return `${formatKWh(energyMWh)} kWh is more than the point can deliver in the interval: at most ${formatKWh(maxMWh)} kWh (${basis})`;
}

/** kWh (up to 6 decimals); very long values shortened (a hostile file may hold 40 digits). */
function formatKWh(mWh: bigint): string {
  return decimal(mWh, 6);
}

/** value × 10^-scale as a decimal string without trailing zeros; more than 15 integer digits shortened. */
function decimal(value: bigint, scale: number): string {
  const unit = 10n ** BigInt(scale);
  const whole = (value / unit).toString();
  const frac = (value % unit).toString().padStart(scale, "0").replace(/0+$/, "");
  if (whole.length > 15) return `${whole.slice(0, 15)}… (${whole.length} digits)`;
  return frac ? `${whole}.${frac}` : whole;
}
