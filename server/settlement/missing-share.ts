// How much of a period's meter data is missing, over all its metering points: what the period list
// ("needs review: N % missing") and the finalize confirmation show. Pure: integers in, a decimal string out.

export interface MissingShare {
  expectedIntervals: number;
  missingIntervals: number;
  /** Metering points with at least one missing interval. */
  meteringPoints: number;
  /** missing / expected in percent, one decimal, rounded half up ("58.0"); "0.0" only when nothing is missing. */
  percent: string;
}

/** The share of expected readings that are missing, from each metering point's expected and missing intervals. */
export function missingShare(series: { fromIdx: number; toIdx: number; missing: number }[]): MissingShare {
  let expected = 0;
  let missing = 0;
  let points = 0;
  for (const s of series) {
    expected += s.toIdx - s.fromIdx;
    missing += s.missing;
    if (s.missing > 0) points++;
  }
  // Tenths of a percent in integers: round(missing * 1000 / expected), half up; a gap never shows as 0.0.
  const tenths = expected === 0 ? 0 : Math.max(missing > 0 ? 1 : 0, Math.floor((missing * 2000 + expected) / (2 * expected)));
  return { expectedIntervals: expected, missingIntervals: missing, meteringPoints: points, percent: `${Math.floor(tenths / 10)}.${tenths % 10}` };
}
