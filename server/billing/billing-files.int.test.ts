// Billing exports of a real final run: every format ties to the ledger to the cent, a second export
// is byte-identical, each download is audited, and outsiders get nothing.
import { describe, expect, it } from "vitest";
import { resolveCommunityScope } from "@/server/access/scope";
import { db } from "@/server/db/client";
import { finalizeRun } from "@/server/settlement/finalize-run";
import { settlementWorld, writeReadings } from "@/server/settlement/test-settlement";
import { makeOrg, makeUser } from "@/server/test/factories";
import { loadBillingLines } from "./load-billing-lines";
import { downloadRunFile } from "./run-downloads";

const DAY = { start: "2026-03-02", end: "2026-03-03" };
const FROM = "2026-03-01T23:00:00Z";
const TO = "2026-03-02T23:00:00Z";

async function settledDay() {
  const w = await settlementWorld([{}, {}, {}, { injection: true }], { vatChargesPercent: "22", vatCreditsPercent: "0" });
  for (const m of w.members.slice(0, 3)) await writeReadings(w.community.id, m.consumption!.id, FROM, TO, 100_000n);
  await writeReadings(w.community.id, w.members[3]!.injection!.id, FROM, TO, 150_000n);
  const run = await finalizeRun(db(), w.community.id, DAY, { kind: "scheduler" });
  const scope = await resolveCommunityScope(db(), w.admin.id, w.community.id, "read");
  return { ...w, run, scope };
}

describe("billing exports of a final run", () => {
  it("3 consumers charged 58/58/57 ¢ + 22 % VAT, the producer credited 173 ¢: CSV and JSON net totals = −Σ PC entries = 0, VAT 39 ¢", async () => {
    const w = await settledDay();
    const x = (await loadBillingLines(db(), w.community.id, w.run.runId)).lines;
    const pc = await db().ledgerEntry.findMany({ where: { runId: w.run.runId, account: { startsWith: "PC:" } } });
    expect(x.lines).toHaveLength(pc.length);
    expect(x.totals.netCents).toBe(-pc.reduce((s, e) => s + e.amountCents, 0n));
    expect(x.totals.vatCents).toBe(39n); // 12.76 + 12.76 + 12.54 → 13 + 13 + 13
    for (const line of x.lines) {
      const entry = pc.find((e) => e.seq.toString() === line.entrySeq)!;
      expect(line.entryHash).toBe(Buffer.from(entry.hash).toString("hex"));
      expect(line.netCents).toBe(-entry.amountCents);
    }

    const csv = { body: String((await downloadRunFile(db(), { userId: w.admin.id }, w.scope, w.run.runId, { format: "csv", memberId: null })).body) };
    const rows = csv.body.trimEnd().split("\r\n").slice(1).map((r) => r.split(","));
    const col = (name: string) => csv.body.split("\r\n")[0]!.split(",").indexOf(name);
    const cents = (s: string) => BigInt(s.replace(".", ""));
    expect(rows.reduce((s, r) => s + cents(r[col("net_eur")]!), 0n)).toBe(x.totals.netCents);
    expect(rows.reduce((s, r) => s + cents(r[col("vat_eur")]!), 0n)).toBe(39n);
    expect(rows.every((r) => r[col("checkpoint_root")] === x.run.checkpointRoot)).toBe(true);

    const json = JSON.parse(String((await downloadRunFile(db(), { userId: w.admin.id }, w.scope, w.run.runId, { format: "json", memberId: null })).body));
    expect(json.totals).toEqual({
      netEur: "0.00",
      vatEur: "0.39",
      grossEur: "0.39",
      ledgerNetEur: "0.00",
      feeNetEur: "0.00",
      // The producer's 1.73 credited exempt (0 %); the consumers' 0.58 + 0.58 + 0.57 at 22 %, each member's VAT rounded once: 0.13 × 3.
      byVatCategory: [
        { vatCategory: "E", vatRatePercent: "0.00", netEur: "-1.73", vatEur: "0.00" },
        { vatCategory: "S", vatRatePercent: "22.00", netEur: "1.73", vatEur: "0.39" },
      ],
    });
    expect(json.lines.reduce((s: bigint, l: { netEur: string }) => s + cents(l.netEur), 0n)).toBe(0n);

    // Produced again: the same bytes. Every download is in the audit log.
    expect(String((await downloadRunFile(db(), { userId: w.admin.id }, w.scope, w.run.runId, { format: "csv", memberId: null })).body)).toBe(csv.body);
    expect(await db().auditEvent.count({ where: { objectId: w.run.runId, action: "billing.export" } })).toBe(3);
  });

  it("an ESCO that does not serve the community, and another municipality, get nothing", async () => {
    const w = await settledDay();
    const [otherEsco, otherMunicipality] = await Promise.all([makeOrg("ESCO"), makeOrg("MUNICIPALITY")]);
    for (const org of [otherEsco, otherMunicipality]) {
      const user = await makeUser();
      await db().orgMembership.create({ data: { orgId: org.id, userId: user.id, role: "ADMIN" } });
      await expect(resolveCommunityScope(db(), user.id, w.community.id, "read")).rejects.toThrow(/not found/);
    }
    // Through one's own community, another community's run is not found either.
    const other = await settledDay();
    await expect(downloadRunFile(db(), { userId: other.admin.id }, other.scope, w.run.runId, { format: "csv", memberId: null })).rejects.toThrow(/Settlement run not found/);
  });
});
