// What the console names before issuing a run's invoices: how many documents will get final numbers.
import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { finalizeRun } from "@/server/settlement/finalize-run";
import { settlementWorld, writeReadings } from "@/server/settlement/test-settlement";
import { makeUser } from "@/server/test/factories";
import { ensureInvoices, invoicePlan } from "./run-billing";

const IDENTITY = { legalName: "Helios Energy Services S.r.l.", vatId: "IT01234567890", street: "Via dei Mille 5", postcode: "20121", city: "Milano", countryCode: "IT", billingEmail: "billing@helios.example" };
const FROM = "2026-03-01T23:00:00Z";
const TO = "2026-03-02T23:00:00Z";

describe("invoicePlan", () => {
  it("3 consumers and a producer settled, the 5th member without a metering point: 4 documents planned, 0 issued; after Maria issues them, 4 issued by 'Maria Rossi <e-mail>'", async () => {
    const w = await settlementWorld([{}, {}, {}, { injection: true }, { consumption: false }], { vatChargesPercent: "22", vatCreditsPercent: "0" });
    const seller = await db().organization.create({ data: { name: `Helios ${Math.random().toString(36).slice(2, 8)}`, kind: "ESCO", ...IDENTITY } });
    await db().community.update({ where: { id: w.community.id }, data: { billingOrgId: seller.id } });
    for (const m of w.members.slice(0, 3)) await writeReadings(w.community.id, m.consumption!.id, FROM, TO, 100_000n);
    await writeReadings(w.community.id, w.members[3]!.injection!.id, FROM, TO, 150_000n);
    const run = await finalizeRun(db(), w.community.id, { start: "2026-03-02", end: "2026-03-03" }, { kind: "scheduler" });
    expect(await invoicePlan(db(), w.community.id, run.runId)).toEqual({ documents: 4, issued: 0, issuedBy: null, issuedAt: null });
    const maria = await makeUser({ name: "Maria Rossi", email: `maria.${Math.random().toString(36).slice(2, 8)}@helios.example` });
    const issued = await ensureInvoices(db(), { userId: maria.id }, w.community.id, run.runId, new Date("2026-04-07T10:00:00Z"));
    expect(await invoicePlan(db(), w.community.id, run.runId)).toMatchObject({ documents: issued.length, issued: 4, issuedBy: `Maria Rossi <${maria.email}>` });
  });

  it("a run of another community is not found", async () => {
    const a = await settlementWorld([{}, { injection: true }]);
    const b = await settlementWorld([{}]);
    await writeReadings(a.community.id, a.members[0]!.consumption!.id, FROM, TO, 100_000n);
    await writeReadings(a.community.id, a.members[1]!.injection!.id, FROM, TO, 150_000n);
    const run = await finalizeRun(db(), a.community.id, { start: "2026-03-02", end: "2026-03-03" }, { kind: "scheduler" });
    await expect(invoicePlan(db(), b.community.id, run.runId)).rejects.toThrow(/Settlement run/);
  });
});
