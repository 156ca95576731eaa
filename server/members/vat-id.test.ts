import { describe, expect, it } from "vitest";
import { memberInput } from "./schemas";
import { normalizeVatId, vatFieldProblems, vatIdProblem } from "./vat-id";

describe("VAT ids", () => {
  it("normalises ' it 0123 456.7890 ' → IT01234567890", () => {
    expect(normalizeVatId(" it 0123 456.7890 ")).toBe("IT01234567890");
  });

  it.each(["IT01234567890", "ATU12345678", "DE123456789", "FRXX123456789", "ESX1234567X", "NL123456789B01", "BE0123456789", "EL123456789", "IE1234567WA", "SE123456789001", "XI123456789", "CHE123456789"])("accepts %s", (id) => {
    expect(vatIdProblem(id)).toBeNull();
  });

  it.each([
    ["IT0123456789", "of IT"], // 10 digits, Italy has 11
    ["AT12345678", "of AT"], // the U is missing
    ["NL123456789", "of NL"],
    ["GR123456789", "EL"],
    ["01234567890", "country prefix"],
    ["US1", "2 to 13"],
  ])("refuses %s (%s)", (id, words) => {
    expect(vatIdProblem(id)).toContain(words);
  });
});

describe("member type and VAT together", () => {
  const base = { reference: "C-1", kind: "PRODUCER", joinedOn: "2026-01-01" } as const;

  it("a member without type or VAT fields is a private member, not registered", () => {
    expect(memberInput.parse(base)).toMatchObject({ memberType: "PRIVATE", vatId: null, vatStatus: "NOT_REGISTERED" });
  });

  it("a farmer under reverse charge with 'it 0123 4567 890' → IT01234567890", () => {
    expect(memberInput.parse({ ...base, memberType: "FARMER", vatId: "it 0123 4567 890", vatStatus: "REVERSE_CHARGE" })).toMatchObject({ memberType: "FARMER", vatId: "IT01234567890", vatStatus: "REVERSE_CHARGE" });
  });

  it("refuses a VAT id on a private member, naming the field", () => {
    const r = memberInput.safeParse({ ...base, vatId: "IT01234567890", vatStatus: "REGISTERED" });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["vatId", expect.stringContaining("private member has no VAT id")],
      ["vatStatus", expect.stringContaining("not registered")],
    ]);
  });

  it("refuses reverse charge without a VAT id", () => {
    expect(vatFieldProblems({ memberType: "COMPANY", vatId: null, vatStatus: "REVERSE_CHARGE" })).toEqual([{ field: "vatId", message: "Give the VAT id of a VAT-registered member." }]);
  });

  it("lets an association and a public body carry a VAT id", () => {
    expect(vatFieldProblems({ memberType: "ASSOCIATION", vatId: "IT01234567890", vatStatus: "REGISTERED" })).toEqual([]);
    expect(vatFieldProblems({ memberType: "PUBLIC_BODY", vatId: "IT01234567890", vatStatus: "REVERSE_CHARGE" })).toEqual([]);
  });
});
