import { describe, expect, it } from "vitest";
import { percentOf, publicFigures, type FiguresInput, type MemberDay, type SettledPeriod } from "./public-figures";

const K5 = { k: 5 };
/** n consumers with c mWh and n producers with p mWh on a day; shared parts from the binding side. */
function day(date: string, n: number, c: bigint, p: bigint): MemberDay[] {
  const productionBinds = n * Number(p) <= n * Number(c);
  return [
    ...Array.from({ length: n }, (_, i) => ({ member: `c${i}`, day: date, consumptionMWh: c, injectionMWh: null, sharedMWh: productionBinds ? 0n : c })),
    ...Array.from({ length: n }, (_, i) => ({ member: `p${i}`, day: date, consumptionMWh: null, injectionMWh: p, sharedMWh: productionBinds ? p : 0n })),
  ];
}
const period = (start: string, end: string, cents: bigint, members: string[]): SettledPeriod => ({
  start,
  end,
  version: 1,
  sharedMWh: 0n,
  communityCreditCents: cents,
  creditsPaidCents: cents,
  market: null,
  members: members.map((m) => ({ member: m, allocatedMWh: 1000n, deliveredMWh: 1000n, creditCents: cents / BigInt(members.length), winCents: null })),
});
const input = (over: Partial<FiguresInput>): FiguresInput => ({ policy: K5, co2GramsPerKWh: 250, sharedPerInterval: true, days: [], periods: [], members: [], ...over });
const producers = Array.from({ length: 5 }, (_, i) => `p${i}`);

describe("rates", () => {
  it("1 of 3 → 33.3; 2 of 3 → 66.7 (half up); 1 of 8 → 12.5; 0 of 5 → 0.0; 7 of 7 → 100.0", () => {
    expect([percentOf(1n, 3n), percentOf(2n, 3n), percentOf(1n, 8n), percentOf(0n, 5n), percentOf(7n, 7n)]).toEqual(["33.3", "66.7", "12.5", "0.0", "100.0"]);
  });
});

describe("public figures (pure)", () => {
  it("5 consumers × 1000, 5 producers × 400 mWh → shared 2000, surplus 0, self-sufficiency 40.0 %, CO₂ 2000 × 250 µg", () => {
    const f = publicFigures(input({ days: day("2026-03-02", 5, 1000n, 400n) }));
    expect(f.energy.days[0]).toMatchObject({
      key: "2026-03-02",
      from: "2026-03-02",
      to: "2026-03-03",
      sharedMWh: { shown: true, value: "2000" },
      surplusMWh: { shown: true, value: "0" },
      selfSufficiency: { shown: true, percent: "40.0" },
      selfConsumption: { shown: true, percent: "100.0" },
      avoidedCo2Micrograms: { shown: true, value: "500000" },
    });
    expect(f.energy.months[0]).toMatchObject({ key: "2026-03", from: "2026-03-01", to: "2026-04-01" });
    expect(f.energy.years[0]).toMatchObject({ key: "2026", from: "2026-01-01", to: "2027-01-01" });
  });

  it("static rules: no shared energy per day (null, not hidden), production and consumption still shown", () => {
    const f = publicFigures(input({ sharedPerInterval: false, days: day("2026-03-02", 5, 1000n, 400n) }));
    expect(f.sharedFrom).toBe("settlement-runs");
    expect(f.energy.days[0]).toMatchObject({ productionMWh: { shown: true, value: "2000" }, sharedMWh: null, surplusMWh: null, selfSufficiency: null, avoidedCo2Micrograms: null });
  });

  it("credits paid to date run on while periods are shown and stop at the first hidden one (a week with 3 producers, k = 5; the week after differs in members)", () => {
    const f = publicFigures(
      input({
        sharedPerInterval: false,
        periods: [period("2026-03-02", "2026-03-09", 500n, producers), period("2026-03-09", "2026-03-16", 300n, producers.slice(0, 3)), period("2026-03-16", "2026-03-23", 500n, producers)],
      }),
    );
    expect(f.periods.map((p) => (p.creditsPaidToDateCents.shown ? p.creditsPaidToDateCents.value : p.creditsPaidToDateCents.reason))).toEqual(["500", "FEWER_THAN_K", "MEMBERS_CHANGED"]);
    expect(f.communityCreditTotalCents).toMatchObject({ shown: false });
  });

  it("members by kind: 0 prosumers is shown as 0; 3 producers (k = 5) hidden, and the 5 consumers with them, else the total 8 − 5 would give the producers away", () => {
    const members = [...Array.from({ length: 5 }, (_, i) => ({ member: `c${i}`, kind: "CONSUMER" as const })), ...Array.from({ length: 3 }, (_, i) => ({ member: `p${i}`, kind: "PRODUCER" as const }))];
    const f = publicFigures(input({ members }));
    expect(f.members.byKind.map((k) => [k.kind, k.count.shown ? k.count.value : k.count.reason])).toEqual([
      ["CONSUMER", "PROTECTS_HIDDEN"],
      ["PRODUCER", "FEWER_THAN_K"],
      ["PROSUMER", "0"],
    ]);
    expect(f.members.total).toEqual({ shown: true, value: "8" });
  });
});

describe("market periods", () => {
  /** 6 members, 6 kWh traded for 90 cents; `wins` per member. */
  const marketPeriod = (wins: bigint[]): SettledPeriod => ({
    ...period("2026-03-01", "2026-04-01", 60n, wins.map((_, i) => `m${i}`)),
    sharedMWh: 6_000_000n,
    market: { paidCents: 90n, valueKeptCents: wins.reduce((a, b) => a + b, 0n) },
    members: wins.map((w, i) => ({ member: `m${i}`, allocatedMWh: 1_000_000n, deliveredMWh: 1_000_000n, creditCents: 10n, winCents: w })),
  });

  it("6 members with a win of 100 cents each: 600 cents kept in the community, average price 0.90 € / 6 kWh = 0.15 €/kWh; the total too", () => {
    const f = publicFigures(input({ sharedPerInterval: false, periods: [marketPeriod([100n, 100n, 100n, 100n, 100n, 100n])] }));
    expect(f.periods[0]!.market).toEqual({ valueKeptCents: { shown: true, value: "600" }, averagePriceEurPerKWh: { shown: true, value: "0.15" } });
    expect(f.valueKeptTotalCents).toEqual({ shown: true, value: "600" });
  });

  it("one member with 1,000 of 1,050 cents of win dominates: the value kept, the price and the credits of the period are hidden together", () => {
    const f = publicFigures(input({ sharedPerInterval: false, periods: [marketPeriod([1000n, 10n, 10n, 10n, 10n, 10n])] }));
    expect(f.periods[0]!.market!.valueKeptCents.shown).toBe(false);
    expect(f.periods[0]!.market!.averagePriceEurPerKWh!.shown).toBe(false);
    expect(f.periods[0]!.communityCreditCents.shown).toBe(false);
    expect(f.valueKeptTotalCents!.shown).toBe(false);
  });

  it("other rules have no market figures", () => {
    const f = publicFigures(input({ periods: [period("2026-03-01", "2026-04-01", 600n, producers)] }));
    expect(f.periods[0]!.market).toBeNull();
    expect(f.valueKeptTotalCents).toBeNull();
  });
});
