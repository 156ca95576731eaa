// Test helpers for settlement runs: a community with members and metering points, and readings
// written straight into the reading table (through an import batch, as an import would).
import { randomUUID } from "node:crypto";
import { db } from "@/server/db/client";
import { makeCommunity, makeOrg, makeUser, unique } from "@/server/test/factories";
import type { CommunityInput } from "@/server/communities/schemas";
import { markImportedDays } from "@/server/transparency/daily-energy";
import { publicDataChanged } from "@/server/transparency/public-data-version";

export interface TestMember {
  kind?: "CONSUMER" | "PRODUCER" | "PROSUMER";
  joinedOn?: string;
  leftOn?: string;
  consumption?: boolean;
  injection?: boolean;
}

export async function settlementWorld(members: TestMember[], overrides: Partial<CommunityInput> = {}) {
  const org = await makeOrg("MUNICIPALITY");
  const admin = await makeUser();
  await db().orgMembership.create({ data: { orgId: org.id, userId: admin.id, role: "ADMIN" } });
  const community = await makeCommunity(org.id, admin.id, overrides);
  const made = [];
  for (const [i, m] of members.entries()) {
    const member = await db().member.create({
      data: {
        communityId: community.id,
        pseudonym: unique("M").toUpperCase(),
        reference: `R${String(i + 1).padStart(3, "0")}`,
        kind: m.kind ?? (m.injection ? "PRODUCER" : "CONSUMER"),
        joinedOn: new Date(`${m.joinedOn ?? "2020-01-01"}T00:00:00Z`),
        leftOn: m.leftOn ? new Date(`${m.leftOn}T00:00:00Z`) : null,
      },
    });
    const point = async (direction: "CONSUMPTION" | "INJECTION") =>
      db().meteringPoint.create({
        data: { communityId: community.id, memberId: member.id, code: unique("IT001E").toUpperCase(), direction, capacityKw: "6", validFrom: new Date("2020-01-01T00:00:00Z"), validTo: m.leftOn ? new Date(`${m.leftOn}T00:00:00Z`) : null },
      });
    made.push({
      member,
      consumption: m.consumption === false || (m.injection && m.consumption === undefined) ? null : await point("CONSUMPTION"),
      injection: m.injection ? await point("INJECTION") : null,
    });
  }
  return { org, admin, community, members: made };
}

/** Writes `energyMWh` into every interval of [from, to) for a point's meter (ADR 0009), in a new completed batch. */
export async function writeReadings(communityId: string, meteringPointId: string, from: string, to: string, energyMWh: bigint, intervalSeconds = 900) {
  const batchId = randomUUID();
  await db().importBatch.create({ data: { id: batchId, communityId, fileName: "test", fileSha256: randomUUID(), format: "test", status: "COMPLETED" } });
  await db().$executeRaw`SELECT dajie_ensure_reading_partitions(${new Date(from)}::timestamptz, ${new Date(to)}::timestamptz)`;
  await db().$executeRaw`
    INSERT INTO reading (metering_point_id, interval_start, interval_seconds, energy_mwh, quality, batch_id)
    SELECT (SELECT meter_id FROM metering_point WHERE id = ${meteringPointId}::uuid), t, ${intervalSeconds}, ${energyMWh}, 'MEASURED', ${batchId}::uuid
    FROM generate_series(${new Date(from)}::timestamptz, ${new Date(to)}::timestamptz - make_interval(secs => ${intervalSeconds}), make_interval(secs => ${intervalSeconds})) AS t
    ON CONFLICT (metering_point_id, interval_start) DO UPDATE SET energy_mwh = EXCLUDED.energy_mwh, batch_id = EXCLUDED.batch_id`;
  // As the importer does: the public page's daily rows of these days are recomputed on its next read.
  await markImportedDays(db(), communityId, new Date(from), new Date(to));
  // As the importer does: figures kept per public data version (a resident's, the public page's) are stale.
  publicDataChanged();
  return batchId;
}
