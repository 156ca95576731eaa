// Synthetic 15-minute meter data for the demo: solar production under a clear-sky curve with daily
// cloudiness, and household consumption with morning and evening peaks. Deterministic (seeded), so the
// demo looks the same on every machine. Floats shape the curves only; every reading is rounded once to
// an integer number of mWh before it leaves this module.

/** Mulberry32: a tiny seeded PRNG, good enough for demo curves. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SeriesSpec {
  kind: "production" | "consumption";
  /** kW: peak power for production, average load scale for consumption. */
  scaleKw: number;
  seed: number;
}

const QUARTER_HOUR_MS = 15 * 60 * 1000;

/** Energy in mWh for each quarter hour from `start` (UTC, on the grid) for `days` days. */
export function synthesize(spec: SeriesSpec, start: Date, days: number, utcOffsetHours = 1): bigint[] {
  const rand = prng(spec.seed);
  const out: bigint[] = [];
  let cloud = 1;
  for (let i = 0; i < days * 96; i++) {
    const t = new Date(start.getTime() + i * QUARTER_HOUR_MS);
    const hour = (t.getUTCHours() + t.getUTCMinutes() / 60 + utcOffsetHours + 24) % 24;
    if (i % 96 === 0) cloud = 0.25 + 0.75 * rand(); // one weather draw per day
    let kw: number;
    if (spec.kind === "production") {
      const sun = Math.max(0, Math.sin((Math.PI * (hour - 7)) / 10)); // daylight ≈ 07:00–17:00
      kw = spec.scaleKw * sun * cloud * (0.9 + 0.2 * rand());
    } else {
      const morning = Math.exp(-((hour - 7.5) ** 2) / 1.5);
      const evening = Math.exp(-((hour - 19.5) ** 2) / 3);
      kw = spec.scaleKw * (0.35 + 0.9 * morning + 1.3 * evening) * (0.8 + 0.4 * rand());
    }
    out.push(BigInt(Math.round(kw * 250_000))); // kW × 0.25 h = kWh; × 1e6 → mWh
  }
  return out;
}
