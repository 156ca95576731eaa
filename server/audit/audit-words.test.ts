import { describe, expect, it } from "vitest";
import { columnLetter } from "@/server/xlsx/sheet";
import { actionWords, changedFields, changesText, objectHref } from "./audit-words";

describe("the audit log in words", () => {
  it("known events read as words; an unknown one from its parts", () => {
    expect([actionWords("invitation.create"), actionWords("settlement.finalize"), actionWords("thing.did-stuff")]).toEqual(["Invitation sent", "Run finalized", "Thing did stuff"]);
  });

  it("an update lists only the changed fields, nested one level as dotted keys", () => {
    const before = { kind: "PROSUMER", reference: "C-1", personal: { name: "[personal data]", email: "[personal data]" } };
    const after = { kind: "CONSUMER", reference: "C-1", personal: { name: "[personal data, changed]", email: "[personal data]" } };
    expect(changedFields(before, after)).toEqual([
      { field: "kind", before: "PROSUMER", after: "CONSUMER" },
      { field: "personal.name", before: "[personal data]", after: "[personal data, changed]" },
    ]);
    expect(changesText(changedFields(before, after))).toBe("kind: PROSUMER → CONSUMER; personal.name: [personal data] → [personal data, changed]");
  });

  it("a creation lists every field it set; nulls are left out", () => {
    expect(changedFields(null, { kind: "RESIDENT", role: null, expiresAt: "2026-12-12" })).toEqual([
      { field: "kind", before: null, after: "RESIDENT" },
      { field: "expiresAt", before: null, after: "2026-12-12" },
    ]);
  });

  it("objects link to their console page: a member, an invitation's member, a run; a token has none", () => {
    const c = "11111111-1111-1111-1111-111111111111";
    expect(objectHref({ objectType: "member", objectId: "m1", communityId: c })).toBe(`/console/communities/${c}/members/m1`);
    expect(objectHref({ objectType: "invitation", objectId: "i1", communityId: c, after: { memberId: "m2" } })).toBe(`/console/communities/${c}/members/m2`);
    expect(objectHref({ objectType: "SettlementRun", objectId: "r1", communityId: c })).toBe(`/console/communities/${c}/settlement/runs/r1`);
    expect(objectHref({ objectType: "metering-point", objectId: "p1", communityId: c })).toBe(`/console/communities/${c}/readings?point=p1`);
    expect(objectHref({ objectType: "api_token", objectId: "t1", communityId: null })).toBeNull();
  });

  it("spreadsheet column letters: 0 → A, 25 → Z, 26 → AA, 27 → AB", () => {
    expect([0, 25, 26, 27].map(columnLetter)).toEqual(["A", "Z", "AA", "AB"]);
  });
});
