// Public figures against a real PostgreSQL: exact energy per day, month, year and in total; shared
// energy per interval; credits from final runs and the ledger; and everything the privacy rule hides
// stays hidden — no value, no member.
import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { finalizeRun } from "@/server/settlement/finalize-run";
import { settlementWorld, writeReadings, type TestMember } from "@/server/settlement/test-settlement";
import { callerAs } from "@/server/test/factories";
import { publicDataChanged, readPublicDataVersion } from "./public-data-version";
import { forgetPublicStats, memberDays, publicStats, publicStatsCached } from "./public-stats";
import type { Amount, EnergyRow, Hidden } from "./public-figures";
import { createTranslator } from "next-intl";
import { MESSAGES } from "@/server/i18n/messages";

// Hidden figures carry a reason code; these tests read them as the English page words them.
const en = createTranslator({ locale: "en", messages: MESSAGES.en, namespace: "privacy" });
const words = (h: Hidden) => en(`reason.${h.reason}`, h.params);

// Local days in Europe/Rome (UTC+1 in March): 2026-03-02 is 96 quarter hours from 23:00Z the day before.
const day = (d: number) => `2026-03-${String(d).padStart(2, "0")}`;
const from = (d: number) => `2026-03-${String(d - 1).padStart(2, "0")}T23:00:00Z`;
const NOW = new Date("2026-03-20T12:00:00Z");

const consumers = (n: number, extra: Partial<TestMember> = {}): TestMember[] => Array.from({ length: n }, () => ({ ...extra }));
const producers = (n: number): TestMember[] => Array.from({ length: n }, () => ({ injection: true }));

/** Writes the same quarter-hour energy for every listed day into the member's point. */
async function every(communityId: string, pointId: string, days: number[], mWh: bigint) {
  for (const d of days) await writeReadings(communityId, pointId, from(d), from(d + 1), mWh);
}

const value = (a: Amount | null | undefined) => (a?.shown ? a.value : a ? `hidden: ${words(a)}` : null);
const row = (rows: EnergyRow[], key: string) => rows.find((r) => r.key === key)!;
const summary = (r: EnergyRow) => ({
  production: value(r.productionMWh),
  consumption: value(r.consumptionMWh),
  shared: value(r.sharedMWh),
  surplus: value(r.surplusMWh),
  selfSufficiency: r.selfSufficiency?.shown ? r.selfSufficiency.percent : r.selfSufficiency ? `hidden: ${words(r.selfSufficiency)}` : null,
  selfConsumption: r.selfConsumption?.shown ? r.selfConsumption.percent : r.selfConsumption ? `hidden: ${words(r.selfConsumption)}` : null,
  co2: value(r.avoidedCo2Micrograms),
});

