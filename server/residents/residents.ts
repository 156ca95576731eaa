// What a resident sees of themselves. Every query is filtered by the member ids linked to their account.
import type { Tx } from "@/server/db/client";
import { toMeteringPointDto } from "@/server/metering-points/metering-points";
import { dateToIso } from "@/server/shared/validation";
import { keptFigure } from "./kept-figures";

interface PointSum {
  id: string;
  n: number;
  total: bigint | null;
  first: Date;
  last: Date;
}

/** Per metering point: its readings within the point's validity (a meter may have been someone else's; ADR 0009). */
async function pointSums(db: Tx, pointIds: string[]): Promise<PointSum[]> {
  if (pointIds.length === 0) return [];
  return db.$queryRaw<PointSum[]>`
    SELECT mp.id::text AS id, count(*)::int AS n, sum(r.energy_mwh)::bigint AS total, min(r.interval_start) AS first, max(r.interval_start) AS last
    FROM metering_point mp JOIN community c ON c.id = mp.community_id
    JOIN reading r ON r.metering_point_id = mp.meter_id AND r.interval_start >= mp.valid_from::timestamp AT TIME ZONE c.time_zone
      AND (mp.valid_to IS NULL OR r.interval_start < mp.valid_to::timestamp AT TIME ZONE c.time_zone)
    WHERE mp.id = ANY(${pointIds}::uuid[])
    GROUP BY mp.id`;
}

export async function myMemberships(db: Tx, memberIds: string[]) {
  const rows = await db.member.findMany({
    where: { id: { in: memberIds } },
    include: {
      community: { select: { name: true, slug: true, timeZone: true, ruleKind: true } },
      meteringPoints: { orderBy: [{ code: "asc" }, { validFrom: "asc" }] },
      erasureRequests: { where: { doneAt: null }, select: { requestedAt: true } },
    },
    orderBy: { createdAt: "asc" },
  });
  // Each member's totals are kept until their points or the data change (kept-figures.ts).
  const sums = (await Promise.all(rows.map((m) => keptFigure(db, m, "point-sums", () => pointSums(db, m.meteringPoints.map((p) => p.id)))))).flat();
  const byPoint = new Map(sums.map((s) => [s.id, s]));
  return rows.map((m) => ({
    memberId: m.id,
    pseudonym: m.pseudonym,
    reference: m.reference,
    kind: m.kind,
    joinedOn: dateToIso(m.joinedOn),
    leftOn: m.leftOn ? dateToIso(m.leftOn) : null,
    community: m.community,
    /** When the resident asked for their personal data to be erased (null: no open request). */
    erasureRequestedAt: m.erasureRequests[0]?.requestedAt.toISOString() ?? null,
    meteringPoints: m.meteringPoints.map((p) => {
      const s = byPoint.get(p.id);
      return {
        ...toMeteringPointDto(p),
        readings: s ? { intervals: s.n, totalMWh: (s.total ?? 0n).toString(), first: s.first.toISOString(), last: s.last.toISOString() } : null,
      };
    }),
  }));
}
