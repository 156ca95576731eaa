// `npm run bench:settle`: one month of a 1,000-member community settled end to end (read, allocate,
// value, write entries and checkpoint) against a bare `SELECT … GROUP BY interval` over the same
// readings, in the same run on the same database.
//
//   npm run bench:settle                      1,000 members (1,200 metering points) × March 2026
//   npm run bench:settle -- --members 100     a quick run
//
// Uses DATABASE_URL when set (a throwaway database: the bench data stays), otherwise a throwaway
// embedded PostgreSQL in a temporary folder removed at the end.
import { benchDatabase } from "./lib/database.ts";
import { ownerQuery } from "./lib/owner-query.ts";
import { flag } from "./lib/flags.ts";


const MEMBERS = flag("members", 1000);
const PERIOD = { start: "2026-03-01", end: "2026-04-01" };

const database = await benchDatabase("dajie-bench-");

const { db } = await import("../server/db/client.ts");
const { makeCommunity, makeOrg, makeUser, unique } = await import("../server/test/factories.ts");
const { previewRun, finalizeRun } = await import("../server/settlement/finalize-run.ts");
const { periodUtc } = await import("../server/settlement/periods.ts");
const { loadRunInputs, loadZonalPrices } = await import("../server/settlement/run-inputs.ts");
const { computeRun, zonalPriceNeed } = await import("../server/settlement/run-computation.ts");

const now = () => performance.now();
const s = (ms: number) => (ms / 1000).toFixed(2);

try {
  const org = await makeOrg("MUNICIPALITY");
  const admin = await makeUser();
  const community = await makeCommunity(org.id, admin.id, { timeZone: "Europe/Rome", intervalMinutes: 15 });
  const { from, to } = periodUtc(PERIOD, "Europe/Rome");

  // 60 % consumers, 20 % prosumers (two points), 20 % producers.
  const t0 = now();
  const points: { id: string; direction: "CONSUMPTION" | "INJECTION"; seed: number }[] = [];
  for (let n = 0; n < MEMBERS; n++) {
    const kind = n % 5 < 3 ? "CONSUMER" : n % 5 === 3 ? "PROSUMER" : "PRODUCER";
    const member = await db().member.create({
      data: { communityId: community.id, pseudonym: unique("M").toUpperCase(), reference: `B${String(n).padStart(5, "0")}`, kind, joinedOn: new Date("2026-01-01") },
    });
    const directions: ("CONSUMPTION" | "INJECTION")[] = kind === "CONSUMER" ? ["CONSUMPTION"] : kind === "PRODUCER" ? ["INJECTION"] : ["CONSUMPTION", "INJECTION"];
    for (const direction of directions) {
      const mp = await db().meteringPoint.create({
        data: { communityId: community.id, memberId: member.id, code: unique("BENCH").toUpperCase(), direction, capacityKw: "6", validFrom: new Date("2026-01-01") },
      });
      points.push({ id: mp.id, direction, seed: n });
    }
  }
  const batch = await db().importBatch.create({ data: { communityId: community.id, fileName: "bench", fileSha256: "0".repeat(64), format: "synthetic", status: "COMPLETED" } });
  await db().$executeRaw`SELECT dajie_ensure_reading_partitions(${from}::timestamptz, ${to}::timestamptz)`;
  // Consumption 50–250 Wh per quarter hour; injection follows the sun (0 at night, up to ~900 Wh).
  await db().$executeRaw`
    INSERT INTO reading (metering_point_id, interval_start, interval_seconds, energy_mwh, quality, batch_id)
    SELECT p.id, t, 900,
      CASE WHEN p.dir = 'CONSUMPTION' THEN 50000 + ((p.seed * 7919 + extract(epoch FROM t)::bigint / 900 * 104729) % 200000)
           ELSE greatest(0, (900000 * sin(pi() * ((extract(hour FROM t) + extract(minute FROM t) / 60.0) - 5) / 14))::bigint) * (1 + p.seed % 3) / 3 END,
      'MEASURED', ${batch.id}::uuid
    FROM unnest(${points.map((p) => p.id)}::uuid[], ${points.map((p) => p.direction)}::text[], ${points.map((p) => p.seed)}::int[]) AS p(id, dir, seed)
    CROSS JOIN generate_series(${from}::timestamptz, ${to}::timestamptz - interval '15 minutes', interval '15 minutes') AS t`;
  await ownerQuery(database.ownerUrl, "VACUUM ANALYZE reading");
  const [{ n: rows } = { n: 0n }] = await db().$queryRaw<{ n: bigint }[]>`
    SELECT count(*)::bigint AS n FROM reading WHERE metering_point_id = ANY(${points.map((p) => p.id)}::uuid[])`;
  console.log(`[bench] ${MEMBERS} members, ${points.length} metering points, ${rows} readings (${PERIOD.start} – ${PERIOD.end}, Europe/Rome) made in ${s(now() - t0)} s`);

  // Baseline: the bare aggregate over the same readings (warmed once, like ours below).
  const baseline = async () => {
    const t = now();
    await db().$queryRaw`
      SELECT r.interval_start, sum(r.energy_mwh) FROM reading r JOIN metering_point mp ON mp.meter_id = r.metering_point_id
      WHERE mp.community_id = ${community.id}::uuid AND r.interval_start >= ${from} AND r.interval_start < ${to}
      GROUP BY r.interval_start`;
    return now() - t;
  };
  await baseline();
  const baseMs = Math.min(await baseline(), await baseline());

  // Ours, warmed by one preview (previewRun: read + allocate + value, nothing written).
  await previewRun(db(), community.id, PERIOD);
  const tc = now();
  await previewRun(db(), community.id, PERIOD);
  const computeMs = now() - tc;
  // Where a preview's time goes: the read (queries and decoding) and the computation.
  const tr = now();
  const inputs = await loadRunInputs(db(), community.id, PERIOD);
  const readMs = now() - tr;
  const tk = now();
  computeRun(inputs, await loadZonalPrices(db(), zonalPriceNeed(inputs)));
  const computeOnlyMs = now() - tk;
  const tf = now();
  const out = await finalizeRun(db(), community.id, PERIOD, { kind: "scheduler" }, { acceptGaps: true });
  const finalMs = now() - tf;
  const run = await db().settlementRun.findUniqueOrThrow({ where: { id: out.runId } });

  console.log(`[bench] baseline SELECT … GROUP BY interval_start: ${s(baseMs)} s`);
  console.log(`[bench] preview (read + allocate + value):       ${s(computeMs)} s  — read ${s(readMs)} s, allocate + value ${s(computeOnlyMs)} s (a third run)`);
  console.log(`[bench] finalize end to end (+ entries, checkpoint): ${s(finalMs)} s  — ${run.checkpointSize} entries, root ${run.checkpointRoot.slice(0, 16)}…`);
  console.log(`[bench] ratio finalize / baseline: ${(finalMs / baseMs).toFixed(2)}× (goal ≤ 2×)`);
} finally {
  await db().$disconnect();
  await database.close();
}
