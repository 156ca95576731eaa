import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { callerAs, makeWorld } from "@/server/test/factories";
import { ownerDb } from "@/server/test/owner-db";

const header = "reference,kind,joined_on,name,email,address,metering_point,direction,capacity_kw";

async function counts(communityId: string) {
  const [members, points] = await Promise.all([db().member.count({ where: { communityId } }), db().meteringPoint.count({ where: { communityId } })]);
  return { members, points };
}

describe("member CSV import", () => {
  it("a file with one bad line imports nothing and names the line; the corrected file imports 3 members, 4 points", async () => {
    const w = await makeWorld();
    const admin = callerAs(w.adminA);
    const before = await counts(w.communityA.id);
    const lines = [
      header,
      "C-001,prosumer,2026-01-01,Anna Rossi,anna@example.org,Via Roma 1,ITCSV0000001,consumption,6",
      "C-001,prosumer,2026-01-01,Anna Rossi,anna@example.org,Via Roma 1,ITCSV0000001,injection,4.5",
      "C-002,consumer,2026-02-30,Bruno Bianchi,,,ITCSV0000002,consumption,3",
      "C-003,producer,2026-01-15,Carla Verdi,carla@example.org,,ITCSV0000003,injection,20",
    ];
    const bad = admin.member.importCsv({ communityId: w.communityA.id, csv: lines.join("\n") });
    await expect(bad).rejects.toMatchObject({ code: "BAD_REQUEST", cause: { problems: [{ where: "line 4", message: "joined_on: This date does not exist." }] } });
    expect(await counts(w.communityA.id)).toEqual(before);

    lines[3] = "C-002,consumer,2026-02-28,Bruno Bianchi,,,ITCSV0000002,consumption,3";
    const ok = await admin.member.importCsv({ communityId: w.communityA.id, csv: lines.join("\n") });
    expect(ok).toEqual({ members: 3, meteringPoints: 4 });
    expect(await counts(w.communityA.id)).toEqual({ members: before.members + 3, points: before.points + 4 });
    const audit = await db().auditEvent.findFirst({ where: { communityId: w.communityA.id, action: "member.import-csv" } });
    expect(audit?.after).toMatchObject({ members: 3, meteringPoints: 4 });
  });

  it("refuses references and metering points that already exist, naming each line, and writes nothing", async () => {
    const w = await makeWorld();
    const csv = [header, `${w.memberA1.reference},consumer,2026-01-01,,,,,,`, `NEW-1,consumer,2026-01-01,,,,${w.pointA1.code},consumption,3`].join("\n");
    const before = await counts(w.communityA.id);
    await expect(callerAs(w.adminA).member.importCsv({ communityId: w.communityA.id, csv })).rejects.toMatchObject({
      cause: {
        problems: [
          { where: "line 2", message: `reference: ${w.memberA1.reference} already exists in this community` },
          { where: "line 3", message: `metering_point: ${w.pointA1.code} is already registered from 2026-01-01` },
        ],
      },
    });
    expect(await counts(w.communityA.id)).toEqual(before);
  });
});

