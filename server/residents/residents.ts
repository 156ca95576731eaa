// What a resident sees of themselves. Every query is filtered by the member ids linked to their account.
import type { Tx } from "@/server/db/client";
import { toMeteringPointDto } from "@/server/metering-points/metering-points";
import { dateToIso } from "@/server/shared/validation";

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
  const pointIds = rows.flatMap((m) => m.meteringPoints.map((p) => p.id));
  const sums = await db.reading.groupBy({
    by: ["meteringPointId"],
    where: { meteringPointId: { in: pointIds } },
    _count: { _all: true },
    _sum: { energyMWh: true },
    _min: { intervalStart: true },
    _max: { intervalStart: true },
  });
  const byPoint = new Map(sums.map((s) => [s.meteringPointId, s]));
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
        readings: s ? { intervals: s._count._all, totalMWh: (s._sum.energyMWh ?? 0n).toString(), first: s._min.intervalStart!.toISOString(), last: s._max.intervalStart!.toISOString() } : null,
      };
    }),
  }));
}
