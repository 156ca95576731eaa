// `dajie daily-energy`: consumes a community's marks (its days recomputed now, not on the next page
// read) and leaves rows equal to the reference query; an unknown address is a usage error.
import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { localMidnightUtc } from "@/server/settlement/periods";
import { settlementWorld, writeReadings } from "@/server/settlement/test-settlement";
import { memberDays } from "@/server/transparency/public-stats";
import { run } from "./daily-energy";

async function capture(fn: () => Promise<number>): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const write = process.stdout.write.bind(process.stdout);
  const writeErr = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string | Uint8Array) => ((out += String(chunk)), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => ((err += String(chunk)), true)) as typeof process.stderr.write;
  try {
    return { code: await fn(), out, err };
  } finally {
    process.stdout.write = write;
    process.stderr.write = writeErr;
  }
}

describe("dajie daily-energy", () => {
  it("a consumer and a producer over 2 days: the marks are consumed (then 0 left) and the 4 member-day rows equal the reference", async () => {
    const w = await settlementWorld([{}, { injection: true }]);
    await writeReadings(w.community.id, w.members[0]!.consumption!.id, "2026-03-01T23:00:00Z", "2026-03-03T23:00:00Z", 1_000n);
    await writeReadings(w.community.id, w.members[1]!.injection!.id, "2026-03-01T23:00:00Z", "2026-03-03T23:00:00Z", 700n);
    expect(await db().dailyEnergyDirty.count({ where: { communityId: w.community.id } })).toBeGreaterThan(0);

    const first = await capture(() => run(["--community", w.community.slug]));
    expect(first.code).toBe(0);
    const [done] = JSON.parse(first.out) as { community: string; marks: number }[];
    expect(done!.community).toBe(w.community.slug);
    expect(done!.marks).toBeGreaterThan(0);
    expect(await db().dailyEnergyDirty.count({ where: { communityId: w.community.id } })).toBe(0);

    const rows = await db().dailyEnergy.findMany({ where: { communityId: w.community.id }, orderBy: [{ day: "asc" }, { memberId: "asc" }] });
    const reference = await memberDays(db(), w.community, new Date(localMidnightUtc("2026-03-04", w.community.timeZone)));
    expect(rows).toHaveLength(4);
    expect(rows.map((r) => `${r.day.toISOString().slice(0, 10)} ${r.memberId} ${r.consumptionMWh} ${r.injectionMWh} ${r.sharedMWh}`).sort()).toEqual(
      reference.map((r) => `${r.day} ${r.member} ${r.consumptionMWh} ${r.injectionMWh} ${r.sharedMWh}`).sort(),
    );

    const again = await capture(() => run(["--community", w.community.slug]));
    expect(JSON.parse(again.out)).toEqual([{ community: w.community.slug, marks: 0 }]);
  });

  it("an unknown community → exit 2 with the address named", async () => {
    const r = await capture(() => run(["--community", "no-such-community-here"]));
    expect(r.code).toBe(2);
    expect(r.err).toContain('no community with the address "no-such-community-here"');
  });
});
