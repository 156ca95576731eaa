// Test helpers: a community with the given metering points, and what is stored for a point.
import { db } from "@/server/db/client";
import { makeCommunity, makeOrg, makeUser, unique } from "@/server/test/factories";

export async function communityWith(points: { code: string; direction: "CONSUMPTION" | "INJECTION"; validFrom?: string; capacityKw?: string }[]) {
  const org = await makeOrg("MUNICIPALITY");
  const admin = await makeUser();
  const community = await makeCommunity(org.id, admin.id);
  const member = await db().member.create({ data: { communityId: community.id, pseudonym: unique("M").toUpperCase(), reference: unique("r"), kind: "PROSUMER", joinedOn: new Date("2010-01-01") } });
  const created = [];
  for (const p of points) {
    created.push(await db().meteringPoint.create({ data: { communityId: community.id, memberId: member.id, code: p.code, direction: p.direction, capacityKw: p.capacityKw ?? "10", validFrom: new Date(`${p.validFrom ?? "2010-01-01"}T00:00:00Z`) } }));
  }
  return { community, org, admin, points: created };
}

export async function stored(pointId: string) {
  const agg = await db().reading.aggregate({ where: { meteringPointId: pointId }, _count: { _all: true }, _sum: { energyMWh: true }, _min: { intervalStart: true }, _max: { intervalStart: true } });
  return { intervals: agg._count._all, totalMWh: agg._sum.energyMWh ?? 0n, first: agg._min.intervalStart?.toISOString(), last: agg._max.intervalStart?.toISOString() };
}
