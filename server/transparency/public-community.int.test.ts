// The one public lookup by address, and what the public ledger page and export get through it.
import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { finalizeRun } from "@/server/settlement/finalize-run";
import { settlementWorld, writeReadings } from "@/server/settlement/test-settlement";
import { makeUser } from "@/server/test/factories";
import { publicCommunityBySlug, publicLedgerExport, publicLedgerPage } from "./public-community";

describe("public community by address", () => {
  it("found by its slug typed in any case and with spaces; malformed or unknown → NOT_FOUND, the same answer", async () => {
    const w = await settlementWorld([{}]);
    const found = await publicCommunityBySlug(db(), `  ${w.community.slug.toUpperCase()} `);
    expect(found).toEqual({ id: w.community.id, slug: w.community.slug, name: w.community.name, timeZone: "Europe/Rome", privacyThreshold: expect.any(Number), logOrigin: null });
    for (const slug of ["no-such-community", "../etc", "x".repeat(61)]) {
      await expect(publicCommunityBySlug(db(), slug)).rejects.toMatchObject({ code: "NOT_FOUND", message: "No community at this address." });
    }
  });

  it("3 members settled with k = 5: the ledger page has 1 checkpoint and says members only; the export refuses anonymous (UNAUTHORIZED) and a stranger (FORBIDDEN), serves a member", async () => {
    const w = await settlementWorld([{}, {}, { injection: true }], { privacyThreshold: 5 });
    for (const m of w.members.slice(0, 2)) await writeReadings(w.community.id, m.consumption!.id, "2026-03-01T23:00:00Z", "2026-03-02T23:00:00Z", 100_000n);
    await writeReadings(w.community.id, w.members[2]!.injection!.id, "2026-03-01T23:00:00Z", "2026-03-02T23:00:00Z", 150_000n);
    await finalizeRun(db(), w.community.id, { start: "2026-03-02", end: "2026-03-03" }, { kind: "scheduler" });

    const page = await publicLedgerPage(db(), w.community.slug);
    expect(page.checkpoints).toHaveLength(1);
    expect(page.audience).toEqual({ public: false, k: 5, smallestRun: 3 });

    let asked = 0;
    const nobody = async () => (asked++, null);
    await expect(publicLedgerExport(db(), w.community.slug, nobody)).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    const stranger = await makeUser();
    await expect(publicLedgerExport(db(), w.community.slug, async () => stranger.id)).rejects.toMatchObject({ code: "FORBIDDEN" });
    const resident = await makeUser();
    await db().member.update({ where: { id: w.members[0]!.member.id }, data: { userId: resident.id } });
    const { lines } = await publicLedgerExport(db(), w.community.slug, async () => resident.id);
    const first = await lines.next();
    await lines.return(undefined);
    expect(first.value).toContain('"format"');
    expect(asked).toBe(1);
  });
});
