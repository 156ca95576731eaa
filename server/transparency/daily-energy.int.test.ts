// The precomputed daily rows (daily_energy) against the reference query (memberDays) over the same
// readings, step by step: first read, a late correction through the real importer, hourly readings
// that cross midnight, a meter shared by two communities with participation factors, a factor change,
// a member leaving, a finalize. At every step the rows must be identical, value for value.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CommunityScope } from "@/server/access/scope";
import { db } from "@/server/db/client";
import { importFile } from "@/server/metering/import/import-file";
import { addMeteringPoint } from "@/server/metering-points/metering-points";
import { setParticipationFactor } from "@/server/metering-points/participation";
import { finalizeRun } from "@/server/settlement/finalize-run";
import { localMidnightUtc } from "@/server/settlement/periods";
import { settlementWorld, writeReadings } from "@/server/settlement/test-settlement";
import { unique } from "@/server/test/factories";
import { dailyEnergy, refreshDailyEnergy } from "./daily-energy";
import { memberDays } from "./public-stats";

type World = Awaited<ReturnType<typeof settlementWorld>>;
const scopeOf = (w: World): CommunityScope => ({ communityId: w.community.id, municipalityId: w.org.id, via: "municipality", orgId: w.org.id, role: "ADMIN" });
const actorOf = (w: World) => ({ userId: w.admin.id });

// Local days in Europe/Rome (UTC+1 in March): 2026-03-02 starts at 2026-03-01T23:00Z.
const at = (d: number, hhmm = "23:00") => `2026-03-${String(d).padStart(2, "0")}T${hhmm}:00Z`;
const UNTIL = "2026-03-10";

/** Rollup rows and reference rows of a community, as plain strings (every value compared). */
async function bothWays(w: World) {
  const c = w.community;
  const text = (rows: Awaited<ReturnType<typeof memberDays>>) => rows.map((r) => `${r.day} ${r.member} c=${r.consumptionMWh} p=${r.injectionMWh} s=${r.sharedMWh}`);
  // One-day chunks: every day boundary is a chunk boundary, where hourly readings spill over.
  const rollup = text(await dailyEnergy(db(), c, UNTIL, 1));
  const reference = text(await memberDays(db(), c, new Date(localMidnightUtc(UNTIL, c.timeZone))));
  return { rollup, reference };
}

describe("daily_energy equals the reference query", () => {
  const dir = mkdtempSync(join(tmpdir(), "dajie-daily-energy-"));
  const csvMapping = { unit: "Wh" as const, layout: { kind: "long" as const, meteringPoint: "pod", timestamp: "start", energy: "wh" }, intervalSeconds: 900 };

  it("3 consumers, 2 producers and a meter shared 60/40 with another community: identical rows after the first read, a late correction (importer), hourly readings over midnight, a factor change to 50 %, a member leaving and a finalize", async () => {
    const a = await settlementWorld([{}, {}, {}, { injection: true }, { injection: true }]);
    const b = await settlementWorld([{ consumption: false }, { injection: true }]);
    const [x, c2, c3, p1, p2] = a.members;
    // Different energies per member and day, so a wrong member, day or factor changes some figure.
    await writeReadings(a.community.id, x!.consumption!.id, at(1), at(4), 1_000_003n);
    await writeReadings(a.community.id, c2!.consumption!.id, at(1), at(3), 250_007n);
    await writeReadings(a.community.id, c3!.consumption!.id, at(2), at(4), 777_001n);
    await writeReadings(a.community.id, p1!.injection!.id, at(1), at(4), 400_009n);
    await writeReadings(a.community.id, p2!.injection!.id, at(1), at(3), 1_300_011n);
    await writeReadings(b.community.id, b.members[1]!.injection!.id, at(1), at(4), 90_001n);
    // X's meter: 60 % in A, 40 % in B (B's point on the same code and direction).
    await setParticipationFactor(db(), actorOf(a), scopeOf(a), { pointId: x!.consumption!.id, validFrom: "2026-01-01", percent: "60" });
    await addMeteringPoint(db(), actorOf(b), scopeOf(b), b.members[0]!.member.id, { code: x!.consumption!.code, direction: "CONSUMPTION", capacityKw: "6", validFrom: "2026-01-01" }, "40");

    const first = await bothWays(a);
    expect(first.rollup.length).toBe(3 + 2 + 2 + 3 + 2); // member-days with readings: x, c2, c3, p1, p2
    expect(first.rollup).toEqual(first.reference);
    expect((await bothWays(b)).rollup).toEqual((await bothWays(b)).reference);
    expect(await refreshDailyEnergy(db(), a.community)).toBe(0); // nothing left to do

    // A late correction of X on 2026-03-03 through the real importer, in B: A's figures change too.
    const path = join(dir, `late-${unique()}.csv`);
    const quarters = Array.from({ length: 96 }, (_, i) => new Date(Date.parse(at(2)) + i * 900_000).toISOString().replace(".000Z", "Z"));
    writeFileSync(path, ["pod,start,wh", ...quarters.map((t) => `${x!.consumption!.code},${t},2500.5`)].join("\n") + "\n");
    const imported = await importFile(db(), { communityId: b.community.id, path, fileName: "late.csv", options: { csvMapping }, source: "CLI" as const, actor: { userId: null, orgId: b.org.id } });
    expect(imported.readingsCorrected).toBe(96);
    const corrected = await bothWays(a);
    expect(corrected.rollup).toEqual(corrected.reference);
    expect(corrected.rollup).not.toEqual(first.rollup);
    const inB = await bothWays(b);
    expect(inB.rollup).toEqual(inB.reference);

    // Hourly readings of a producer from 22:00 local on 2026-03-03 to 02:00 on 2026-03-04: spread over quarter hours across midnight.
    await writeReadings(a.community.id, p2!.injection!.id, at(3, "21:00"), at(4, "01:00"), 3_600_003n, 3600);
    const hourly = await bothWays(a);
    expect(hourly.rollup).toEqual(hourly.reference);

    // A factor change from 2026-03-03 (60 % → 50 %), and c3 leaving on 2026-03-03.
    await setParticipationFactor(db(), actorOf(a), scopeOf(a), { pointId: x!.consumption!.id, validFrom: "2026-03-03", percent: "50" });
    await db().member.update({ where: { id: c3!.member.id }, data: { leftOn: new Date("2026-03-03T00:00:00Z") } });
    const changed = await bothWays(a);
    expect(changed.rollup).toEqual(changed.reference);
    expect(changed.rollup).not.toEqual(hourly.rollup);

    // A finalize writes runs and entries, not readings: the rows stay equal.
    await finalizeRun(db(), a.community.id, { start: "2026-03-02", end: "2026-03-03" }, { kind: "user", userId: a.admin.id, orgId: a.org.id }, { acceptGaps: true });
    const settled = await bothWays(a);
    expect(settled.rollup).toEqual(settled.reference);
    expect((await bothWays(b)).rollup).toEqual((await bothWays(b)).reference);
  });
});
