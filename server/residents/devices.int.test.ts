// A resident's day view and device tokens against a real PostgreSQL. Community (Europe/Rome, UTC+1 in
// March): two consumers of 100 Wh every quarter hour of 2026-03-02 and one producer of 150 Wh from
// local 00:00 to 12:00 (48 intervals) and 250 Wh from 12:00 to 24:00 (48 intervals).
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { GET as credits } from "@/app/api/v1/me/credits/route";
import { GET as latestDay } from "@/app/api/v1/me/latest-day/route";
import { GET as readings } from "@/app/api/v1/me/readings/route";
import { GET as shared } from "@/app/api/v1/me/shared/route";
import { db } from "@/server/db/client";
import { settlementWorld, writeReadings } from "@/server/settlement/test-settlement";
import { callerAs, makeUser } from "@/server/test/factories";
import { authenticateDeviceToken } from "./device-tokens";
import { eraseMember } from "./erasure";

const FROM = "2026-03-01T23:00:00Z"; // local 00:00
const NOON = "2026-03-02T11:00:00Z"; // local 12:00
const TO = "2026-03-02T23:00:00Z"; // local 24:00

async function world() {
  const w = await settlementWorld([{}, {}, { injection: true }]);
  const [a, b, p] = w.members;
  await writeReadings(w.community.id, a!.consumption!.id, FROM, TO, 100_000n);
  await writeReadings(w.community.id, b!.consumption!.id, FROM, TO, 100_000n);
  await writeReadings(w.community.id, p!.injection!.id, FROM, NOON, 150_000n);
  await writeReadings(w.community.id, p!.injection!.id, NOON, TO, 250_000n);
  const [userA, userB, userP] = [await makeUser(), await makeUser(), await makeUser()];
  await db().member.update({ where: { id: a!.member.id }, data: { userId: userA.id } });
  await db().member.update({ where: { id: b!.member.id }, data: { userId: userB.id } });
  await db().member.update({ where: { id: p!.member.id }, data: { userId: userP.id } });
  return { ...w, a: a!.member, b: b!.member, p: p!.member, asA: callerAs(userA), asB: callerAs(userB), asP: callerAs(userP) };
}

