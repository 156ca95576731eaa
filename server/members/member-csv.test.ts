import { describe, expect, it } from "vitest";
import { readMemberCsv } from "./member-csv";

const header = "reference,kind,joined_on,name,email,address,metering_point,direction,capacity_kw";

describe("readMemberCsv", () => {
  it("reads 2 members, one with 2 metering points → 2 members, 3 points", () => {
    const csv = [
      header,
      "C-001,prosumer,2026-01-01,Anna Rossi,anna@example.org,Via Roma 1,IT001E00000001,consumption,6",
      "C-001,prosumer,2026-01-01,Anna Rossi,anna@example.org,Via Roma 1,IT001E00000001,injection,4.5",
      "C-002,consumer,2026-02-01,Bruno Bianchi,,,IT001E00000002,consumption,3",
    ].join("\n");
    const result = readMemberCsv(csv);
    expect(result.problems).toEqual([]);
    expect(result.members.map((m) => [m.member.reference, m.meteringPoints.length])).toEqual([
      ["C-001", 2],
      ["C-002", 1],
    ]);
    expect(result.members[0]!.meteringPoints[1]!.input).toMatchObject({ code: "IT001E00000001", direction: "INJECTION", capacityKw: "4.5", validFrom: "2026-01-01" });
    expect(result.members[1]!.member.email).toBeNull();
  });

  it("names every bad line and returns no members when one line is wrong", () => {
    const csv = [header, "C-001,consumer,2026-01-01,A,a@example.org,,IT0000001,consumption,3", "C-002,neighbour,2026-13-01,B,not-an-email,,IT0000002,consumption,3"].join("\n");
    const result = readMemberCsv(csv);
    expect(result.members).toEqual([]);
    expect(result.problems.map((p) => p.where)).toEqual(["line 3", "line 3", "line 3"]);
    expect(result.problems.map((p) => p.message.split(":")[0])).toEqual(["kind", "joined_on", "email"]);
  });

  it("reports a missing required column on the header line", () => {
    const result = readMemberCsv("reference,kind\nC-1,consumer\n");
    expect(result.problems).toEqual([{ where: "line 1", message: expect.stringContaining("missing column(s): joined_on") }]);
  });

  it("reports the same metering point twice in one file with both lines", () => {
    const csv = [header, "C-1,consumer,2026-01-01,,,,IT0000001,consumption,3", "C-2,consumer,2026-01-01,,,,IT0000001,consumption,3"].join("\n");
    expect(readMemberCsv(csv).problems).toEqual([{ where: "line 3", message: "metering_point: IT0000001 (consumption) is already on line 2" }]);
  });

  it("refuses a metering point that starts before the member joined", () => {
    const csv = "reference,kind,joined_on,metering_point,direction,capacity_kw,valid_from\nC-1,consumer,2026-03-01,IT0000001,consumption,3,2026-02-01\n";
    expect(readMemberCsv(csv).problems[0]?.message).toMatch(/cannot start before the member joined/);
  });

  it("counts cells: a line with too few cells is named", () => {
    expect(readMemberCsv("reference,kind,joined_on\nC-1,consumer\n").problems).toEqual([{ where: "line 2", message: "expected 3 cells, found 2" }]);
  });

  it("accepts ';' as delimiter and members without metering points", () => {
    const result = readMemberCsv("reference;kind;joined_on\nC-1;producer;2026-01-01\n");
    expect(result.members).toHaveLength(1);
    expect(result.members[0]!.member.kind).toBe("PRODUCER");
  });
});

describe("readMemberCsv: member type and VAT columns", () => {
  const header = "reference,kind,joined_on,member_type,vat_id,vat_status";

  it("reads a farmer under reverse charge and a member without type → FARMER/IT01234567890/REVERSE_CHARGE and PRIVATE", () => {
    const r = readMemberCsv([header, "F-1,producer,2026-01-01,farmer,IT 01234567890,reverse charge", "P-1,consumer,2026-01-01,,,"].join("\n"));
    expect(r.problems).toEqual([]);
    expect(r.members.map((m) => [m.member.memberType, m.member.vatId, m.member.vatStatus])).toEqual([
      ["FARMER", "IT01234567890", "REVERSE_CHARGE"],
      ["PRIVATE", null, "NOT_REGISTERED"],
    ]);
  });

  it("names the line and column of a VAT id on a private member and of a malformed one", () => {
    const r = readMemberCsv([header, "P-1,consumer,2026-01-01,private,IT01234567890,", "C-1,producer,2026-01-01,company,IT123,registered"].join("\n"));
    expect(r.members).toEqual([]);
    expect(r.problems).toEqual([
      { where: "line 2", message: expect.stringMatching(/^vat_id: A private member has no VAT id/) },
      { where: "line 3", message: expect.stringMatching(/^vat_id: Not the shape of a VAT id of IT/) },
    ]);
  });
});
