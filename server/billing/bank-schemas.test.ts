// The forms' schemas: normalisation and one message per wrong field.
import { describe, expect, it } from "vitest";
import { maskIban, memberBankInput, orgBankInput } from "./bank-schemas";

const issues = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) => Object.fromEntries((r.error?.issues ?? []).map((i) => [i.path.join("."), i.message]));

describe("bank data schemas", () => {
  it("IBAN and BIC are normalised; empty optional fields become null", () => {
    expect(memberBankInput.parse({ accountHolder: " Anna ", iban: "it60 x054 2811 1010 0000 0123 456", bic: " bcititmm ", mandateReference: "", mandateSignedOn: "" })).toEqual({
      accountHolder: "Anna",
      iban: "IT60X0542811101000000123456",
      bic: "BCITITMM",
      mandateReference: null,
      mandateSignedOn: null,
      mandateScheme: "CORE", // no scheme given: CORE, the scheme every mandate had before B2B
    });
  });
  it("a mandate's scheme is CORE or B2B; anything else names the field", () => {
    const base = { accountHolder: "A", iban: "IT60X0542811101000000123456", mandateReference: "M-1", mandateSignedOn: "2026-02-03" };
    expect(memberBankInput.parse({ ...base, mandateScheme: "B2B" }).mandateScheme).toBe("B2B");
    expect(issues(memberBankInput.safeParse({ ...base, mandateScheme: "COR1" }))).toEqual({ mandateScheme: "Use CORE or B2B (B2B is for businesses only)." });
  });
  it("a mandate needs both reference and date; the date must exist", () => {
    expect(issues(memberBankInput.safeParse({ accountHolder: "A", iban: "IT60X0542811101000000123456", mandateReference: "M-1" }))).toEqual({ mandateSignedOn: "Give the date the mandate was signed." });
    expect(Object.keys(issues(memberBankInput.safeParse({ accountHolder: "A", iban: "IT60X0542811101000000123456", mandateReference: "M-1", mandateSignedOn: "2026-02-30" })))).toEqual(["mandateSignedOn"]);
    expect(Object.keys(issues(memberBankInput.safeParse({ accountHolder: "A", iban: "IT60X0542811101000000123456", mandateSignedOn: "2026-02-03" })))).toEqual(["mandateReference"]);
  });
  it("an empty IBAN says so; a holder of 71 characters is too long (SEPA: 70)", () => {
    expect(issues(memberBankInput.safeParse({ accountHolder: "x".repeat(71), iban: "" }))).toEqual({ iban: "Enter the IBAN.", accountHolder: "At most 70 characters (the SEPA limit)." });
  });
  it("creditor id with spaces and lower case is normalised and checked", () => {
    expect(orgBankInput.parse({ accountHolder: "Helios", iban: "DE89370400440532013000", creditorId: "de98 zzz 0999 9999 999" }).creditorId).toBe("DE98ZZZ09999999999");
    expect(Object.keys(issues(orgBankInput.safeParse({ accountHolder: "Helios", iban: "DE89370400440532013000", creditorId: "DE98ZZZ09999999998" })))).toEqual(["creditorId"]);
  });
  it("masking keeps country, check digits and the last 4 characters", () => {
    expect(maskIban("IT60X0542811101000000123456")).toBe(`IT60 ${"•".repeat(19)} 3456`);
  });
});
