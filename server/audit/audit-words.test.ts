import { describe, expect, it } from "vitest";
import { columnLetter } from "@/server/xlsx/sheet";
import { createTranslator } from "next-intl";
import { MESSAGES } from "@/server/i18n/messages";
import type { Locale } from "@/server/i18n/locales";
import { englishAuditWords } from "./audit-list";
import { actionWords, actorWords, AUDIT_ACTION_CODES, auditActionOptions, changedFields, changesText, objectHref, objectWords, valueWords, type AuditWords } from "./audit-words";

/** The catalogue's audit words in a language, as the console page builds them. */
function wordsIn(locale: Locale): AuditWords {
  const t = createTranslator({ locale, messages: MESSAGES[locale], namespace: "auditWords" });
  return {
    action: (code) => t(`action.${code}`),
    object: (type) => t(`object.${type}`),
    member: (reference) => t("member", { reference }),
    ofMember: (kind, reference) => t("ofMember", { kind, reference }),
    point: (code) => t("point", { code }),
    personalData: () => t("personalData"),
    personalDataChanged: () => t("personalDataChanged"),
    actorKind: (kind) => t(`actor.${kind}`),
    cli: (name) => t("actor.cli", { name }),
  };
}

describe("the audit log in words", () => {
  it("known events read as the catalogue's words (English and Italian); an unknown one from its parts", () => {
    const en = wordsIn("en");
    expect([actionWords(en, "invitation.create"), actionWords(en, "settlement.finalize"), actionWords(en, "thing.did-stuff")]).toEqual(["Invitation sent", "Run finalized", "Thing did stuff"]);
    const it = wordsIn("it");
    expect([actionWords(it, "invitation.create"), actionWords(it, "settlement.finalize"), actionWords(it, "thing.did-stuff")]).toEqual(["Invito inviato", "Liquidazione finalizzata", "Thing did stuff"]);
  });

  it("every known event has its own words in each language (no two events read alike), and the filter sorts them by those words", () => {
    for (const locale of ["en", "it", "de", "fr"] as const) {
      const w = wordsIn(locale);
      const words = AUDIT_ACTION_CODES.map((a) => w.action(a));
      expect(new Set(words).size).toBe(AUDIT_ACTION_CODES.length);
      const options = auditActionOptions(w, locale).map((o) => o.label);
      expect(options).toEqual([...words].sort((a, b) => a.localeCompare(b, locale)));
    }
  });

  it("objects, actors and personal-data markers in words: the same information in English and Italian", () => {
    const en = wordsIn("en");
    const it = wordsIn("it");
    const invitation = { type: "invitation", memberReference: "C-001" };
    const point = { type: "metering-point", pointCode: "IT001E1" };
    expect([objectWords(en, { type: "member", memberReference: "C-001" }), objectWords(en, invitation), objectWords(en, point), objectWords(en, { type: "api_token" }), objectWords(en, { type: "new_thing" })]).toEqual(["member C-001", "invitation of member C-001", "metering point IT001E1", "API token", "new thing"]);
    expect([objectWords(it, { type: "member", memberReference: "C-001" }), objectWords(it, invitation), objectWords(it, point)]).toEqual(["membro C-001", "invito del membro C-001", "punto di misura IT001E1"]);
    expect([valueWords(it, "[personal data]"), valueWords(it, "[personal data, changed]"), valueWords(it, "PROSUMER")]).toEqual(["[dati personali]", "[dati personali, modificati]", "PROSUMER"]);
    expect([actorWords(it, { kind: "user", label: "Ada <ada@example.org>" }), actorWords(it, { kind: "system" }), actorWords(it, { kind: "cli", name: "ops" })]).toEqual(["Ada <ada@example.org>", "sistema", "riga di comando: ops"]);
  });

  it("the export's words are the English catalogue's", () => {
    const w = englishAuditWords();
    expect([actionWords(w, "member.update"), objectWords(w, { type: "market_limit", memberReference: "C-9" }), actorWords(w, { kind: "former-user" })]).toEqual(["Member changed", "market limits of member C-9", "a former user"]);
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
