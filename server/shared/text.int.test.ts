// Free text with a NUL (which PostgreSQL text cannot hold) is a 400 naming the field, never a 500.
import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { callerAs, makeWorld } from "@/server/test/factories";

const mapping = { delimiter: ";", decimalMark: ",", unit: "kWh", intervalSeconds: 900, timeZone: "Europe/Vienna", layout: { kind: "long", meteringPoint: "Zählpunkt", timestamp: "Zeit", energy: "Menge" } };

describe("U+0000 in free text → BAD_REQUEST with the field, nothing written", () => {
  it("a member's name: member.name", async () => {
    const w = await makeWorld();
    const update = callerAs(w.operatorA).member.update({ communityId: w.communityA.id, memberId: w.memberA1.id, member: { reference: w.memberA1.reference, kind: "CONSUMER", joinedOn: "2026-01-01", name: "Anna\u0000Rossi" } });
    await expect(update).rejects.toMatchObject({ code: "BAD_REQUEST", cause: { issues: [{ path: ["member", "name"], message: "This text contains a control character (U+0000) or a line break; remove it." }] } });
    expect((await db().member.findUniqueOrThrow({ where: { id: w.memberA1.id } })).kind).not.toBe("CONSUMER");
  });

  it("an API token's name: name", async () => {
    const w = await makeWorld();
    const create = callerAs(w.adminA).apiToken.create({ orgId: w.munA.id, name: "importer\u0000", scopes: ["runs:read"] });
    await expect(create).rejects.toMatchObject({ code: "BAD_REQUEST", cause: { issues: [{ path: ["name"] }] } });
    expect(await db().apiToken.count({ where: { orgId: w.munA.id } })).toBe(0);
  });

  it("a saved CSV mapping's name: name", async () => {
    const w = await makeWorld();
    const save = callerAs(w.operatorA).readingImport.saveMapping({ communityId: w.communityA.id, name: "vienna\u0000", mapping });
    await expect(save).rejects.toMatchObject({ code: "BAD_REQUEST", cause: { issues: [{ path: ["name"], message: "This text contains a control character (U+0000) or a line break; remove it." }] } });
    expect(await db().csvMappingPreset.count({ where: { communityId: w.communityA.id } })).toBe(0);
  });

  it("a member's address may span lines (multi-line field), its reference may not: member.reference", async () => {
    const w = await makeWorld();
    const caller = callerAs(w.operatorA);
    await caller.member.update({ communityId: w.communityA.id, memberId: w.memberA1.id, member: { reference: w.memberA1.reference, kind: "PROSUMER", joinedOn: "2026-01-01", address: "Via Roma 1\n00100 Roma" } });
    const bad = caller.member.update({ communityId: w.communityA.id, memberId: w.memberA1.id, member: { reference: "R-1\nR-2", kind: "PROSUMER", joinedOn: "2026-01-01" } });
    await expect(bad).rejects.toMatchObject({ code: "BAD_REQUEST", cause: { issues: [{ path: ["member", "reference"] }] } });
  });
});