const get = (handler: (req: Request) => Promise<Response>, path: string, token?: string) =>
  handler(new Request(`http://localhost/api/v1/me/${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} }));

describe("resident day view", () => {
  it("consumer: 100 Wh with 2 × 100 Wh asked of 150 Wh → 75 Wh from the community, 25 Wh from the grid; with 250 Wh → 100 and 0; day 48×75+48×100 = 8.4 kWh of 9.6 kWh", async () => {
    const w = await world();
    const day = (await w.asA.me.day({ memberId: w.a.id, day: "2026-03-02" }))!;
    expect(day.intervals).toHaveLength(96);
    expect(day.intervals[0]).toEqual({ start: FROM.replace("Z", ".000Z"), measured: true, consumptionMWh: "100000", fromCommunityMWh: "75000", fromGridMWh: "25000", productionMWh: "0", toNeighboursMWh: "0", toGridMWh: "0" });
    expect(day.intervals[48]).toMatchObject({ start: "2026-03-02T11:00:00.000Z", fromCommunityMWh: "100000", fromGridMWh: "0" });
    expect(day.totals).toEqual({ consumptionMWh: "9600000", fromCommunityMWh: "8400000", fromGridMWh: "1200000", productionMWh: "0", toNeighboursMWh: "0", toGridMWh: "0" });
  });

  it("producer: 150 Wh all to neighbours; 250 Wh → 200 Wh to neighbours, 50 Wh to the grid; day 16.8 kWh to neighbours + 2.4 kWh to the grid = 19.2 kWh", async () => {
    const w = await world();
    const day = (await w.asP.me.day({ memberId: w.p.id }))!; // no day: the latest with readings
    expect(day.day).toBe("2026-03-02");
    expect(day.intervals[0]).toMatchObject({ productionMWh: "150000", toNeighboursMWh: "150000", toGridMWh: "0" });
    expect(day.intervals[95]).toMatchObject({ productionMWh: "250000", toNeighboursMWh: "200000", toGridMWh: "50000" });
    expect(day.totals).toEqual({ consumptionMWh: "0", fromCommunityMWh: "0", fromGridMWh: "0", productionMWh: "19200000", toNeighboursMWh: "16800000", toGridMWh: "2400000" });
  });

  it("a day without readings: every interval 0 and unmeasured; 2026-03-29 (DST starts in Rome) has 92 quarter hours", async () => {
    const w = await world();
    const day = (await w.asA.me.day({ memberId: w.a.id, day: "2026-03-29" }))!;
    expect(day.intervals).toHaveLength(92);
    expect(day.intervals.every((i) => !i.measured && i.consumptionMWh === "0")).toBe(true);
    await expect(w.asA.me.day({ memberId: w.a.id, day: "2026-02-30" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});

describe("device tokens", () => {
  it("created once (djd_ + 43 characters, only its SHA-256 stored), listed without the secret, revoked → 401", async () => {
    const w = await world();
    const issued = await w.asA.me.createDeviceToken({ memberId: w.a.id, name: " Home Assistant " });
    expect(issued.token).toMatch(/^djd_[A-Za-z0-9_-]{43}$/);
    expect(issued.name).toBe("Home Assistant");
    const row = await db().deviceToken.findUniqueOrThrow({ where: { id: issued.id } });
    expect(row.tokenHash).toBe(createHash("sha256").update(issued.token).digest("hex"));
    expect(row.memberId).toBe(w.a.id);
    const list = await w.asA.me.deviceTokens({ memberId: w.a.id });
    expect(list.map((t) => [t.id, t.prefix, t.revokedAt])).toEqual([[issued.id, issued.token.slice(0, 11), null]]);
    expect(JSON.stringify(list)).not.toContain(issued.token);
    expect((await authenticateDeviceToken(db(), `Bearer ${issued.token}`)).member.id).toBe(w.a.id);

    // Another resident neither sees nor revokes it.
    await expect(w.asB.me.deviceTokens({ memberId: w.a.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(w.asB.me.revokeDeviceToken({ memberId: w.b.id, tokenId: issued.id })).rejects.toMatchObject({ code: "NOT_FOUND" });

    await w.asA.me.revokeDeviceToken({ memberId: w.a.id, tokenId: issued.id });
    await expect(w.asA.me.revokeDeviceToken({ memberId: w.a.id, tokenId: issued.id })).rejects.toMatchObject({ code: "CONFLICT" });
    const res = await get(latestDay, "latest-day", issued.token);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: "UNAUTHORIZED" });
    const audit = await db().auditEvent.findMany({ where: { objectId: issued.id }, orderBy: { createdAt: "asc" }, select: { action: true } });
    expect(audit.map((e) => e.action)).toEqual(["device-token.create", "device-token.revoke"]);
  });

  it("the API answers with only the token's member: A's shared day is 8.4 kWh of 9.6 kWh and names nobody else; B's memberId → 404; no token → 401", async () => {
    const w = await world();
    const { token } = await w.asA.me.createDeviceToken({ memberId: w.a.id, name: "Sensor" });

    const res = await get(shared, "shared?day=2026-03-02", token);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("ratelimit-limit")).toBe("120");
    const text = await res.text();
    const body = JSON.parse(text);
    expect([body.memberId, body.day, body.totals.fromCommunityMWh, body.totals.fromGridMWh]).toEqual([w.a.id, "2026-03-02", "8400000", "1200000"]);
    for (const other of [w.b, w.p]) {
      expect(text).not.toContain(other.id);
      expect(text).not.toContain(other.pseudonym);
    }

    const own = await get(readings, `readings?day=2026-03-02&memberId=${w.a.id}`, token);
    const r = await own.json();
    expect([own.status, r.intervals.length, r.intervals[0]]).toEqual([200, 96, { start: "2026-03-01T23:00:00.000Z", consumptionMWh: "100000", injectionMWh: "0" }]);

    const latest = await (await get(latestDay, "latest-day", token)).json();
    expect([latest.day, latest.totals.consumptionMWh]).toEqual(["2026-03-02", "9600000"]);
    const cr = await get(credits, "credits", token);
    expect([cr.status, (await cr.json()).pseudonym]).toEqual([200, w.a.pseudonym]);

    for (const [handler, path] of [[shared, "shared?day=2026-03-02"], [readings, "readings?day=2026-03-02"], [credits, "credits"], [latestDay, "latest-day"]] as const) {
      const theirs = await get(handler, `${path}${path.includes("?") ? "&" : "?"}memberId=${w.b.id}`, token);
      expect(theirs.status, path).toBe(404);
      expect(await theirs.json()).toMatchObject({ code: "NOT_FOUND" });
    }
    expect((await get(shared, "shared?day=2026-03-02")).status).toBe(401);
    const bad = await get(shared, "shared?day=2026-13-01", token);
    expect([bad.status, (await bad.json()).problems]).toEqual([400, [{ where: "day", message: "Give the day as YYYY-MM-DD." }]]);
  });
});

describe("erasure", () => {
  it("erasing a member's personal data revokes their 1 open device token (the API then answers 401)", async () => {
    const w = await world();
    const { token } = await w.asA.me.createDeviceToken({ memberId: w.a.id, name: "Sensor" });
    await eraseMember(db(), { userId: w.admin.id }, { communityId: w.community.id, municipalityId: w.org.id, via: "municipality", orgId: w.org.id, role: "ADMIN" }, w.a.id);
    expect(await db().deviceToken.count({ where: { memberId: w.a.id, revokedAt: null } })).toBe(0);
    expect((await get(latestDay, "latest-day", token)).status).toBe(401);
  });
});
