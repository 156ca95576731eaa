// A run's billing terms are fixed in the transaction that finalizes it, so every download is a pure
// read (plus its audit event). Runs finalized before that (simulated by removing their terms with
// triggers off, as they were written then) answer 409 on download until a POST — the invoice issue —
// or `dajie billing-terms` fixes them.
import { describe, expect, it } from "vitest";
import { resolveCommunityScope } from "@/server/access/scope";
import { db } from "@/server/db/client";
import { finalizeRun } from "@/server/settlement/finalize-run";
import { settlementWorld, writeReadings } from "@/server/settlement/test-settlement";
import { downloadRunFile } from "./run-downloads";
import { ensureInvoices } from "./run-billing";
import { fixMissingRunTerms } from "./run-terms";
import { ownerDb } from "@/server/test/owner-db";

const DAY = { start: "2026-03-02", end: "2026-03-03" };
const DAY2 = { start: "2026-03-03", end: "2026-03-04" };
const IDENTITY = { legalName: "Comune di Solaria", vatId: "IT00000000001", street: "Piazza 1", postcode: "00100", city: "Roma", countryCode: "IT", billingEmail: "b@solaria.example" };
const FINALIZED = new Date("2026-03-04T09:00:00Z");

async function settled(days = [DAY]) {
  const w = await settlementWorld([{}, {}, { injection: true }], { vatChargesPercent: "22", vatCreditsPercent: "0" });
  await db().organization.update({ where: { id: w.org.id }, data: IDENTITY });
  for (const m of w.members.slice(0, 2)) await writeReadings(w.community.id, m.consumption!.id, "2026-03-01T23:00:00Z", "2026-03-03T23:00:00Z", 100_000n);
  await writeReadings(w.community.id, w.members[2]!.injection!.id, "2026-03-01T23:00:00Z", "2026-03-03T23:00:00Z", 150_000n);
  const runs = [];
  for (const d of days) runs.push(await finalizeRun(db(), w.community.id, d, { kind: "scheduler" }, { now: FINALIZED }));
  const scope = await resolveCommunityScope(db(), w.admin.id, w.community.id, "read");
  return { ...w, runs, scope };
}

/** What a run finalized before this change looks like: no run_billing row (the table refuses DELETE by trigger; the owner, a superuser in tests, turns triggers off). */
async function asFinalizedBeforeTermsAtFinalize(runId: string) {
  await ownerDb().$transaction(async (tx) => {
    await tx.$executeRawUnsafe("SET LOCAL session_replication_role = replica");
    await tx.$executeRaw`DELETE FROM run_billing WHERE run_id = ${runId}::uuid`;
  });
}

const csv = { format: "csv" as const, memberId: null };

describe("billing terms fixed at finalize", () => {
  it("finalize writes the run's terms from the community (VAT 22 % → 2200 bp, seller = the municipality, fixed on 2026-03-04 in Rome); later setting changes do not reach them", async () => {
    const w = await settled();
    const row = await db().runBilling.findUniqueOrThrow({ where: { runId: w.runs[0]!.runId } });
    expect([row.vatChargesBp, row.vatCreditsBp, row.sellerOrgId, row.fixedOn.toISOString().slice(0, 10)]).toEqual([2200, 0, w.org.id, "2026-03-04"]);
    const before = String((await downloadRunFile(db(), { userId: w.admin.id }, w.scope, w.runs[0]!.runId, csv)).body);
    await db().community.update({ where: { id: w.community.id }, data: { vatChargesPercent: "10", feeFixedCents: 500 } });
    expect(String((await downloadRunFile(db(), { userId: w.admin.id }, w.scope, w.runs[0]!.runId, csv)).body)).toBe(before);
  });

  it("a download writes nothing but its audit event: run_billing rows stay 1, audit events +1 per download", async () => {
    const w = await settled();
    const runId = w.runs[0]!.runId;
    const count = () => Promise.all([db().runBilling.count({ where: { communityId: w.community.id } }), db().auditEvent.count({ where: { objectId: runId, action: "billing.export" } })]);
    expect(await count()).toEqual([1, 0]);
    for (const format of ["csv", "json"] as const) await downloadRunFile(db(), { userId: w.admin.id }, w.scope, runId, { format, memberId: null });
    expect(await count()).toEqual([1, 2]);
  });

  it("a run finalized before: the CSV download answers 409 and writes nothing; issuing its invoices fixes the terms, then the CSV downloads", async () => {
    const w = await settled();
    const runId = w.runs[0]!.runId;
    await asFinalizedBeforeTermsAtFinalize(runId);
    const refused = downloadRunFile(db(), { userId: w.admin.id }, w.scope, runId, csv);
    await expect(refused).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/finalized before billing terms were fixed at finalize/) });
    expect(await db().runBilling.count({ where: { runId } })).toBe(0);
    expect(await ensureInvoices(db(), { userId: w.admin.id }, w.community.id, runId, new Date("2026-03-10T09:00:00Z"))).toHaveLength(3);
    const row = await db().runBilling.findUniqueOrThrow({ where: { runId } });
    expect(row.fixedOn.toISOString().slice(0, 10)).toBe("2026-03-10");
    expect(String((await downloadRunFile(db(), { userId: w.admin.id }, w.scope, runId, csv)).body)).toContain("ledger_entry_hash");
  });

  it("`dajie billing-terms` (fixMissingRunTerms): 2 old runs of 2 → both fixed; asked again → none", async () => {
    const w = await settled([DAY, DAY2]);
    for (const r of w.runs) await asFinalizedBeforeTermsAtFinalize(r.runId);
    expect((await fixMissingRunTerms(db(), w.community.id, new Date("2026-03-10T09:00:00Z"))).sort()).toEqual(w.runs.map((r) => r.runId).sort());
    expect(await fixMissingRunTerms(db(), w.community.id, new Date())).toEqual([]);
  });

  it("a correction of an old run fixes the corrected run's terms in the same transaction (its fee is taken back with them)", async () => {
    const w = await settled();
    const first = w.runs[0]!.runId;
    await asFinalizedBeforeTermsAtFinalize(first);
    await writeReadings(w.community.id, w.members[0]!.consumption!.id, "2026-03-01T23:00:00Z", "2026-03-02T23:00:00Z", 120_000n);
    const second = await finalizeRun(db(), w.community.id, DAY, { kind: "scheduler" }, { now: FINALIZED });
    expect(second.version).toBe(2);
    expect((await db().runBilling.findMany({ where: { runId: { in: [first, second.runId] } } })).length).toBe(2);
    expect(String((await downloadRunFile(db(), { userId: w.admin.id }, w.scope, second.runId, csv)).body)).toContain("Reversal of entry");
  });
});
