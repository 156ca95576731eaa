import { describe, expect, it } from "vitest";
import { billingIdentityInput, buyerParty, missingForInvoices } from "./billing-identity";

const complete = { legalName: "Helios S.r.l.", vatId: "it 012.345-678 90", street: "Via dei Mille 5", postcode: "20121", city: "Milano", countryCode: "it", billingEmail: "Billing@Helios.Example" };

describe("billing identity", () => {
  it("the public telephone: absent → left as it is (undefined); '' → null; '+39 0761 123 456' kept; 'call me' refused at publicPhone", () => {
    expect(billingIdentityInput.parse(complete).publicPhone).toBeUndefined();
    expect(billingIdentityInput.parse({ ...complete, publicPhone: " " }).publicPhone).toBeNull();
    expect(billingIdentityInput.parse({ ...complete, publicPhone: "+39 0761 123 456" }).publicPhone).toBe("+39 0761 123 456");
    expect(billingIdentityInput.safeParse({ ...complete, publicPhone: "call me" }).error?.issues.map((i) => i.path.join("."))).toEqual(["publicPhone"]);
  });

  it("normalises a VAT number (IT 012.345-678 90 → IT01234567890), the country (it → IT) and the e-mail; blanks become null", () => {
    const v = billingIdentityInput.parse({ ...complete, street: "  ", billingEmail: "" });
    expect(v).toMatchObject({ vatId: "IT01234567890", countryCode: "IT", street: null, billingEmail: null });
    expect(missingForInvoices(v)).toEqual(["street"]);
    expect(missingForInvoices(billingIdentityInput.parse(complete))).toEqual([]);
  });

  it("refuses an unknown country (XX), a VAT number without a prefix, one of another country, and a bad e-mail; Greece's prefix is EL", () => {
    const issues = (patch: Record<string, string>) => billingIdentityInput.safeParse({ ...complete, ...patch }).error?.issues.map((i) => i.path.join(".")) ?? [];
    expect(issues({ countryCode: "XX" })).toEqual(["countryCode"]);
    expect(issues({ vatId: "01234567890" })).toEqual(["vatId"]);
    expect(issues({ vatId: "ATU12345678" })).toEqual(["vatId"]); // an Austrian number for an Italian address
    expect(issues({ billingEmail: "not-an-address" })).toEqual(["billingEmail"]);
    expect(issues({ countryCode: "GR", vatId: "EL123456789" })).toEqual([]);
  });

  it("buyer: the member's name and address; erased or missing personal data → 'Member <reference>', no street", () => {
    expect(buyerParty({ reference: "SOL-001", personal: { name: "Anna Rossi", address: "Via del Sole 1", email: "a@x.test", erasedAt: null } }, "IT")).toMatchObject({ name: "Anna Rossi", street: "Via del Sole 1", countryCode: "IT" });
    expect(buyerParty({ reference: "SOL-002", personal: { name: "Old Name", address: "Old street", email: null, erasedAt: new Date() } }, "IT")).toMatchObject({ name: "Member SOL-002", street: null, email: null });
    expect(buyerParty({ reference: "SOL-003", personal: null }, "AT")).toMatchObject({ name: "Member SOL-003", street: null, countryCode: "AT" });
  });
});
