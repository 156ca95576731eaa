import { describe, expect, it } from "vitest";
import { REDACTED, REDACTED_CHANGED, redactPersonal } from "./audit";

describe("redactPersonal", () => {
  it("replaces personal values with markers and keeps everything else", () => {
    const after = { reference: "C-1", kind: "CONSUMER", personal: { name: "Anna Rossi", email: null, address: "Via Roma 1" }, email: "anna@example.test", erased: ["name", "email"] };
    expect(redactPersonal(after)).toEqual({ reference: "C-1", kind: "CONSUMER", personal: { name: REDACTED, email: null, address: REDACTED }, email: REDACTED, erased: ["name", "email"] });
    expect(JSON.stringify(redactPersonal(after))).not.toMatch(/Anna|Roma|anna@/);
  });

  it("says which personal fields an update changed, without their values", () => {
    const before = { reference: "C-1", personal: { name: "Anna Rossi", email: "a@example.test", address: null } };
    const after = { reference: "C-2", personal: { name: "Anna Rossi", email: "b@example.test", address: "Via Po 2" } };
    expect(redactPersonal(after, before, true)).toEqual({ reference: "C-2", personal: { name: REDACTED, email: REDACTED_CHANGED, address: REDACTED_CHANGED } });
  });

  it("walks nested objects and arrays, and leaves non-personal 'name' keys alone", () => {
    const doc = { name: "Solaria", members: [{ personal: { name: "Bruno" }, iban: "IT60X0542811101000000123456" }] };
    expect(redactPersonal(doc)).toEqual({ name: "Solaria", members: [{ personal: { name: REDACTED }, iban: REDACTED }] });
  });
});
