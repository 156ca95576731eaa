import { describe, expect, it } from "vitest";
import { parseCsv } from "@/server/csv/parse-csv";
import { db } from "@/server/db/client";
import { exportMeteringPoints } from "@/server/metering-points/point-list";
import { callerAs, makeCommunity, makeWorld, unique } from "@/server/test/factories";
import { ownerDb } from "@/server/test/owner-db";
import { readSheet, writeSheet } from "@/server/xlsx/sheet";
import { exportMembers } from "./member-list";

type World = Awaited<ReturnType<typeof makeWorld>>;
/** The import's columns this test writes; the export adds member_type, vat_id and vat_status. */
const importHeader = "reference,kind,joined_on,name,email,address,metering_point,direction,capacity_kw,valid_from,valid_to";
const header = `${importHeader},member_type,vat_id,vat_status`;
const scopeOf = (w: World, via: "municipality" | "esco") => ({ communityId: w.communityA.id, municipalityId: w.munA.id, via, orgId: via === "municipality" ? w.munA.id : w.esco.id, role: "ADMIN" as const });

/** Community A with three more members: Anna (consumer, 2 points), Bruno (producer, no e-mail), Carla (ended 2026-03-01). */
async function listed(w: World) {
  const s = unique("L").toUpperCase().replace("-", "");
  const csv = [
    importHeader,
    `${s}-A,consumer,2026-01-01,Anna Rossi,anna-${s}@example.test,Via Roma 1,${s}PA1,consumption,3,,`,
    `${s}-A,consumer,2026-01-01,Anna Rossi,anna-${s}@example.test,Via Roma 1,${s}PA2,injection,2.5,,`,
    `${s}-B,producer,2026-02-01,Bruno Bianchi,,,${s}PB1,injection,20,,`,
    `${s}-C,prosumer,2026-01-15,=Carla Verdi,carla-${s}@example.test,,,,,,`,
  ].join("\n");
  await callerAs(w.adminA).member.importCsv({ communityId: w.communityA.id, csv });
  await callerAs(w.adminA).member.end({ communityId: w.communityA.id, memberId: (await db().member.findFirstOrThrow({ where: { communityId: w.communityA.id, reference: `${s}-C` } })).id, leftOn: "2026-03-01" });
  return s;
}

