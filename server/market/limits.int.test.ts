import { describe, expect, it } from "vitest";
import { resolveCommunityScope } from "@/server/access/scope";
import { db } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { settle } from "@/server/settlement/engine";
import { LimitResolver } from "@/server/settlement/market/limits";
import { callerAs, makeMember, makeWorld } from "@/server/test/factories";
import { deleteMarketLimits, listMarketLimits, loadMarketLimits, loadMarketRule, marketRuleSnapshot, setMarketLimits } from "./limits";

/** Community A with market tariffs R 0.25, F 0.06; the admin's scope to manage it. */
async function marketWorld() {
  const w = await makeWorld();
  await db().community.update({ where: { id: w.communityA.id }, data: { ruleKind: "MARKET", ruleParams: { retailEurPerKWh: "0.25", feedInEurPerKWh: "0.06", pricing: "uniform" } } });
  const scope = await resolveCommunityScope(db(), w.adminA.id, w.communityA.id, "manage");
  return { w, scope, actor: { userId: w.adminA.id } };
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

const twoBands = [
  { from: "10:00", to: "16:00", priceEurPerKWh: "0.18" },
  { from: "18:00", to: "22:00", priceEurPerKWh: "0.22" },
];

describe("market limits (service)", () => {
  it("sets a BUY version with bands 10:00–16:00 at 0.18 and 18:00–22:00 at 0.22, lists it and audits it", async () => {
    const { w, scope, actor } = await marketWorld();
    const v = await setMarketLimits(db(), actor, scope, { communityId: w.communityA.id, memberId: w.memberA1.id, side: "BUY", validFrom: "2026-03-01", bands: twoBands });
    expect(v.bands).toEqual([
      { from: "10:00", to: "16:00", priceEurPerKWh: "0.180000" },
      { from: "18:00", to: "22:00", priceEurPerKWh: "0.220000" },
    ]);
    expect(await listMarketLimits(db(), scope)).toEqual([v]);
    const audit = await db().auditEvent.findFirst({ where: { communityId: w.communityA.id, action: "market.limits.set" } });
    expect(audit).toMatchObject({ actorUserId: w.adminA.id, objectId: `${w.memberA1.id}:BUY:2026-03-01`, before: null, after: { side: "BUY", validFrom: "2026-03-01", bands: v.bands } });
  });

  it("setting the same version again replaces its bands; the audit event has before and after", async () => {
    const { w, scope, actor } = await marketWorld();
    const key = { communityId: w.communityA.id, memberId: w.memberA1.id, side: "SELL" as const, validFrom: "2026-03-01" };
    await setMarketLimits(db(), actor, scope, { ...key, bands: twoBands });
    await setMarketLimits(db(), actor, scope, { ...key, bands: [{ from: "00:00", to: "24:00", priceEurPerKWh: "0.09" }] });
    expect(await db().marketLimit.count({ where: { memberId: w.memberA1.id } })).toBe(1);
    const events = await db().auditEvent.findMany({ where: { communityId: w.communityA.id, action: "market.limits.set" }, orderBy: { createdAt: "asc" } });
    expect(events[1]).toMatchObject({ before: { bands: [{ from: "10:00" }, { from: "18:00" }] }, after: { bands: [{ from: "00:00", to: "24:00", priceEurPerKWh: "0.090000" }] } });
  });

  it("a price 0.30 above R = 0.25 is refused on bands[1].priceEurPerKWh naming the member, nothing written (never clamped)", async () => {
    const { w, scope, actor } = await marketWorld();
    const e = await refusal(
      setMarketLimits(db(), actor, scope, {
        communityId: w.communityA.id,
        memberId: w.memberA1.id,
        side: "BUY",
        validFrom: "2026-03-01",
        bands: [twoBands[0]!, { from: "18:00", to: "22:00", priceEurPerKWh: "0.30" }],
      }),
    );
    expect(e.code).toBe("BAD_REQUEST");
    expect(e.problems).toEqual([
      { where: "bands[1].priceEurPerKWh", message: `buy limit 0.30 EUR/kWh of member ${w.memberA1.pseudonym} is outside [0.06, 0.25] (feed-in tariff F, retail tariff R)` },
    ]);
    expect(await db().marketLimit.count({ where: { memberId: w.memberA1.id } })).toBe(0);
  });

  it("a sell limit 0.05 below F = 0.06 and overlapping bands 10:00–16:00 / 15:00–17:00 are refused", async () => {
    const { w, scope, actor } = await marketWorld();
    const e = await refusal(
      setMarketLimits(db(), actor, scope, {
        communityId: w.communityA.id,
        memberId: w.memberA2.id,
        side: "SELL",
        validFrom: "2026-03-01",
        bands: [
          { from: "10:00", to: "16:00", priceEurPerKWh: "0.05" },
          { from: "15:00", to: "17:00", priceEurPerKWh: "0.07" },
        ],
      }),
    );
    expect(e.problems.map((p) => p.where)).toEqual(["bands[0].priceEurPerKWh", "bands"]);
    expect(e.problems[1]!.message).toBe("time bands 10:00–16:00 and 15:00–17:00 overlap");
  });

  it("a community without the market rule and its tariffs refuses limits (where: rule); a member of another community is not found", async () => {
    const w = await makeWorld();
    const scope = await resolveCommunityScope(db(), w.adminA.id, w.communityA.id, "manage");
    const input = { communityId: w.communityA.id, memberId: w.memberA1.id, side: "BUY" as const, validFrom: "2026-03-01", bands: twoBands };
    expect((await refusal(setMarketLimits(db(), { userId: w.adminA.id }, scope, input))).problems[0]!.where).toBe("rule");
    // Tariffs without the market rule are not enough either.
    await db().community.update({ where: { id: w.communityA.id }, data: { ruleParams: { retailEurPerKWh: "0.25", feedInEurPerKWh: "0.06" } } });
    expect((await refusal(setMarketLimits(db(), { userId: w.adminA.id }, scope, input))).problems[0]!.where).toBe("rule");
    await db().community.update({ where: { id: w.communityA.id }, data: { ruleKind: "MARKET" } });
    expect((await refusal(setMarketLimits(db(), { userId: w.adminA.id }, scope, { ...input, memberId: w.memberB1.id }))).code).toBe("NOT_FOUND");
  });

  it("delete removes a version (audited); deleting it again is not found", async () => {
    const { w, scope, actor } = await marketWorld();
    const key = { communityId: w.communityA.id, memberId: w.memberA1.id, side: "BUY" as const, validFrom: "2026-03-01" };
    await setMarketLimits(db(), actor, scope, { ...key, bands: twoBands });
    await deleteMarketLimits(db(), actor, scope, key);
    expect(await listMarketLimits(db(), scope)).toEqual([]);
    expect(await db().auditEvent.count({ where: { communityId: w.communityA.id, action: "market.limits.delete" } })).toBe(1);
    expect((await refusal(deleteMarketLimits(db(), actor, scope, key))).code).toBe("NOT_FOUND");
  });

  it("the database refuses a band 16:00–10:00 and a negative price even without the service", async () => {
    const { w } = await marketWorld();
    const row = { communityId: w.communityA.id, memberId: w.memberA1.id, side: "BUY" as const, validFrom: new Date("2026-03-01T00:00:00Z") };
    await expect(db().marketLimit.create({ data: { ...row, startMinute: 960, endMinute: 600, priceEurPerKWh: "0.1" } })).rejects.toThrow(/market_limit_band/);
    await expect(db().marketLimit.create({ data: { ...row, startMinute: 0, endMinute: 600, priceEurPerKWh: "-0.1" } })).rejects.toThrow(/market_limit_price_non_negative/);
  });

  it("loaded for a run of March 2026: versions from 2026-04-01 on are left out; the engine clears with them (Rome 10:00 → 0.18)", async () => {
    const { w, scope, actor } = await marketWorld();
    const seller = await makeMember(w.communityA.id);
    const base = { communityId: w.communityA.id, memberId: w.memberA1.id, side: "BUY" as const };
    await setMarketLimits(db(), actor, scope, { ...base, validFrom: "2026-03-01", bands: twoBands });
    await setMarketLimits(db(), actor, scope, { ...base, validFrom: "2026-04-01", bands: [{ from: "00:00", to: "24:00", priceEurPerKWh: "0.25" }] });
    await setMarketLimits(db(), actor, scope, { ...base, memberId: seller.id, side: "SELL", validFrom: "2026-03-01", bands: [{ from: "00:00", to: "24:00", priceEurPerKWh: "0.10" }] });
    const limits = await loadMarketLimits(db(), w.communityA.id, "Europe/Rome", "2026-04-01");
    expect(limits.versions.map((v) => [v.member, v.side, v.validFrom, v.bands.length])).toEqual(
      [
        [w.memberA1.id, "BUY", "2026-03-01", 2],
        [seller.id, "SELL", "2026-03-01", 1],
      ].sort((a, b) => (a[0]! < b[0]! ? -1 : 1)),
    );
    // 2026-03-02T09:00Z is 10:00 in Rome: A1 bids 0.18, the seller asks 0.10 → uniform (0.18 + 0.10) / 2 = 0.14.
    expect(new LimitResolver(limits).at(Date.parse("2026-03-02T09:00:00Z")).bids.get(w.memberA1.id)).toBe(180_000n);
    const out = settle({
      rule: { kind: "market", retail: 250_000n, feedIn: 60_000n, gridFee: 0n, pricing: "uniform", limits },
      participation: new Map(),
      intervals: [{ start: "2026-03-02T09:00:00.000Z", consumption: new Map([[w.memberA1.id, 1_000_000n]]), production: new Map([[seller.id, 1_000_000n]]) }],
    });
    expect(out.intervals[0]!.market!.price).toBe(140_000_000n);
    expect(out.market!.debits.get(w.memberA1.id)).toBe(14n);
  });

  it("through tRPC: the admin sets and lists; the serving ESCO may list but not set (FORBIDDEN); municipality B's admin sees nothing (NOT_FOUND)", async () => {
    const { w } = await marketWorld();
    const input = { communityId: w.communityA.id, memberId: w.memberA1.id, side: "BUY" as const, validFrom: "2026-03-01", bands: twoBands };
    await callerAs(w.adminA).market.setLimits(input);
    expect(await callerAs(w.escoUser).market.limits({ communityId: w.communityA.id })).toHaveLength(1);
    await expect(callerAs(w.escoUser).market.setLimits(input)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(callerAs(w.adminB).market.limits({ communityId: w.communityA.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(callerAs(w.adminA).market.setLimits({ ...input, bands: [{ from: "10:00", to: "16:00", priceEurPerKWh: "0.26" }] })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      cause: { problems: [{ where: "bands[0].priceEurPerKWh" }] },
    });
  });

  it("loadMarketRule: tariffs R 0.25, F 0.06, fee 0, uniform and the limits; the snapshot changes when a limit does", async () => {
    const { w, scope, actor } = await marketWorld();
    const input = { communityId: w.communityA.id, memberId: w.memberA1.id, side: "BUY" as const, validFrom: "2026-03-01", bands: twoBands };
    await setMarketLimits(db(), actor, scope, input);
    const rule = await loadMarketRule(db(), w.communityA.id, "Europe/Rome", "2026-04-01");
    expect(rule).toMatchObject({ kind: "market", retail: 250_000n, feedIn: 60_000n, gridFee: 0n, pricing: "uniform" });
    const before = marketRuleSnapshot(rule);
    expect(before).toMatchObject({
      retailEurPerKWh: "0.250000",
      limits: [{ member: w.memberA1.id, side: "BUY", validFrom: "2026-03-01", bands: [{ from: "10:00", to: "16:00", priceEurPerKWh: "0.180000" }, { from: "18:00", to: "22:00", priceEurPerKWh: "0.220000" }] }],
    });
    await setMarketLimits(db(), actor, scope, { ...input, bands: [{ ...twoBands[0]!, priceEurPerKWh: "0.19" }, twoBands[1]!] });
    const after = marketRuleSnapshot(await loadMarketRule(db(), w.communityA.id, "Europe/Rome", "2026-04-01"));
    expect(JSON.stringify(after)).not.toBe(JSON.stringify(before));
    const other = await makeWorld();
    await expect(loadMarketRule(db(), other.communityA.id, "Europe/Rome", "2026-04-01")).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});

