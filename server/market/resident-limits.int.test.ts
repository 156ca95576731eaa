// A resident's own market limits: set in ct/kWh from today (audited, refused outside [F, R] in plain
// words), and the preview of last month with a proposed limit, which returns the resident's own
// figures only.
import { describe, expect, it } from "vitest";
import { AppError } from "@/server/errors";
import { db } from "@/server/db/client";
import { ownMember } from "@/server/residents/own-member";
import { settlementWorld, writeReadings } from "@/server/settlement/test-settlement";
import { makeUser } from "@/server/test/factories";
import { myMarketLimits, previewMyLimits, setMyMarketLimit } from "./resident-limits";

const NOW = new Date("2026-04-10T08:00:00Z");
const MARCH_FROM = "2026-02-28T23:00:00Z";
const MARCH_TO = "2026-03-31T22:00:00Z";
const INTERVALS = 2972n; // March 2026 in Rome (DST): 743 hours

/** Market R 25 ct, F 6 ct, no fee, midpoint: the resident and a neighbour consume 100 Wh, a producer feeds in 150 Wh, every quarter hour of March. */
async function marketWorld() {
  const w = await settlementWorld([{}, {}, { injection: true }], { rule: { kind: "MARKET", retailEurPerKWh: "0.25", feedInEurPerKWh: "0.06", gridFeeEurPerKWh: "0", pricing: "midpoint" } });
  const [resident, neighbour, producer] = w.members;
  await writeReadings(w.community.id, resident!.consumption!.id, MARCH_FROM, MARCH_TO, 100_000n);
  await writeReadings(w.community.id, neighbour!.consumption!.id, MARCH_FROM, MARCH_TO, 100_000n);
  await writeReadings(w.community.id, producer!.injection!.id, MARCH_FROM, MARCH_TO, 150_000n);
  const user = await makeUser();
  await db().member.update({ where: { id: resident!.member.id }, data: { userId: user.id } });
  const own = await ownMember(db(), [resident!.member.id], resident!.member.id);
  return { ...w, user, own, neighbour: neighbour!.member, producer: producer!.member };
}

async function refusal(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error("expected a refusal");
}

describe("a resident's own market limits", () => {
  it("preview of March with a buy limit of 7 ct: 50 Wh per quarter hour at (7 + 6) / 2 = 6.5 ct instead of 75 Wh at (25 + 6) / 2 = 15.5 ct; only the resident's own figures", async () => {
    const w = await marketWorld();
    const p = await previewMyLimits(db(), w.own, { memberId: w.own.id, buyCtPerKWh: "7", sellCtPerKWh: null }, NOW);
    expect(p.period).toEqual({ start: "2026-03-01", end: "2026-04-01" });
    // Now: both buyers bid R, the 150 Wh are shared pro rata, 75 Wh each, at the midpoint of R and F.
    expect(p.current).toMatchObject({ boughtMWh: String(75_000n * INTERVALS), soldMWh: "0", buyPriceEurPerKWh: "0.155" });
    // 7 ct: the neighbour (bidding R) is served first, 100 Wh; the resident gets the other 50 Wh.
    // The average shown is of what was posted: 148.6 kWh × 0.065 = 9.659 € → 966 cents; 9.66 / 148.6 = 0.06501.
    expect(p.proposed).toMatchObject({ boughtMWh: String(50_000n * INTERVALS), paidCents: "966", buyPriceEurPerKWh: "0.06501" });
    // Win: (25 − 6.5) ct × 148.6 kWh = 27.491 € → 2749 cents.
    expect(p.proposed!.winCents).toBe("2749");
    const text = JSON.stringify(p);
    for (const other of [w.neighbour, w.producer]) {
      expect(text).not.toContain(other.id);
      expect(text).not.toContain(other.pseudonym);
    }
  });

  it("a buy limit of 30 ct (above R = 25) is refused naming priceCtPerKWh, nothing written; 18 ct is set from today, whole day, and audited as the resident", async () => {
    const w = await marketWorld();
    expect(await myMarketLimits(db(), w.own, NOW)).toMatchObject({ retailCt: "25", feedInCt: "6", today: "2026-04-10", buy: null, sell: null });
    const e = await refusal(setMyMarketLimit(db(), { userId: w.user.id }, w.own, { memberId: w.own.id, side: "BUY", priceCtPerKWh: "30" }, NOW));
    expect(e.problems?.[0]?.where).toBe("priceCtPerKWh");
    expect(e.message).toMatch(/between 6 and 25 ct\/kWh/);
    expect(await db().marketLimit.count({ where: { memberId: w.own.id } })).toBe(0);

    const after = await setMyMarketLimit(db(), { userId: w.user.id }, w.own, { memberId: w.own.id, side: "BUY", priceCtPerKWh: "18" }, NOW);
    expect(after.buy).toEqual({ validFrom: "2026-04-10", bands: [{ from: "00:00", to: "24:00", priceCt: "18" }] });
    const audit = await db().auditEvent.findFirst({ where: { communityId: w.community.id, action: "market.limits.set" } });
    expect(audit?.actorUserId).toBe(w.user.id);
  });

  it("a resident of a community that does not settle as a market is refused (400)", async () => {
    const w = await marketWorld();
    await db().community.update({ where: { id: w.community.id }, data: { ruleKind: "DYNAMIC" } });
    expect((await refusal(myMarketLimits(db(), w.own, NOW))).code).toBe("BAD_REQUEST");
  });
});
