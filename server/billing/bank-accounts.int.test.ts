// Bank data through the procedures: validation shown per field with nothing written, unique mandate
// references, masked IBANs in the audit log and for the resident, erasure removes it all.
import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { callerAs, makeWorld } from "@/server/test/factories";

const GOOD = { accountHolder: "Anna Rossi", iban: "it60 x054 2811 1010 0000 0123 456", bic: "bcititmm", mandateReference: "SOL-MND-1", mandateSignedOn: "2026-01-15" };

async function problems(p: Promise<unknown>) {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TRPCError);
  return { code: (err as TRPCError).code, problems: ((err as TRPCError).cause as { issues?: { path: (string | number)[]; message: string }[]; problems?: { where: string }[] }) };
}

describe("member bank data", () => {
  it("stored normalised (IT60X0542811101000000123456, BCITITMM); audited without the IBAN or holder (markers only); the resident sees it masked", async () => {
    const w = await makeWorld();
    const admin = callerAs(w.adminA);
    const ref = `MND-${w.memberA1.id.slice(0, 8)}`;
    const saved = await admin.member.setBank({ communityId: w.communityA.id, memberId: w.memberA1.id, bank: { ...GOOD, mandateReference: ref } });
    expect(saved).toEqual({
      accountHolder: "Anna Rossi",
      iban: "IT60X0542811101000000123456",
      bic: "BCITITMM",
      mandateReference: ref,
      mandateSignedOn: "2026-01-15",
      mandateScheme: "CORE",
      mandates: [{ reference: ref, scheme: "CORE", signedOn: "2026-01-15", validFrom: expect.any(String), revokedAt: null }],
    });
    const audit = await db().auditEvent.findFirstOrThrow({ where: { objectId: w.memberA1.id, action: "member.bank-account" } });
    expect(JSON.stringify(audit.after)).not.toContain("IT60X0542811101000000123456");
    expect(JSON.stringify(audit.after)).not.toContain("Anna Rossi");
    expect(audit.after).toMatchObject({ iban: "[personal data]", accountHolder: "[personal data]" }); // set, value not kept
    const mine = await callerAs(w.residentA1).me.bank({ memberId: w.memberA1.id });
    expect(mine).toMatchObject({ accountHolder: "Anna Rossi", mandateReference: ref, mandateScheme: "CORE" });
    expect(mine!.iban).toMatch(/^IT60 •+ 3456$/);
    // Their data export holds it in full (it is theirs).
    const { myExport } = await import("@/server/residents/export");
    const { ownMember } = await import("@/server/residents/own-member");
    const exported = await myExport(db(), await ownMember(db(), [w.memberA1.id], w.memberA1.id));
    expect(exported.member.bankAccount).toEqual({ accountHolder: "Anna Rossi", iban: "IT60X0542811101000000123456", bic: "BCITITMM", mandateReference: ref, mandateSignedOn: "2026-01-15", mandateScheme: "CORE" });
    // The ESCO may not read it through the console's procedures.
    await expect(callerAs(w.escoUser).member.bank({ communityId: w.communityA.id, memberId: w.memberA1.id })).rejects.toThrow(/ESCO/);
  });

  it("a typo in the IBAN, a bad BIC, a mandate without its date → BAD_REQUEST per field, nothing written", async () => {
    const w = await makeWorld();
    const admin = callerAs(w.adminA);
    const call = (bank: Record<string, unknown>) => admin.member.setBank({ communityId: w.communityA.id, memberId: w.memberA1.id, bank: { ...GOOD, ...bank } as typeof GOOD });
    for (const [bank, field, message] of [
      [{ iban: "IT60X0542811101000000123457" }, "iban", /check digits/],
      [{ iban: "IT60X05428111010000001234" }, "iban", /27 characters/],
      [{ bic: "BCIT" }, "bic", /8 or 11/],
      [{ mandateSignedOn: "" }, "mandateSignedOn", /date the mandate was signed/],
      [{ mandateReference: "A//B" }, "mandateReference", /\/\//],
      [{ accountHolder: "" }, "accountHolder", /holder/],
    ] as const) {
      const { code, problems: cause } = await problems(call(bank));
      expect(code).toBe("BAD_REQUEST");
      const issue = cause.issues!.find((i) => i.path.at(-1) === field);
      expect(issue?.message, field).toMatch(message);
    }
    expect(await db().memberBankAccount.count({ where: { memberId: w.memberA1.id } })).toBe(0);
  });

  it("the same mandate reference for a second member → CONFLICT on the field; removing bank data with null", async () => {
    const w = await makeWorld();
    const admin = callerAs(w.adminA);
    const ref = `MND-${w.memberA1.id.slice(0, 8)}`;
    await admin.member.setBank({ communityId: w.communityA.id, memberId: w.memberA1.id, bank: { ...GOOD, mandateReference: ref } });
    const { code, problems: cause } = await problems(admin.member.setBank({ communityId: w.communityA.id, memberId: w.memberA2.id, bank: { ...GOOD, mandateReference: ref } }));
    expect(code).toBe("CONFLICT");
    expect(cause.problems).toEqual([expect.objectContaining({ where: "mandateReference" })]);
    expect(await db().memberBankAccount.count({ where: { memberId: w.memberA2.id } })).toBe(0);
    expect(await admin.member.setBank({ communityId: w.communityA.id, memberId: w.memberA1.id, bank: null })).toBeNull();
    expect(await admin.member.bank({ communityId: w.communityA.id, memberId: w.memberA1.id })).toBeNull();
  });

  it("erasing the member's personal data deletes the bank account and the whole mandate history", async () => {
    const w = await makeWorld();
    const admin = callerAs(w.adminA);
    await admin.member.setBank({ communityId: w.communityA.id, memberId: w.memberA1.id, bank: { ...GOOD, mandateReference: `MND-${w.memberA1.id.slice(0, 8)}` } });
    await admin.member.setBank({ communityId: w.communityA.id, memberId: w.memberA1.id, bank: { ...GOOD, mandateReference: `MND2-${w.memberA1.id.slice(0, 8)}`, mandateScheme: "B2B" } });
    expect(await db().memberMandate.count({ where: { memberId: w.memberA1.id } })).toBe(2);
    await admin.member.erase({ communityId: w.communityA.id, memberId: w.memberA1.id });
    expect(await db().memberBankAccount.count({ where: { memberId: w.memberA1.id } })).toBe(0);
    expect(await db().memberMandate.count({ where: { memberId: w.memberA1.id } })).toBe(0);
  });

  it("mandate history: CORE signed 2026-01-15, then a B2B mandate signed 2026-03-01 → 2 rows, the CORE one revoked and kept; the same reference with B2B → 400; an old reference again → 409; no mandate → the current one revoked", async () => {
    const w = await makeWorld();
    const admin = callerAs(w.adminA);
    const at = (memberId: string, bank: { mandateReference?: string | null; mandateSignedOn?: string | null; accountHolder?: string; mandateScheme?: "CORE" | "B2B" | null }) => admin.member.setBank({ communityId: w.communityA.id, memberId, bank: { ...GOOD, ...bank } });
    const core = `CORE-${w.memberA1.id.slice(0, 8)}`;
    const b2b = `B2B-${w.memberA1.id.slice(0, 8)}`;
    await at(w.memberA1.id, { mandateReference: core });
    // Saving the same account and mandate again changes nothing.
    await at(w.memberA1.id, { mandateReference: core, accountHolder: "Anna Rossi-Verdi" });
    expect(await db().memberMandate.count({ where: { memberId: w.memberA1.id } })).toBe(1);
    const { code, problems: cause } = await problems(at(w.memberA1.id, { mandateReference: core, mandateScheme: "B2B" }));
    expect(code).toBe("BAD_REQUEST");
    expect(cause.problems).toEqual([expect.objectContaining({ where: "mandateScheme" })]);
    const after = await at(w.memberA1.id, { mandateReference: b2b, mandateSignedOn: "2026-03-01", mandateScheme: "B2B" });
    expect(after).toMatchObject({ mandateReference: b2b, mandateScheme: "B2B", mandateSignedOn: "2026-03-01" });
    expect(after!.mandates.map((m) => [m.reference, m.scheme, m.signedOn, m.revokedAt === null])).toEqual([
      [b2b, "B2B", "2026-03-01", true],
      [core, "CORE", "2026-01-15", false],
    ]);
    const again = await problems(at(w.memberA1.id, { mandateReference: core }));
    expect(again.code).toBe("CONFLICT");
    expect(again.problems.problems).toEqual([expect.objectContaining({ where: "mandateReference", message: expect.stringContaining("earlier mandate of this member") })]);
    const none = await at(w.memberA1.id, { mandateReference: null, mandateSignedOn: null });
    expect(none).toMatchObject({ mandateReference: null, mandateScheme: null });
    expect(none!.mandates.every((m) => m.revokedAt !== null)).toBe(true);
    // The database keeps one current mandate per member at most.
    await db().memberMandate.create({ data: { memberId: w.memberA1.id, reference: `X1-${w.memberA1.id.slice(0, 8)}`, signedOn: new Date("2026-04-01") } });
    await expect(db().memberMandate.create({ data: { memberId: w.memberA1.id, reference: `X2-${w.memberA1.id.slice(0, 8)}`, signedOn: new Date("2026-04-01") } })).rejects.toThrow();
  });
});

describe("organization bank identity", () => {
  it("the creditor id's check digits are verified (DE98ZZZ09999999999 passes, DE97… fails); saved and audited", async () => {
    const w = await makeWorld();
    const admin = callerAs(w.adminA);
    const { code, problems: cause } = await problems(admin.organization.setBank({ orgId: w.munA.id, bank: { accountHolder: "Comune", iban: "DE89370400440532013000", creditorId: "DE97ZZZ09999999999" } }));
    expect(code).toBe("BAD_REQUEST");
    expect(cause.issues!.find((i) => i.path.at(-1) === "creditorId")?.message).toMatch(/check digits/);
    expect(await admin.organization.bank({ orgId: w.munA.id })).toBeNull();
    await admin.organization.setBank({ orgId: w.munA.id, bank: { accountHolder: "Comune", iban: "DE89 3704 0044 0532 0130 00", creditorId: "de98 zzz 0999 9999 999" } });
    expect(await admin.organization.bank({ orgId: w.munA.id })).toEqual({ accountHolder: "Comune", iban: "DE89370400440532013000", bic: null, creditorId: "DE98ZZZ09999999999" });
    expect(await db().auditEvent.count({ where: { objectId: w.munA.id, action: "organization.bank-account" } })).toBe(1);
  });
});
