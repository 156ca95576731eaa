// `npm run bench:market`: the market rule against the dynamic rule on the same data, in the same
// run, through the pure engine end to end (allocation and valuation, totals only, as a run uses it).
//
//   npm run bench:market                      1,000 members × March 2026 in quarter hours (Europe/Rome)
//   npm run bench:market -- --members 100     a quick run
//   npm run bench:market -- --repeat 3        best of 3 timed runs per rule (default 2)
//
// Synthetic, deterministic data (seeded PRNG, no clock): 60 % consumers, 20 % prosumers (both
// consume and produce), 20 % producers. Consumption 50–250 Wh per quarter hour, injection follows the
// sun. Every member has limits in two daily bands (10:00–16:00 and 17:00–21:00 local): buyers bid
// one of eleven steps between F and R, sellers ask one of eleven steps. Goal: market ≤ 1.5× dynamic.
import { settle, type SettlementInterval, type SettlementProblem } from "../server/settlement/engine.ts";
import type { LimitVersion } from "../server/settlement/market/limits.ts";
import { periodUtc } from "../server/settlement/periods.ts";
import { flag } from "./lib/flags.ts";

const MEMBERS = flag("members", 1000);
const REPEAT = flag("repeat", 2);
const PERIOD = { start: "2026-03-01", end: "2026-04-01" };
const TIME_ZONE = "Europe/Rome";
const RETAIL = 250_000n; // micro-EUR/kWh
const FEED_IN = 60_000n;
const GRID_FEE = 10_000n;

/** mulberry32: a small seeded PRNG, so every run builds the same data. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = prng(14);
const ids = Array.from({ length: MEMBERS }, (_, n) => `M${String(n).padStart(5, "0")}`);
const kind = (n: number) => (n % 5 < 3 ? "consumer" : n % 5 === 3 ? "prosumer" : "producer");
const step = (k: number) => FEED_IN + ((RETAIL - FEED_IN) * BigInt(k)) / 10n;

const versions: LimitVersion[] = [];
ids.forEach((member, n) => {
  const band = (startMinute: number, endMinute: number) => ({ startMinute, endMinute, price: step(Math.floor(random() * 11)) });
  const bands = [band(600, 960), band(1020, 1260)];
  if (kind(n) !== "producer") versions.push({ member, side: "BUY", validFrom: "2026-01-01", bands });
  if (kind(n) !== "consumer") versions.push({ member, side: "SELL", validFrom: "2026-01-01", bands: bands.map((b) => ({ ...b, price: step(Math.floor(random() * 11)) })) });
});

const t0 = performance.now();
const { from, to } = periodUtc(PERIOD, TIME_ZONE);
const intervals: SettlementInterval[] = [];
const peak = ids.map(() => 300_000 + Math.floor(random() * 900_000)); // mWh per quarter hour at noon
for (let t = from.getTime(); t < to.getTime(); t += 900_000) {
  const hour = ((t / 3_600_000 + 1) % 24) + 0.125; // roughly local solar time
  const sun = Math.max(0, Math.sin((Math.PI * (hour - 6)) / 12));
  const consumption = new Map<string, bigint>();
  const production = new Map<string, bigint>();
  ids.forEach((id, n) => {
    const k = kind(n);
    if (k !== "producer") consumption.set(id, BigInt(50_000 + Math.floor(random() * 200_000)));
    if (k !== "consumer") production.set(id, BigInt(Math.floor(sun * peak[n]! * (0.7 + 0.3 * random()))));
  });
  intervals.push({ start: new Date(t).toISOString(), consumption, production });
}
const cells = intervals.reduce((s, iv) => s + iv.consumption.size + iv.production.size, 0);
console.log(`[bench] ${MEMBERS} members, ${intervals.length} quarter hours (${PERIOD.start} – ${PERIOD.end}, ${TIME_ZONE}), ${cells} readings, ${versions.length} limit versions × 2 bands; built in ${((performance.now() - t0) / 1000).toFixed(2)} s`);

const dynamic: SettlementProblem = { rule: { kind: "dynamic" }, participation: new Map(), valuation: { kind: "flat", priceMicroEurPerKWh: 155_000n }, intervals };
const market = (pricing: "midpoint" | "uniform"): SettlementProblem => ({
  rule: { kind: "market", retail: RETAIL, feedIn: FEED_IN, gridFee: GRID_FEE, pricing, limits: { timeZone: TIME_ZONE, versions } },
  participation: new Map(),
  intervals,
});

function time(problem: SettlementProblem): { ms: number; shared: bigint } {
  let best = Infinity;
  let shared = 0n;
  settle(problem, { keepIntervals: false }); // warm-up
  for (let r = 0; r < REPEAT; r++) {
    const t = performance.now();
    shared = settle(problem, { keepIntervals: false }).totals.shared;
    best = Math.min(best, performance.now() - t);
  }
  return { ms: best, shared };
}

const d = time(dynamic);
const mid = time(market("midpoint"));
const uni = time(market("uniform"));
const s = (ms: number) => (ms / 1000).toFixed(2);
const kWh = (mWh: bigint) => (Number(mWh) / 1e6).toFixed(0);
console.log(`[bench] dynamic + flat valuation:  ${s(d.ms)} s  (shared ${kWh(d.shared)} kWh)`);
console.log(`[bench] market, midpoint pricing:  ${s(mid.ms)} s  (traded ${kWh(mid.shared)} kWh)  ratio ${(mid.ms / d.ms).toFixed(2)}×`);
console.log(`[bench] market, uniform pricing:   ${s(uni.ms)} s  (traded ${kWh(uni.shared)} kWh)  ratio ${(uni.ms / d.ms).toFixed(2)}×  (goal ≤ 1.5×)`);
console.log(
  JSON.stringify({
    bench: "market",
    members: MEMBERS,
    intervals: intervals.length,
    dynamicMs: Math.round(d.ms),
    marketMidpointMs: Math.round(mid.ms),
    marketUniformMs: Math.round(uni.ms),
    ratioMidpoint: Number((mid.ms / d.ms).toFixed(3)),
    ratioUniform: Number((uni.ms / d.ms).toFixed(3)),
  }),
);