describe("member list: search, filters and sort in the query", () => {
  it("4 + 1 members: 'anna' finds Anna by name for the municipality and nothing for the ESCO; the point id finds her for both", async () => {
    const w = await makeWorld();
    const s = await listed(w);
    const refs = async (u: World["adminA"], q: object) => (await callerAs(u).member.search({ communityId: w.communityA.id, ...q })).map((m) => m.reference);
    expect(await refs(w.adminA, { search: "anna" })).toEqual([`${s}-A`]);
    // A name search by an ESCO would reveal the name: it searches references, pseudonyms and point ids only.
    expect(await refs(w.escoUser, { search: "anna" })).toEqual([]);
    expect(await refs(w.escoUser, { search: `${s}pa2` })).toEqual([`${s}-A`]);
    expect((await callerAs(w.escoUser).member.search({ communityId: w.communityA.id })).every((m) => m.personal === null)).toBe(true);
  });

  it("filters: kind producer → B; without an account → A, B, C (A1 and A2 have one); ended → C; active without account → A, B", async () => {
    const w = await makeWorld();
    const s = await listed(w);
    const refs = async (q: object) => (await callerAs(w.adminA).member.search({ communityId: w.communityA.id, ...q })).map((m) => m.reference);
    expect(await refs({ kind: "PRODUCER" })).toEqual([`${s}-B`]);
    expect((await refs({ account: "without" })).filter((r) => r.startsWith(s))).toEqual([`${s}-A`, `${s}-B`, `${s}-C`]);
    expect(await refs({ account: "without" })).toHaveLength(3);
    expect(await refs({ account: "with" })).toEqual([w.memberA1.reference, w.memberA2.reference].sort());
    expect(await refs({ status: "ended" })).toEqual([`${s}-C`]);
    expect(await refs({ status: "active", account: "without" })).toEqual([`${s}-A`, `${s}-B`]);
  });

  it("sort: by points descending A (2) before B (1), A1 and A2 (1 each), C (0); by name ascending, blank names last", async () => {
    const w = await makeWorld();
    const s = await listed(w);
    const list = async (q: object) => (await callerAs(w.adminA).member.search({ communityId: w.communityA.id, ...q })).map((m) => [m.reference, m.meteringPoints.length]);
    const byPoints = await list({ sort: "points", dir: "desc" });
    expect(byPoints[0]).toEqual([`${s}-A`, 2]);
    expect(byPoints[byPoints.length - 1]).toEqual([`${s}-C`, 0]);
    const byName = (await callerAs(w.adminA).member.search({ communityId: w.communityA.id, sort: "name" })).map((m) => m.personal?.name);
    // "=Carla…" sorts before letters; "Anna" < "Bruno" < "Resident Name" (A1, A2).
    expect(byName).toEqual(["=Carla Verdi", "Anna Rossi", "Bruno Bianchi", "Resident Name", "Resident Name"]);
    await expect(callerAs(w.adminA).member.search({ communityId: w.communityA.id, sort: "email" as never })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});

describe("member and metering point exports", () => {
  it("CSV under the filter 'without an account': A's 2 points + B's 1 + C's none = 4 lines; formula '=Carla' neutralised; the ESCO's file has no personal columns", async () => {
    const w = await makeWorld();
    const s = await listed(w);
    const file = await exportMembers(db(), scopeOf(w, "municipality"), { account: "without" }, "csv");
    expect(file.fileName).toBe("members.csv");
    const lines = (file.body as string).trim().split("\r\n");
    expect(lines).toEqual([
      header,
      `${s}-A,consumer,2026-01-01,Anna Rossi,anna-${s.toLowerCase()}@example.test,Via Roma 1,${s}PA1,consumption,3.000,2026-01-01,,private,,not_registered`,
      `${s}-A,consumer,2026-01-01,Anna Rossi,anna-${s.toLowerCase()}@example.test,Via Roma 1,${s}PA2,injection,2.500,2026-01-01,,private,,not_registered`,
      `${s}-B,producer,2026-02-01,Bruno Bianchi,,,${s}PB1,injection,20.000,2026-02-01,,private,,not_registered`,
      `${s}-C,prosumer,2026-01-15,'=Carla Verdi,carla-${s.toLowerCase()}@example.test,,,,,,,private,,not_registered`,
    ]);
    const esco = await exportMembers(db(), scopeOf(w, "esco"), { account: "without" }, "csv");
    expect((esco.body as string).split("\r\n")[0]).toBe("reference,kind,joined_on,metering_point,direction,capacity_kw,valid_from,valid_to,member_type,vat_status");
    expect(esco.body as string).not.toMatch(/Anna|Bruno|Carla|example\.test/);
  });

  it("XLSX members export holds the same cells as the CSV; the metering point export (direction injection) has A's PA2 and B's PB1", async () => {
    const w = await makeWorld();
    const s = await listed(w);
    const csv = await exportMembers(db(), scopeOf(w, "municipality"), { search: s }, "csv");
    const xlsx = await exportMembers(db(), scopeOf(w, "municipality"), { search: s }, "xlsx");
    expect(xlsx.contentType).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    const sheet = (await readSheet(xlsx.body as Uint8Array)).map((r) => r.cells);
    // The sheet keeps "=Carla Verdi" as text (never a formula); the CSV neutralises it with a quote.
    const csvCells = parseCsv(csv.body as string).map((r) => r.cells.map((c) => (c === "'=Carla Verdi" ? "=Carla Verdi" : c)));
    expect(sheet).toEqual(csvCells);
    const points = await exportMeteringPoints(db(), scopeOf(w, "esco"), { search: s, direction: "INJECTION" }, "csv");
    expect((points.body as string).trim().split("\r\n").slice(1)).toEqual([`${s}-A,consumer,2026-01-01,${s}PA2,injection,2.500,2026-01-01,,private,not_registered`, `${s}-B,producer,2026-02-01,${s}PB1,injection,20.000,2026-02-01,,private,not_registered`]);
  });
});

describe("member import from XLSX", () => {
  it("a sheet with a bad date (row 3, column C) and a bad e-mail (row 4, column E) imports nothing and names both cells; corrected, 2 members and 2 points", async () => {
    const w = await makeWorld();
    const s = unique("X").toUpperCase().replace("-", "");
    const cols = header.split(",");
    const rows = [
      [`${s}-1`, "consumer", "2026-01-01", "Anna", "anna@example.test", "", `${s}P1`, "consumption", "3", "", ""],
      [`${s}-2`, "producer", "2026-02-30", "Bruno", "", "", `${s}P2`, "injection", "20", "", ""],
      [`${s}-3`, "consumer", "2026-01-01", "Carla", "not-an-email", "", "", "", "", "", ""],
    ];
    const before = await db().member.count({ where: { communityId: w.communityA.id } });
    const bad = callerAs(w.adminA).member.importXlsx({ communityId: w.communityA.id, xlsxBase64: Buffer.from(await writeSheet("Members", cols, rows)).toString("base64") });
    await expect(bad).rejects.toMatchObject({
      code: "BAD_REQUEST",
      cause: { problems: [{ where: "row 3, column C", message: "joined_on: This date does not exist." }, { where: "row 4, column E", message: expect.stringMatching(/^email: /) }] },
    });
    expect(await db().member.count({ where: { communityId: w.communityA.id } })).toBe(before);
    rows[1]![2] = "2026-02-28";
    rows.pop();
    const ok = await callerAs(w.adminA).member.importXlsx({ communityId: w.communityA.id, xlsxBase64: Buffer.from(await writeSheet("Members", cols, rows)).toString("base64") });
    expect(ok).toEqual({ members: 2, meteringPoints: 2 });
    // An existing reference in a later file is named by its cell too.
    const again = callerAs(w.adminA).member.importXlsx({ communityId: w.communityA.id, xlsxBase64: Buffer.from(await writeSheet("Members", cols, [rows[0]!])).toString("base64") });
    await expect(again).rejects.toMatchObject({ cause: { problems: [{ where: "row 2, column A", message: `reference: ${s}-1 already exists in this community` }, { where: "row 2, column G", message: expect.stringMatching(/already registered/) }] } });
  });

  it("a file that is not a workbook is a 400 naming the file", async () => {
    const w = await makeWorld();
    await expect(callerAs(w.adminA).member.importXlsx({ communityId: w.communityA.id, xlsxBase64: Buffer.from("reference,kind\n").toString("base64") })).rejects.toMatchObject({ code: "BAD_REQUEST", cause: { problems: [{ where: "file" }] } });
  });

  it("round trip: members exported as XLSX and imported into an empty community export again as the same file (2 members, 3 points)", async () => {
    const w = await makeWorld();
    const s = await listed(w);
    const source = await exportMembers(db(), scopeOf(w, "municipality"), { search: s, status: "active" }, "xlsx");
    const sourceCsv = await exportMembers(db(), scopeOf(w, "municipality"), { search: s, status: "active" }, "csv");
    // Metering point ids are unique across communities for overlapping dates: the source's go first.
    await ownerDb().meteringPoint.deleteMany({ where: { communityId: w.communityA.id, code: { startsWith: s } } });
    const empty = await makeCommunity(w.munA.id, w.adminA.id);
    const imported = await callerAs(w.adminA).member.importXlsx({ communityId: empty.id, xlsxBase64: Buffer.from(source.body as Uint8Array).toString("base64") });
    expect(imported).toEqual({ members: 2, meteringPoints: 3 });
    const target = { communityId: empty.id, municipalityId: w.munA.id, via: "municipality" as const, orgId: w.munA.id, role: "ADMIN" as const };
    const back = await exportMembers(db(), target, {}, "csv");
    expect(back.body).toBe(sourceCsv.body);
  });
});
