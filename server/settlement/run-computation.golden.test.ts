// The golden dataset: a community of 3 members over 2 days of 15-minute data
// (golden/three-members-two-days.json), computed without a database and compared with
// golden/three-members-two-days.expected.json. The figures are derived by hand below.
//
// Members: Anna (R001) consumes 300 Wh every interval; Bruno (R002) 500 Wh every interval except
// one (day 2, 12:00 local: no reading); the PV plant (R003) injects 1000 Wh per interval from 06:00 to
// 18:00 on day 1 (48 intervals), 600 Wh on day 2, 0 at night. Dynamic pro-rata at 0.10 EUR/kWh.
//   Day 1, daytime: shared = min(1000, 300 + 500) = 800 → Anna 300, Bruno 500, surplus 200 (× 48)
//   Day 2, daytime: shared = 600 of 800 → Anna 600·300/800 = 225, Bruno 375, surplus 0 (× 47)
//   Day 2, 12:00:   Bruno has no reading → shared = 300 → Anna 300, surplus 300
//   Anna  allocated 48·300 + 47·225 + 300 = 14 400 + 10 575 + 300 = 25 275 Wh
//   Bruno allocated 48·500 + 47·375       = 24 000 + 17 625       = 41 625 Wh
//   shared 25 275 + 41 625 = 66 900 Wh; surplus 48·200 + 300 = 9 900 Wh; 66 900 + 9 900 = 76 800 Wh injected
//   money: Anna 25.275 kWh · 0.10 = 252.75 ¢, Bruno 41.625 · 0.10 = 416.25 ¢, total 669 ¢ →
//   largest remainder: Anna 253 (.75 > .25), Bruno 416; the plant is credited 66.9 · 0.10 = 669 ¢.
import { describe, expect, it } from "vitest";
import { hex, rootFromLeafHashes } from "@/server/ledger/merkle";
import { goldenInputs } from "./golden/golden-inputs";
import { computeRun, finalizeRefusal, runRecords, sameResults } from "./run-computation";
import { settle } from "./engine";

const FIXTURE = new URL("./golden/three-members-two-days.json", import.meta.url);
const expected = (await import("./golden/three-members-two-days.expected.json", { with: { type: "json" } })).default;
const json = (v: unknown) => JSON.parse(JSON.stringify(v, (_, x: unknown) => (typeof x === "bigint" ? x.toString() : x)));
const WH = 1000n; // mWh per Wh

