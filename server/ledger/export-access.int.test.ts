// The public ledger export is public only when every run has at least k members (ADR 0005); below
// that, members and the people who run the community get it, nobody else.
import { describe, expect, it } from "vitest";
import { GET } from "@/app/c/[slug]/ledger/export/route";
import { db } from "@/server/db/client";
import { finalizeRun } from "@/server/settlement/finalize-run";
import { settlementWorld, writeReadings } from "@/server/settlement/test-settlement";
import { makeOrg, makeUser } from "@/server/test/factories";
import { ledgerExportAudience, mayReadMembersOnlyExport } from "./export-access";

/** A community of 3 members (2 consumers, 1 producer) with one settled day, privacy threshold k. */
async function smallSettled(k: number) {
  const w = await settlementWorld([{}, {}, { injection: true }], { privacyThreshold: k });
  for (const m of w.members.slice(0, 2)) await writeReadings(w.community.id, m.consumption!.id, "2026-03-01T23:00:00Z", "2026-03-02T23:00:00Z", 100_000n);
  await writeReadings(w.community.id, w.members[2]!.injection!.id, "2026-03-01T23:00:00Z", "2026-03-02T23:00:00Z", 150_000n);
  await finalizeRun(db(), w.community.id, { start: "2026-03-02", end: "2026-03-03" }, { kind: "scheduler" });
  return w;
}

const anonymousGet = (slug: string) => GET(new Request(`http://localhost/c/${slug}/ledger/export`), { params: Promise.resolve({ slug }) });

describe("who gets the ledger export", () => {
  it("a run of 3 members with k = 5: members only; anonymous visitors get 401 and the reason, no entry", async () => {
    const w = await smallSettled(5);
    const community = await db().community.findUniqueOrThrow({ where: { id: w.community.id } });
    expect(await ledgerExportAudience(db(), community)).toEqual({ public: false, k: 5, smallestRun: 3 });
    const res = await anonymousGet(community.slug);
    expect(res.status).toBe(401);
    const body = await res.text();
    expect(body).toContain("members only");
    expect(body).not.toContain("PC:");

    // A resident linked to a member, and the municipality's administrator, may read it; a stranger may not.
    const resident = await makeUser();
    await db().member.update({ where: { id: w.members[0]!.member.id }, data: { userId: resident.id } });
    expect(await mayReadMembersOnlyExport(db(), resident.id, community.id)).toBe(true);
    expect(await mayReadMembersOnlyExport(db(), w.admin.id, community.id)).toBe(true);
    const stranger = await makeUser();
    expect(await mayReadMembersOnlyExport(db(), stranger.id, community.id)).toBe(false);
    // Staff of another municipality are strangers too.
    const other = await makeOrg("MUNICIPALITY");
    const otherAdmin = await makeUser();
    await db().orgMembership.create({ data: { orgId: other.id, userId: otherAdmin.id, role: "ADMIN" } });
    expect(await mayReadMembersOnlyExport(db(), otherAdmin.id, community.id)).toBe(false);
  });

  it("the same run with k = 3: public, and the anonymous download is the ledger", async () => {
    const w = await smallSettled(3);
    const community = await db().community.findUniqueOrThrow({ where: { id: w.community.id } });
    expect(await ledgerExportAudience(db(), community)).toEqual({ public: true });
    const res = await anonymousGet(community.slug);
    expect(res.status).toBe(200);
    const lines = (await res.text()).trim().split("\n");
    expect(lines.filter((l) => l.includes('"account":"PC:')).length).toBeGreaterThanOrEqual(3);
  });

  it("a community with no run yet is public (there is nothing per member to show)", async () => {
    const w = await settlementWorld([{}], { privacyThreshold: 5 });
    expect(await ledgerExportAudience(db(), { id: w.community.id, privacyThreshold: 5 })).toEqual({ public: true });
  });
});
