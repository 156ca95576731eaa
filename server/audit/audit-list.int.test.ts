import { describe, expect, it } from "vitest";
import { parseCsv } from "@/server/csv/parse-csv";
import { db } from "@/server/db/client";
import { callerAs, makeMember, makeWorld } from "@/server/test/factories";
import { englishAuditWords, exportAudit } from "./audit-list";
import { actionWords, objectWords } from "./audit-words";

describe("audit log in words, filtered in the query", () => {
  it("an invitation reads 'Invitation sent' by the operator's name, linked to the member's page, with its fields as changes (e-mail redacted)", async () => {
    const w = await makeWorld();
    const m = await makeMember(w.communityA.id, { reference: "AUD-1" });
    await callerAs(w.operatorA).invitation.bulkInvite({ communityId: w.communityA.id, memberIds: [m.id] });
    const log = await callerAs(w.adminA).organization.auditLog({ orgId: w.munA.id, filter: { action: "invitation.create" } });
    expect(log.items).toHaveLength(1);
    const e = log.items[0]!;
    expect([e.action, e.actor, e.object, e.objectHref]).toEqual(["invitation.create", { kind: "user", label: `${w.operatorA.name} <${w.operatorA.email}>` }, { type: "invitation", memberReference: "AUD-1" }, `/console/communities/${w.communityA.id}/members/${m.id}`]);
    // In words (the page's, from the catalogue): "Invitation sent" … "invitation of member AUD-1".
    const words = englishAuditWords();
    expect([actionWords(words, e.action), objectWords(words, e.object)]).toEqual(["Invitation sent", "invitation of member AUD-1"]);
    expect(e.changes).toEqual(expect.arrayContaining([{ field: "kind", before: null, after: "RESIDENT" }, { field: "email", before: null, after: "[personal data]" }]));
  });

  it("filters: by actor (the operator's 1 change of 3 events), by date range (tomorrow → none; a range ending before it starts → 400)", async () => {
    const w = await makeWorld();
    await callerAs(w.operatorA).member.update({ communityId: w.communityA.id, memberId: w.memberA1.id, member: { reference: w.memberA1.reference, kind: "CONSUMER", joinedOn: "2026-01-01" } });
    const all = await callerAs(w.adminA).organization.auditLog({ orgId: w.munA.id });
    const byOperator = await callerAs(w.adminA).organization.auditLog({ orgId: w.munA.id, filter: { actor: w.operatorA.id } });
    expect(byOperator.items.map((i) => i.action)).toEqual(["member.update"]);
    expect(all.items.length).toBeGreaterThan(byOperator.items.length);
    const actors = await callerAs(w.adminA).organization.auditActors({ orgId: w.munA.id });
    expect(actors.map((a) => a.id)).toEqual(expect.arrayContaining([w.adminA.id, w.operatorA.id]));
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const today = new Date().toISOString().slice(0, 10);
    expect((await callerAs(w.adminA).organization.auditLog({ orgId: w.munA.id, filter: { from: tomorrow } })).items).toEqual([]);
    expect((await callerAs(w.adminA).organization.auditLog({ orgId: w.munA.id, filter: { from: today, to: today } })).items.length).toBe(all.items.length);
    await expect(callerAs(w.adminA).organization.auditLog({ orgId: w.munA.id, filter: { from: tomorrow, to: today } })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("pages of 2 under a filter continue with the cursor and end: 3 member events → 2 + 1", async () => {
    const w = await makeWorld();
    for (const kind of ["CONSUMER", "PRODUCER", "PROSUMER"] as const) {
      await callerAs(w.adminA).member.update({ communityId: w.communityA.id, memberId: w.memberA1.id, member: { reference: w.memberA1.reference, kind, joinedOn: "2026-01-01" } });
    }
    const first = await callerAs(w.adminA).organization.auditLog({ orgId: w.munA.id, limit: 2, filter: { action: "member.update" } });
    const second = await callerAs(w.adminA).organization.auditLog({ orgId: w.munA.id, limit: 2, cursor: first.nextCursor, filter: { action: "member.update" } });
    expect([first.items.length, second.items.length, second.nextCursor]).toEqual([2, 1, undefined]);
    // Newest first: PROSUMER (last change) heads the list.
    expect(first.items[0]!.changes).toContainEqual({ field: "kind", before: "PRODUCER", after: "PROSUMER" });
  });

  it("the export under a filter holds exactly the listed events, in words", async () => {
    const w = await makeWorld();
    await callerAs(w.operatorA).member.update({ communityId: w.communityA.id, memberId: w.memberA1.id, member: { reference: w.memberA1.reference, kind: "CONSUMER", joinedOn: "2026-01-01" } });
    const file = await exportAudit(db(), w.munA.id, { action: "member.update" }, "csv");
    const rows = parseCsv(file.body as string);
    expect(rows.map((r) => r.cells.slice(1, 5))).toEqual([
      ["event", "event_code", "actor", "object"],
      ["Member changed", "member.update", `${w.operatorA.name} <${w.operatorA.email}>`, `member ${w.memberA1.reference}`],
    ]);
    expect(rows[1]!.cells[7]).toContain("kind: PROSUMER → CONSUMER");
  });
});