describe("golden dataset: 3 members, 2 days, 15-minute data", () => {
  const inputs = goldenInputs(FIXTURE);
  const c = computeRun(inputs);
  const r = runRecords(c, { runId: expected.runId, latest: null, tail: null });

  it("results, totals, gaps, postings, digest, entry hashes and root equal the expected file", () => {
    expect(json(c.members)).toEqual(expected.members);
    expect(json(r.totals)).toEqual(expected.totals);
    expect(c.gaps).toEqual(expected.gaps);
    expect(json(c.postings)).toEqual(expected.postings);
    expect(c.inputs.inputsDigest).toBe(expected.inputsDigest);
    expect(r.entries.map((e) => hex(e.hash))).toEqual(expected.entryHashes);
    expect(hex(rootFromLeafHashes(r.entries.map((e) => e.hash)))).toBe(expected.root);
  });

  it("day 1 12:00: PV 1000 Wh, Anna 300 + Bruno 500 → 300/500 allocated, 200 surplus; day 2 12:00 (Bruno missing): PV 600, Anna 300 → 300, surplus 300; day 2 13:00: 600·300/800 = 225, 375", () => {
    // The same intervals through the engine one by one (keepIntervals), as the run settles them.
    const at = (k: number) => ({
      start: new Date(inputs.from.getTime() + k * 900_000).toISOString(),
      consumption: new Map(inputs.series.filter((s) => s.direction === "CONSUMPTION" && s.energy[k] !== undefined).map((s) => [s.memberId, s.energy[k]!])),
      production: new Map(inputs.series.filter((s) => s.direction === "INJECTION").map((s) => [s.memberId, s.energy[k]!])),
    });
    const [anna, bruno, pv] = inputs.series.map((s) => s.memberId) as [string, string, string];
    const out = settle({ rule: { kind: "dynamic" }, participation: new Map(), intervals: [at(48), at(144), at(148)] }, { keepIntervals: true });
    const [d1, gap, d2] = out.intervals;
    expect([d1!.allocated.get(anna), d1!.allocated.get(bruno), d1!.surplus.get(pv)]).toEqual([300n * WH, 500n * WH, 200n * WH]);
    expect([gap!.allocated.get(anna), gap!.allocated.get(bruno) ?? 0n, gap!.surplus.get(pv)]).toEqual([300n * WH, 0n, 300n * WH]);
    expect([d2!.allocated.get(anna), d2!.allocated.get(bruno), d2!.surplus.get(pv)]).toEqual([225n * WH, 375n * WH, 0n]);
  });

  it("Anna 25 275 Wh → 253 ¢, Bruno 41 625 Wh → 416 ¢ (252.75 + 416.25 = 669, largest remainder), PV 66 900 Wh delivered → 669 ¢, surplus 9 900 Wh", () => {
    const [anna, bruno, pv] = c.members;
    expect([anna!.allocatedMWh, anna!.debitCents, anna!.consumptionMWh]).toEqual([25_275n * WH, 253n, 192n * 300n * WH]);
    expect([bruno!.allocatedMWh, bruno!.debitCents, bruno!.consumptionMWh]).toEqual([41_625n * WH, 416n, 191n * 500n * WH]);
    expect([pv!.deliveredMWh, pv!.creditCents, pv!.surplusMWh, pv!.injectionMWh]).toEqual([66_900n * WH, 669n, 9_900n * WH, (48n * 1000n + 48n * 600n) * WH]);
    expect(c.totals).toMatchObject({ sharedMWh: String(66_900n * WH), surplusMWh: String(9_900n * WH), valueCents: "669", communityCreditCents: "669" });
  });

  it("5 balanced postings: debits −253 −416, CC +669, credit +669, CC −669 (Σ = 0); the gap: Bruno's point, 1 of 192 missing, from 2026-03-03T11:00Z (12:00 in Rome)", () => {
    expect(c.postings.map((p) => [p.kind, p.account, p.amountCents])).toEqual([
      ["SHARED_ENERGY_DEBIT", "PC:M-ANNA", -253n],
      ["SHARED_ENERGY_DEBIT", "PC:M-BRUNO", -416n],
      ["SHARED_ENERGY_COLLECTED", "CC", 669n],
      ["SHARED_ENERGY_CREDIT", "PC:M-PV", 669n],
      ["SHARED_ENERGY_PAID", "CC", -669n],
    ]);
    expect(c.gaps).toEqual([expect.objectContaining({ reference: "R002", expectedIntervals: 192, missingIntervals: 1, firstMissing: "2026-03-03T11:00:00.000Z" })]);
  });

  it("finalize refusals: before the period's end (2026-03-03T23:00Z) and with gaps not accepted; none at the end with gaps accepted", () => {
    expect(finalizeRefusal(c, new Date("2026-03-03T22:59:59Z"), true)?.message).toMatch(/has not ended yet: it ends at 2026-03-03T23:00:00.000Z/);
    expect(finalizeRefusal(c, new Date("2026-03-03T23:00:00Z"), false)?.message).toMatch(/1 metering point\(s\) miss 1 interval\(s\)/);
    expect(finalizeRefusal(c, new Date("2026-03-03T23:00:00Z"), true)).toBeNull();
  });

  it("a correction once Bruno's reading (500 Wh) arrives: 5 reversals + 5 postings as seq 6…15 after the first run's tail; Anna 25 200 Wh → 252 ¢, Bruno 42 000 Wh → 420 ¢ (day 2: 48 × 225 and 48 × 375)", () => {
    const bruno = inputs.series[1]!;
    const energy = bruno.energy.map((e, k) => (k === 144 ? 500n * WH : e));
    const fixed = computeRun({ ...inputs, series: [inputs.series[0]!, { ...bruno, energy, missing: 0, firstMissingIdx: null }, inputs.series[2]!], inputsDigest: "changed" });
    expect(fixed.members.map((m) => [m.allocatedMWh, m.debitCents, m.creditCents])).toEqual([
      [25_200n * WH, 252n, 0n],
      [42_000n * WH, 420n, 0n],
      [0n, 0n, 672n],
    ]);
    expect(sameResults({ members: c.members, postings: c.postings }, fixed)).toBe(false);
    expect(sameResults({ members: c.members, postings: c.postings }, c)).toBe(true);
    const last = r.entries.at(-1)!;
    const corr = runRecords(fixed, { runId: "00000000-0000-4000-8000-0000000000f2", latest: { version: 1, entries: r.entries }, tail: { seq: last.seq, hash: last.hash } });
    expect([corr.version, corr.firstSeq, corr.lastSeq, corr.totals.entries]).toEqual([2, 6n, 15n, 10]);
    expect(corr.entries.slice(0, 5).map((e) => [e.kind, e.reversesSeq, e.amountCents])).toEqual([
      ["REVERSAL", 1n, 253n],
      ["REVERSAL", 2n, 416n],
      ["REVERSAL", 3n, -669n],
      ["REVERSAL", 4n, -669n],
      ["REVERSAL", 5n, 669n],
    ]);
    expect(corr.entries[0]!.prevHash).toEqual(last.hash); // chained after the first run
    expect(corr.entries.reduce((s, e) => s + e.amountCents, 0n)).toBe(0n);
  });

  it("pure: computed twice from the same fixture, byte-identical entries", () => {
    const again = runRecords(computeRun(goldenInputs(FIXTURE)), { runId: expected.runId, latest: null, tail: null });
    expect(again.entries.map((e) => hex(e.hash))).toEqual(r.entries.map((e) => hex(e.hash)));
  });
});