describe("public figures", () => {
  it("5 consumers × 100 Wh, 5 producers × 30 Wh per quarter hour → shared 150 Wh/interval = 14.4 kWh a day, self-sufficiency 30.0 %, self-consumption 100.0 %, CO₂ 3.6 kg", async () => {
    const w = await settlementWorld([...consumers(5), ...producers(5)], { privacyThreshold: 5 });
    for (const m of w.members.slice(0, 5)) await every(w.community.id, m.consumption!.id, [2, 3], 100_000n);
    for (const m of w.members.slice(5)) await every(w.community.id, m.injection!.id, [2, 3], 30_000n);
    const s = await publicStats(db(), w.community.slug, { now: NOW });
    expect(s.figures.sharedFrom).toBe("intervals");
    expect(s.figures.energy.days.map((r) => r.key)).toEqual([day(2), day(3)]);
    const oneDay = { production: "14400000", consumption: "48000000", shared: "14400000", surplus: "0", selfSufficiency: "30.0", selfConsumption: "100.0", co2: "3600000000" };
    expect(summary(row(s.figures.energy.days, day(2)))).toEqual(oneDay);
    expect(summary(row(s.figures.energy.days, day(3)))).toEqual(oneDay);
    const twoDays = { production: "28800000", consumption: "96000000", shared: "28800000", surplus: "0", selfSufficiency: "30.0", selfConsumption: "100.0", co2: "7200000000" };
    expect(summary(row(s.figures.energy.months, "2026-03"))).toEqual(twoDays);
    expect(summary(row(s.figures.energy.years, "2026"))).toEqual(twoDays);
    expect(summary(s.figures.energy.total!)).toEqual(twoDays);
    expect(s.figures.energy.total).toMatchObject({ from: day(2), to: day(4) });
    expect(s.figures.members.total).toEqual({ shown: true, value: "10" });
    expect(s.figures.members.byKind.map((k) => [k.kind, value(k.count)])).toEqual([
      ["CONSUMER", "5"],
      ["PRODUCER", "5"],
      ["PROSUMER", "0"],
    ]);
  });

  it("5 consumers × 20 Wh, 5 producers × 100 Wh → shared 100 Wh/interval (all consumption covered), surplus 400 Wh/interval = 38.4 kWh a day, self-consumption 20.0 %", async () => {
    const w = await settlementWorld([...consumers(5), ...producers(5)]);
    for (const m of w.members.slice(0, 5)) await every(w.community.id, m.consumption!.id, [2], 20_000n);
    for (const m of w.members.slice(5)) await every(w.community.id, m.injection!.id, [2], 100_000n);
    const s = await publicStats(db(), w.community.slug, { now: NOW });
    expect(summary(row(s.figures.energy.days, day(2)))).toEqual({
      production: "48000000",
      consumption: "9600000",
      shared: "9600000",
      surplus: "38400000",
      selfSufficiency: "100.0",
      selfConsumption: "20.0",
      co2: "2400000000",
    });
  });

  it("one producer of 400 Wh beside 4 of 50 Wh (67 %) → production, surplus and self-consumption hidden; shared energy (5 consumers × 100 Wh, all covered) shown", async () => {
    const w = await settlementWorld([...consumers(5), ...producers(5)]);
    for (const m of w.members.slice(0, 5)) await every(w.community.id, m.consumption!.id, [2], 100_000n);
    await every(w.community.id, w.members[5]!.injection!.id, [2], 400_000n);
    for (const m of w.members.slice(6)) await every(w.community.id, m.injection!.id, [2], 50_000n);
    const s = await publicStats(db(), w.community.slug, { now: NOW });
    expect(summary(row(s.figures.energy.days, day(2)))).toEqual({
      production: "hidden: one member is more than 30 %",
      consumption: "48000000",
      shared: "48000000",
      surplus: "hidden: one member is more than 30 %",
      selfSufficiency: "100.0",
      selfConsumption: "hidden: one member is more than 30 %",
      co2: "12000000000",
    });
    // Hidden means no value anywhere: 600 Wh × 96 = 57.6 kWh of production appears nowhere.
    expect(JSON.stringify(s)).not.toContain("57600000");
  });

  it("a community of 3 members (k = 5) shows no energy figure and no count: every cell says fewer than 5 members, and no value or member leaks", async () => {
    const w = await settlementWorld([...consumers(2), ...producers(1)]);
    for (const m of w.members.slice(0, 2)) await every(w.community.id, m.consumption!.id, [2, 3], 100_000n);
    await every(w.community.id, w.members[2]!.injection!.id, [2, 3], 150_000n);
    const s = await publicStats(db(), w.community.slug, { now: NOW });
    const rows = [s.figures.energy.total!, ...s.figures.energy.years, ...s.figures.energy.months, ...s.figures.energy.days];
    expect(rows).toHaveLength(5);
    for (const r of rows) {
      for (const cell of [r.productionMWh, r.consumptionMWh, r.sharedMWh, r.surplusMWh, r.selfSufficiency, r.selfConsumption, r.avoidedCo2Micrograms]) {
        expect(cell).toEqual({ shown: false, reason: "FEWER_THAN_K", params: { k: 5 } });
      }
    }
    expect(s.figures.members.total).toEqual({ shown: false, reason: "FEWER_THAN_K", params: { k: 5 } });
    expect(`hidden: ${words(s.figures.members.total as Hidden)}`).toBe("hidden: fewer than 5 members");
    const text = JSON.stringify(s);
    for (const secret of ["9600000", "14400000", "19200000", "28800000", ...w.members.flatMap((m) => [m.member.id, m.member.pseudonym, m.member.reference])]) expect(text).not.toContain(secret);
  });

  it("a 6th consumer joins on day 4 of 5 → consumption on day 4 hidden (members joined or left) and day 3 with it, so that the month (exact: 5 × 9.6 kWh × 5 days + 9.6 kWh × 3 days) cannot give day 4 away", async () => {
    const w = await settlementWorld([...consumers(5), { joinedOn: day(4) }, ...producers(5)]);
    for (const m of w.members.slice(0, 5)) await every(w.community.id, m.consumption!.id, [2, 3, 4, 5, 6], 100_000n);
    await every(w.community.id, w.members[5]!.consumption!.id, [2, 3, 4, 5, 6], 100_000n); // before joining: not counted
    for (const m of w.members.slice(6)) await every(w.community.id, m.injection!.id, [2, 3, 4, 5, 6], 30_000n);
    const s = await publicStats(db(), w.community.slug, { now: NOW });
    const consumption = (key: string) => value(row(s.figures.energy.days, key).consumptionMWh);
    expect([2, 3, 4, 5, 6].map((d) => consumption(day(d)))).toEqual(["48000000", "hidden: would let a hidden figure be worked out", "hidden: members joined or left", "57600000", "57600000"]);
    expect(value(row(s.figures.energy.months, "2026-03").consumptionMWh)).toBe(String(5n * 9_600_000n * 5n + 9_600_000n * 3n));
  });

  it("5 producers × 25 Wh, 5 consumers × 100 Wh, 0.10 €/kWh, one settled day → Community Credit €1.20 (5 × €0.24), paid to date €1.20, total €1.20", async () => {
    const w = await settlementWorld([...consumers(5), ...producers(5)], { priceEurPerKWh: "0.10000" });
    for (const m of w.members.slice(0, 5)) await every(w.community.id, m.consumption!.id, [2], 100_000n);
    for (const m of w.members.slice(5)) await every(w.community.id, m.injection!.id, [2], 25_000n);
    await finalizeRun(db(), w.community.id, { start: day(2), end: day(3) }, { kind: "scheduler" }, { now: NOW });
    const s = await publicStats(db(), w.community.slug, { now: NOW });
    expect(s.figures.periods).toEqual([
      { from: day(2), to: day(3), version: 1, sharedMWh: null, avoidedCo2Micrograms: null, communityCreditCents: { shown: true, value: "120" }, creditsPaidToDateCents: { shown: true, value: "120" }, market: null },
    ]);
    expect(s.figures.communityCreditTotalCents).toEqual({ shown: true, value: "120" });
  });

  it("credits of a period with a hidden day stay hidden (credits ≈ price × shared energy): a member joins on day 3 of a settled 2-day period", async () => {
    const w = await settlementWorld([...consumers(5), { joinedOn: day(3) }, ...producers(5)], { priceEurPerKWh: "0.10000" });
    for (const m of w.members.slice(0, 6)) await every(w.community.id, m.consumption!.id, [2, 3], 100_000n);
    for (const m of w.members.slice(6)) await every(w.community.id, m.injection!.id, [2, 3], 25_000n);
    await finalizeRun(db(), w.community.id, { start: day(2), end: day(4) }, { kind: "scheduler" }, { now: NOW });
    const s = await publicStats(db(), w.community.slug, { now: NOW });
    expect(value(row(s.figures.energy.days, day(3)).sharedMWh)).toBe("hidden: members joined or left");
    expect(value(s.figures.periods[0]!.communityCreditCents)).toBe("hidden: would let a hidden figure be worked out");
    expect(value(s.figures.periods[0]!.creditsPaidToDateCents)).toBe("hidden: would let a hidden figure be worked out");
    expect(value(s.figures.communityCreditTotalCents)).toBe("hidden: would let a hidden figure be worked out");
  });

  it("static keys (5 × 0.2): shared energy only per settled period, from the final run — 12 kWh, CO₂ 3 kg, credit €1.20; days show production and consumption only", async () => {
    const w = await settlementWorld([...consumers(5), ...producers(5)], { priceEurPerKWh: "0.10000", rule: { kind: "STATIC", shares: {} } });
    await db().community.update({ where: { id: w.community.id }, data: { ruleParams: { shares: Object.fromEntries(w.members.slice(0, 5).map((m) => [m.member.pseudonym, "0.2"])) } } });
    for (const m of w.members.slice(0, 5)) await every(w.community.id, m.consumption!.id, [2], 100_000n);
    for (const m of w.members.slice(5)) await every(w.community.id, m.injection!.id, [2], 25_000n);
    await finalizeRun(db(), w.community.id, { start: day(2), end: day(3) }, { kind: "scheduler" }, { now: NOW });
    const s = await publicStats(db(), w.community.slug, { now: NOW });
    expect(s.figures.sharedFrom).toBe("settlement-runs");
    expect(summary(row(s.figures.energy.days, day(2)))).toEqual({ production: "12000000", consumption: "48000000", shared: null, surplus: null, selfSufficiency: null, selfConsumption: null, co2: null });
    expect(s.figures.periods[0]).toMatchObject({ sharedMWh: { shown: true, value: "12000000" }, avoidedCo2Micrograms: { shown: true, value: "3000000000" }, communityCreditCents: { shown: true, value: "120" } });
  });

  it("kept while the public data's version stays (1 s poll) and a minute at most; a change in this process shows at once, one in the database after the poll; an unknown address is not kept", async () => {
    const w = await settlementWorld([...consumers(5), ...producers(5)]);
    const t = 1_000_000;
    publicDataChanged(); // the poll starts at t
    const first = await publicStatsCached(db(), w.community.slug, t);
    expect(await publicStatsCached(db(), w.community.slug, t + 999)).toBe(first);
    // A change made by another process: the database's version moves; seen once the poll is due.
    await db().community.update({ where: { id: w.community.id }, data: { name: `${w.community.name} renamed` } });
    expect(await publicStatsCached(db(), w.community.slug, t + 999)).toBe(first);
    const afterPoll = await publicStatsCached(db(), w.community.slug, t + 1_000);
    expect(afterPoll).not.toBe(first);
    expect(afterPoll.community.name).toBe(`${w.community.name} renamed`);
    // A change in this process (a finalize): at once, without waiting for the poll.
    expect(await publicStatsCached(db(), w.community.slug, t + 1_001)).toBe(afterPoll);
    forgetPublicStats(w.community.slug);
    const afterForget = await publicStatsCached(db(), w.community.slug, t + 1_002);
    expect(afterForget).not.toBe(afterPoll);
    // At most a minute, whatever the version.
    expect(await publicStatsCached(db(), w.community.slug, t + 61_002)).not.toBe(afterForget);
    const missing = publicStatsCached(db(), "no-such-community-cached", t + 61_002);
    await expect(missing).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(publicStatsCached(db(), "no-such-community-cached", t + 61_003)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("the public data's version read from PostgreSQL: its import-batch part moves with an import, its settlement-run part with a finalize", async () => {
    const w = await settlementWorld([...consumers(2), ...producers(1)]);
    // Parts in VERSION_SQL's order: community, member, metering_point, participation_factor, import_batch (4), settlement_run (5), …
    const parts = async () => (await readPublicDataVersion(db())).split("|");
    const v0 = await parts();
    for (const m of w.members) await every(w.community.id, (m.consumption ?? m.injection)!.id, [2], 1_000n);
    const v1 = await parts();
    expect(v1[4]).not.toBe(v0[4]);
    await finalizeRun(db(), w.community.id, { start: day(2), end: day(3) }, { kind: "scheduler" }, { now: NOW });
    expect((await parts())[5]).not.toBe(v1[5]);
  });

  it("an unknown address is not found", async () => {
    await expect(publicStats(db(), "no-such-community-here")).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("public endpoints (tRPC, anonymous)", () => {
  it("transparency.stats and .checkpoints answer anyone, with no member id, pseudonym, reference or personal data; an unknown address is NOT_FOUND", async () => {
    const w = await settlementWorld([...consumers(5), ...producers(5)], { priceEurPerKWh: "0.10000" });
    await db().memberPersonalData.create({ data: { memberId: w.members[0]!.member.id, name: "Ada Sunbeam", email: "ada.sunbeam@example.test" } });
    for (const m of w.members.slice(0, 5)) await every(w.community.id, m.consumption!.id, [2], 100_000n);
    for (const m of w.members.slice(5)) await every(w.community.id, m.injection!.id, [2], 25_000n);
    const run = await finalizeRun(db(), w.community.id, { start: day(2), end: day(3) }, { kind: "scheduler" }, { now: NOW });
    const anyone = callerAs(null);
    const stats = await anyone.transparency.stats({ slug: w.community.slug });
    expect(stats.figures.energy.days.length).toBeGreaterThan(0);
    expect(value(stats.figures.periods[0]?.communityCreditCents)).toBe("120");
    const checkpoints = await anyone.transparency.checkpoints({ slug: w.community.slug });
    const stored = await db().settlementRun.findUniqueOrThrow({ where: { id: run.runId } });
    expect(checkpoints.checkpoints).toMatchObject([{ treeSize: stored.checkpointSize.toString(), root: stored.checkpointRoot, periodStart: day(2), periodEnd: day(3), version: 1 }]);
    const text = JSON.stringify([stats, checkpoints]);
    for (const m of w.members) for (const secret of [m.member.id, m.member.pseudonym, m.member.reference]) expect(text).not.toContain(secret);
    for (const secret of ["Ada Sunbeam", "ada.sunbeam", w.community.id, run.runId]) expect(text).not.toContain(secret);
    await expect(anyone.transparency.stats({ slug: "no-such-community-here" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(anyone.transparency.checkpoints({ slug: "no-such-community-here" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("shared energy per interval (SQL)", () => {
  it("hourly PV of 100 001 mWh spread 25 001 + 3 × 25 000 beside 25 000 mWh of consumption each quarter hour → 100 000 mWh shared an hour: 25 000 from the consumer (first quarter), 75 000 from the producer", async () => {
    const w = await settlementWorld([{}, { injection: true }], { timeZone: "UTC" });
    await writeReadings(w.community.id, w.members[0]!.consumption!.id, "2026-03-02T00:00:00Z", "2026-03-03T00:00:00Z", 25_000n);
    await writeReadings(w.community.id, w.members[1]!.injection!.id, "2026-03-02T00:00:00Z", "2026-03-03T00:00:00Z", 100_001n, 3600);
    const rows = await memberDays(db(), { id: w.community.id, timeZone: "UTC", intervalMinutes: 15 }, new Date("2026-03-10T00:00:00Z"));
    const of = (id: string) => rows.find((r) => r.member === id)!;
    expect(of(w.members[0]!.member.id)).toMatchObject({ day: "2026-03-02", consumptionMWh: 2_400_000n, injectionMWh: null, sharedMWh: 24n * 25_000n });
    expect(of(w.members[1]!.member.id)).toMatchObject({ day: "2026-03-02", consumptionMWh: null, injectionMWh: 24n * 100_001n, sharedMWh: 24n * 75_000n });
  });

  it("readings before a member joined or after the day is over do not count", async () => {
    const w = await settlementWorld([{ joinedOn: "2026-03-03" }], { timeZone: "UTC" });
    await writeReadings(w.community.id, w.members[0]!.consumption!.id, "2026-03-02T00:00:00Z", "2026-03-05T00:00:00Z", 1_000n);
    const rows = await memberDays(db(), { id: w.community.id, timeZone: "UTC", intervalMinutes: 15 }, new Date("2026-03-04T00:00:00Z"));
    expect(rows.map((r) => [r.day, r.consumptionMWh])).toEqual([["2026-03-03", 96_000n]]);
  });
});