describe("members and metering points", () => {
  it("ending a membership on 2026-06-01 ends its open metering points on the same day", async () => {
    const w = await makeWorld();
    const ended = await callerAs(w.adminA).member.end({ communityId: w.communityA.id, memberId: w.memberA1.id, leftOn: "2026-06-01" });
    expect(ended.leftOn).toBe("2026-06-01");
    expect(ended.meteringPoints.map((p) => p.validTo)).toEqual(["2026-06-01"]);
    await expect(callerAs(w.adminA).member.end({ communityId: w.communityA.id, memberId: w.memberA1.id, leftOn: "2026-07-01" })).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("a metering point id cannot be valid twice on one day: app check first, database constraint behind it", async () => {
    const w = await makeWorld();
    const add = (validFrom: string) =>
      callerAs(w.adminA).meteringPoint.add({ communityId: w.communityA.id, memberId: w.memberA2.id, point: { code: w.pointA1.code, direction: "CONSUMPTION", capacityKw: "3", validFrom } });
    await expect(add("2026-03-01")).rejects.toMatchObject({ code: "CONFLICT", message: `Metering point ${w.pointA1.code} is already registered for an overlapping period.` });
    // The same id may be registered as injection (Italian PODs measure both ways).
    await callerAs(w.adminA).meteringPoint.add({ communityId: w.communityA.id, memberId: w.memberA1.id, point: { code: w.pointA1.code, direction: "INJECTION", capacityKw: "3", validFrom: "2026-01-01" } });
    // After the first holder's validity ends on 2026-04-01, a new holder may start that day.
    await callerAs(w.adminA).meteringPoint.close({ communityId: w.communityA.id, pointId: w.pointA1.id, validTo: "2026-04-01" });
    await expect(add("2026-03-31")).rejects.toMatchObject({ code: "CONFLICT" });
    const moved = await add("2026-04-01");
    expect(moved.validFrom).toBe("2026-04-01");
    // Bypassing the service, the exclusion constraint still refuses an overlap.
    await expect(
      db().meteringPoint.create({ data: { communityId: w.communityA.id, memberId: w.memberA1.id, code: w.pointA1.code, direction: "CONSUMPTION", capacityKw: "1", validFrom: new Date("2026-05-01T00:00:00Z") } }),
    ).rejects.toThrow(/metering_point_no_overlap|exclusion/i);
  });

  it("a metering point cannot start before its member joined", async () => {
    const w = await makeWorld();
    await expect(
      callerAs(w.adminA).meteringPoint.add({ communityId: w.communityA.id, memberId: w.memberA1.id, point: { code: "ITEARLY00001", direction: "CONSUMPTION", capacityKw: "3", validFrom: "2025-12-31" } }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", cause: { problems: [{ where: "validFrom", message: "The member joined on 2026-01-01." }] } });
  });

  it("every admin change is in the organization's audit log with before and after (personal values redacted); the log refuses UPDATE and DELETE", async () => {
    const w = await makeWorld();
    await callerAs(w.operatorA).member.update({ communityId: w.communityA.id, memberId: w.memberA1.id, member: { reference: w.memberA1.reference, kind: "CONSUMER", joinedOn: "2026-01-01", name: "New Name" } });
    const log = await callerAs(w.adminA).organization.auditLog({ orgId: w.munA.id });
    const update = log.items.find((i) => i.action === "member.update");
    // Codes and the parts that name things; the console words them in the reader's language (audit-words.ts).
    expect(update).toMatchObject({ actor: { kind: "user", label: `${w.operatorA.name} <${w.operatorA.email}>` }, objectId: w.memberA1.id, action: "member.update", object: { type: "member", memberReference: w.memberA1.reference } });
    expect(update!.changes).toEqual(
      expect.arrayContaining([
        { field: "kind", before: "PROSUMER", after: "CONSUMER" },
        { field: "personal.name", before: "[personal data]", after: "[personal data, changed]" },
      ]),
    );
    // The log is append-only, so it keeps no personal values that an erasure would have to remove.
    expect(JSON.stringify(update)).not.toMatch(/Resident Name|New Name/);
    expect(log.items.some((i) => i.action === "community.create")).toBe(true);
    // The app's role has no UPDATE/DELETE on it at all; even the owner is stopped by the trigger.
    await expect(db().$executeRawUnsafe(`UPDATE audit_event SET action = 'x' WHERE id = '${update!.id}'`)).rejects.toThrow(/permission denied/);
    await expect(ownerDb().$executeRawUnsafe(`UPDATE audit_event SET action = 'x' WHERE id = '${update!.id}'`)).rejects.toThrow(/append-only/);
    await expect(ownerDb().$executeRawUnsafe(`DELETE FROM audit_event WHERE id = '${update!.id}'`)).rejects.toThrow(/append-only/);
    // B's admin sees none of A's events.
    const logB = await callerAs(w.adminB).organization.auditLog({ orgId: w.munB.id });
    expect(logB.items.every((i) => i.communityId !== w.communityA.id)).toBe(true);
  });
});

describe("member type and VAT", () => {
  it("a farmer under reverse charge is stored with its normalised VAT id (IT 0987 6543 210 → IT09876543210); a private member with a VAT id → 400 naming member.vatId, nothing written", async () => {
    const w = await makeWorld();
    const admin = callerAs(w.adminA);
    const base = { reference: `F-${w.communityA.id.slice(0, 6)}`, kind: "PRODUCER" as const, joinedOn: "2026-01-01" };
    const before = await counts(w.communityA.id);
    await expect(admin.member.create({ communityId: w.communityA.id, member: { ...base, memberType: "PRIVATE", vatId: "IT09876543210", vatStatus: "REGISTERED" } })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      cause: { issues: expect.arrayContaining([expect.objectContaining({ path: ["member", "vatId"], message: expect.stringContaining("private member has no VAT id") })]) },
    });
    expect(await counts(w.communityA.id)).toEqual(before);
    const farmer = await admin.member.create({ communityId: w.communityA.id, member: { ...base, memberType: "FARMER", vatId: "IT 0987 6543 210", vatStatus: "REVERSE_CHARGE" } });
    expect(farmer).toMatchObject({ memberType: "FARMER", vatId: "IT09876543210", vatStatus: "REVERSE_CHARGE" });
    // The database refuses it too, behind the app's check.
    await expect(db().member.update({ where: { id: farmer.id }, data: { memberType: "PRIVATE" } })).rejects.toThrow(/member_vat_id_type/);
    // An update sends the whole member, type and VAT included (as the console form does).
    const edited = await admin.member.update({ communityId: w.communityA.id, memberId: farmer.id, member: { ...base, memberType: "COMPANY", vatId: "IT09876543210", vatStatus: "REGISTERED" } });
    expect(edited).toMatchObject({ memberType: "COMPANY", vatStatus: "REGISTERED" });
  });

  it("the CSV import takes member_type, vat_id and vat_status: a company under reverse charge and a private member; a malformed VAT id names its line", async () => {
    const w = await makeWorld();
    const admin = callerAs(w.adminA);
    const h = "reference,kind,joined_on,member_type,vat_id,vat_status";
    const bad = [h, "V-1,producer,2026-01-01,company,DE12345678,reverse charge"].join("\n");
    await expect(admin.member.importCsv({ communityId: w.communityA.id, csv: bad })).rejects.toMatchObject({ code: "BAD_REQUEST", cause: { problems: [{ where: "line 2", message: expect.stringMatching(/^vat_id: Not the shape of a VAT id of DE/) }] } });
    const ok = [h, "V-1,producer,2026-01-01,company,DE123456789,reverse charge", "V-2,consumer,2026-01-01,,,"].join("\n");
    expect(await admin.member.importCsv({ communityId: w.communityA.id, csv: ok })).toEqual({ members: 2, meteringPoints: 0 });
    const rows = await db().member.findMany({ where: { communityId: w.communityA.id, reference: { in: ["V-1", "V-2"] } }, orderBy: { reference: "asc" }, select: { memberType: true, vatId: true, vatStatus: true } });
    expect(rows).toEqual([
      { memberType: "COMPANY", vatId: "DE123456789", vatStatus: "REVERSE_CHARGE" },
      { memberType: "PRIVATE", vatId: null, vatStatus: "NOT_REGISTERED" },
    ]);
  });
});
