// Billing settings through the procedures: an organization's billing identity (its admins only,
// validated, audited), and a community's invoicing organization and fee.
import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { callerAs, makeWorld } from "@/server/test/factories";

/** A tRPC input validation error naming `path` with `message` (the ZodError is its cause). */
const invalidInput = (path: string[], message: string) => ({ code: "BAD_REQUEST", cause: { issues: expect.arrayContaining([expect.objectContaining({ path, message })]) } });

describe("billing settings", () => {
  it("an admin sets the organization's billing identity: normalised, audited; a bad country writes nothing", async () => {
    const w = await makeWorld();
    const admin = callerAs(w.adminA);
    const before = await admin.organization.billingIdentity({ orgId: w.munA.id });
    expect(before.missing).toEqual(["legal name", "VAT number", "street", "postcode", "city", "country"]);
    await expect(admin.organization.setBillingIdentity({ orgId: w.munA.id, identity: { legalName: "Comune", vatId: "IT1", street: "", postcode: "", city: "", countryCode: "ZZ", billingEmail: "" } })).rejects.toMatchObject(
      invalidInput(["identity", "countryCode"], "Use a two-letter ISO 3166 country code, e.g. IT."),
    );
    expect((await admin.organization.billingIdentity({ orgId: w.munA.id })).legalName).toBeNull();
    const saved = await admin.organization.setBillingIdentity({ orgId: w.munA.id, identity: { legalName: "Comune di Prova", vatId: "it 00000000001", street: "Piazza 1", postcode: "00100", city: "Roma", countryCode: "it", billingEmail: "" } });
    expect(saved).toMatchObject({ vatId: "IT00000000001", countryCode: "IT", billingEmail: null, missing: [] });
    expect(await db().auditEvent.count({ where: { objectId: w.munA.id, action: "organization.billing-identity" } })).toBe(1);
  });

  it("a community's invoices: issued by the municipality or a serving ESCO only; fee 2.5 % + 0.50 € stored as 250 bp and 50 ¢; an ESCO that stops serving stops invoicing", async () => {
    const w = await makeWorld();
    const admin = callerAs(w.adminA);
    const c = await admin.community.get({ communityId: w.communityA.id });
    const input = { ...c, rule: { kind: "DYNAMIC" as const }, intervalMinutes: 15 as const };
    await expect(admin.community.update({ communityId: c.id, community: { ...input, billingOrgId: w.otherEsco.id } })).rejects.toThrow(/municipality or an ESCO serving/);
    const updated = await admin.community.update({ communityId: c.id, community: { ...input, billingOrgId: w.esco.id, feeCreditsPercent: "2.5", feeFixedEur: "0.5" } });
    expect(updated).toMatchObject({ billingOrgId: w.esco.id, feeCreditsPercent: "2.50", feeFixedEur: "0.50" });
    expect(await db().community.findUniqueOrThrow({ where: { id: c.id }, select: { feeCreditsBp: true, feeFixedCents: true } })).toEqual({ feeCreditsBp: 250, feeFixedCents: 50 });
    await expect(admin.community.update({ communityId: c.id, community: { ...input, feeCreditsPercent: "100.01" } })).rejects.toMatchObject(invalidInput(["community", "feeCreditsPercent"], "At most 100 %."));
    const after = await admin.community.setEscos({ communityId: c.id, escoIds: [] });
    expect(after.billingOrgId).toBeNull();
  });
});
