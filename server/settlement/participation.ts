// Participation factors of metering points (docs/adr/0009): a community settles only its share of a
// point's metered energy, floor(f · E) per interval, f in basis points (10000 = 100 %). Applied to the
// point's series before the engine, so every engine path (the bigint reference and the dense fast
// path alike) sees plain energies. Pure.
import { FRACTION_ONE } from "./allocation";

export const BASIS_POINTS_ONE = 10_000;
const BP_TO_FRACTION = FRACTION_ONE / BigInt(BASIS_POINTS_ONE);

/**
 * floor(f · E) with f = bp / 10000, computed as the engine's eligibleEnergy does (f in parts per
 * 10^12), so 60 % and 40 % of 1,000,000 mWh are exactly 600,000 and 400,000.
 */
export function pointShare(energy: bigint, basisPoints: number): bigint {
  if (basisPoints === BASIS_POINTS_ONE) return energy;
  return (energy * BigInt(basisPoints) * BP_TO_FRACTION) / FRACTION_ONE;
}

/** A factor version: from interval index `fromIdx` on (until the next one), `basisPoints`. */
export interface FactorStep {
  fromIdx: number;
  basisPoints: number;
}

/**
 * Scales a point's energies in its window [fromIdx, toIdx) by the factor in force at each interval
 * (none yet = 100 %). Where the factor is 0 the point is out: its intervals count 0, not missing.
 * `steps` in ascending fromIdx. Returns whether any interval of the window has a factor above 0.
 */
export function applyFactors(energy: (bigint | undefined)[], fromIdx: number, toIdx: number, steps: readonly FactorStep[]): boolean {
  let anyIn = steps.length === 0;
  let k = -1;
  for (let i = fromIdx; i < toIdx; i++) {
    while (k + 1 < steps.length && steps[k + 1]!.fromIdx <= i) k++;
    const bp = k < 0 ? BASIS_POINTS_ONE : steps[k]!.basisPoints;
    if (bp > 0) anyIn = true;
    if (bp === BASIS_POINTS_ONE) continue;
    const e = energy[i];
    energy[i] = bp === 0 ? 0n : e === undefined ? undefined : pointShare(e, bp);
  }
  return anyIn;
}
