// SEPA files and statements of a real final run: totals tie to the ledger to the cent, the files pass
// the checker, a second export is byte-identical, every download is audited, and nobody outside the
// owning municipality and the serving ESCO gets anything.
import { unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { GET as sessionGet } from "@/app/api/communities/[communityId]/runs/[runId]/export/route";
import { GET as openapiGet } from "@/app/api/openapi.json/route";
import { GET as apiGet } from "@/app/api/v1/communities/[slug]/runs/[runId]/export/route";
import { resolveCommunityScope } from "@/server/access/scope";
import { createApiToken } from "@/server/api-tokens/api-tokens";
import { db } from "@/server/db/client";
import { memberStatement } from "@/server/residents/statement";
import { statementLines, statementPdf } from "@/server/residents/statement-pdf";
import { finalizeRun } from "@/server/settlement/finalize-run";
import { settlementWorld, writeReadings } from "@/server/settlement/test-settlement";
import { makeOrg, makeUser, unique } from "@/server/test/factories";
import { officialChecks } from "@/server/test/official-schemas";
import { loadBillingLines } from "./load-billing-lines";
import { italianIban, makeCreditorId } from "./iban";
import { paymentFile } from "./payment-files";
import { downloadRunFile } from "./run-downloads";
import { checkPain, painTotals } from "./sepa-check";

const DAY = { start: "2026-03-02", end: "2026-03-03" };
const FROM = "2026-03-01T23:00:00Z";
const TO = "2026-03-02T23:00:00Z";
const cents = (eur: string) => BigInt(eur.replace(".", ""));
/** Every pain file generated here, validated against the ISO 20022 XSDs by the last test of this file. */
const official = officialChecks(["pain.008", "pain.001"]);
const account = () => italianIban("99999", "01600", String(Math.floor(Math.random() * 1e11)));

/** 3 consumers (100 Wh each interval) and a producer (150 Wh), VAT 22 % on charges; an ESCO serving it. */
async function settledDay() {
  const w = await settlementWorld([{}, {}, {}, { injection: true }], { vatChargesPercent: "22", vatCreditsPercent: "0", paymentTermsDays: 14 });
  for (const m of w.members.slice(0, 3)) await writeReadings(w.community.id, m.consumption!.id, FROM, TO, 100_000n);
  await writeReadings(w.community.id, w.members[3]!.injection!.id, FROM, TO, 150_000n);
  const run = await finalizeRun(db(), w.community.id, DAY, { kind: "scheduler" });
  const [c1, c2, c3, producer] = w.members.map((m) => m.member);
  // Consumers 1 and 2 gave a mandate, consumer 3 only an IBAN; the producer is paid to their IBAN.
  for (const [m, mandate] of [[c1!, unique("MND")], [c2!, unique("MND")], [c3!, null], [producer!, null]] as const) {
    await db().memberBankAccount.create({ data: { memberId: m.id, accountHolder: `Holder ${m.reference}`, iban: account() } });
    if (mandate) await db().memberMandate.create({ data: { memberId: m.id, reference: mandate, signedOn: new Date("2026-01-10") } });
  }
  const esco = await makeOrg("ESCO", "Helios Test");
  await db().communityEsco.create({ data: { communityId: w.community.id, escoId: esco.id } });
  await db().organizationBankAccount.create({ data: { orgId: esco.id, accountHolder: "Helios Test S.r.l.", iban: account(), bic: "HELIITM1", creditorId: makeCreditorId("IT", unique("C").replace("-", "").toUpperCase()) } });
  const escoUser = await makeUser();
  await db().orgMembership.create({ data: { orgId: esco.id, userId: escoUser.id, role: "OPERATOR" } });
  const scope = await resolveCommunityScope(db(), escoUser.id, w.community.id, "payments");
  return { ...w, run, esco, escoUser, scope, c1: c1!, c2: c2!, c3: c3!, producer: producer! };
}

describe("SEPA files of a final run", () => {
  it("pain.008 collects consumers 1 and 2 (Σ gross), pain.001 pays the producer; with consumer 3 (no mandate) the totals equal the export's gross and the ledger", async () => {
    const w = await settledDay();
    const x = (await loadBillingLines(db(), w.community.id, w.run.runId)).lines;
    const gross = new Map<string, bigint>();
    for (const l of x.lines) gross.set(l.memberReference, (gross.get(l.memberReference) ?? 0n) + l.netCents + l.vatCents);

    const dd = await paymentFile(db(), { userId: w.escoUser.id }, w.scope, w.run.runId, "pain008");
    const ct = await paymentFile(db(), { userId: w.escoUser.id }, w.scope, w.run.runId, "pain001");
    expect(checkPain(dd.body, "pain.008")).toEqual([]);
    expect(checkPain(ct.body, "pain.001")).toEqual([]);
    official.add("pain.008 of 2 consumers", dd.body);
    official.add("pain.001 of the producer", ct.body);
    const ddTotals = painTotals(dd.body);
    const ctTotals = painTotals(ct.body);
    expect(ddTotals.nbOfTxs).toBe(2);
    expect(cents(ddTotals.ctrlSum)).toBe(gross.get(w.c1.reference)! + gross.get(w.c2.reference)!);
    expect(ctTotals.nbOfTxs).toBe(1);
    expect(cents(ctTotals.ctrlSum)).toBe(-gross.get(w.producer.reference)!);

    const report = JSON.parse((await paymentFile(db(), { userId: w.escoUser.id }, w.scope, w.run.runId, "sepa-report")).body);
    expect(report.excluded).toEqual([expect.objectContaining({ memberReference: w.c3.reference, file: "pain.008", reason: "no-mandate", totalEur: expect.any(String) })]);
    // Collected − paid out + excluded = the export's gross total; its net total = −Σ PC entries in the ledger.
    const excluded = report.excluded.reduce((s: bigint, e: { totalEur: string }) => s + cents(e.totalEur), 0n);
    expect(cents(ddTotals.ctrlSum) - cents(ctTotals.ctrlSum) + excluded).toBe(x.totals.grossCents);
    const pc = await db().ledgerEntry.aggregate({ where: { runId: w.run.runId, account: { startsWith: "PC:" } }, _sum: { amountCents: true } });
    expect(x.totals.netCents).toBe(-(pc._sum.amountCents ?? 0n));

    // The run id, its checkpoint and each line's entry hash are in the file.
    const run = await db().settlementRun.findUniqueOrThrow({ where: { id: w.run.runId } });
    expect(dd.body).toContain(`runId="${run.id}"`);
    expect(dd.body).toContain(`checkpointTreeSize="${run.checkpointSize}" checkpointRoot="${run.checkpointRoot}"`);
    for (const l of x.lines.filter((l) => l.memberReference === w.c1.reference)) expect(dd.body).toContain(`hash="${l.entryHash}"`);
    // Finalize time + 14 days of payment terms, on a business day.
    expect(dd.body).toContain(`<CreDtTm>${run.createdAt.toISOString().slice(0, 19)}Z</CreDtTm>`);

    // Again: the same bytes. Each download is audited with the file's digest.
    expect((await paymentFile(db(), { userId: w.escoUser.id }, w.scope, w.run.runId, "pain008")).body).toBe(dd.body);
    const audits = await db().auditEvent.findMany({ where: { objectId: w.run.runId, action: "billing.payment-file" } });
    expect(audits).toHaveLength(4);
    expect(audits.every((a) => a.orgId === w.esco.id && a.actorUserId === w.escoUser.id)).toBe(true);
  });

  it("without the organization's bank identity, or its creditor id, no pain.008 (400); pain.001 needs no creditor id", async () => {
    const w = await settledDay();
    await db().organizationBankAccount.update({ where: { orgId: w.esco.id }, data: { creditorId: null } });
    await expect(paymentFile(db(), { userId: w.escoUser.id }, w.scope, w.run.runId, "pain008")).rejects.toThrow(/creditor identifier/);
    const ct = await paymentFile(db(), { userId: w.escoUser.id }, w.scope, w.run.runId, "pain001");
    expect(painTotals(ct.body).nbOfTxs).toBe(1);
    expect(checkPain(ct.body, "pain.001")).toEqual([]);
    official.add("pain.001 without a creditor id", ct.body);
    await db().organizationBankAccount.delete({ where: { orgId: w.esco.id } });
    await expect(paymentFile(db(), { userId: w.escoUser.id }, w.scope, w.run.runId, "pain001")).rejects.toThrow(/no bank identity/);
  });

  it("no member with a mandate → pain.008 is refused (409) naming the excluded, and nothing is audited", async () => {
    const w = await settledDay();
    await db().memberMandate.updateMany({ where: { memberId: { in: [w.c1.id, w.c2.id] } }, data: { revokedAt: new Date() } });
    await expect(paymentFile(db(), { userId: w.escoUser.id }, w.scope, w.run.runId, "pain008")).rejects.toThrow(/3 excluded/);
    expect(await db().auditEvent.count({ where: { objectId: w.run.runId, action: "billing.payment-file" } })).toBe(0);
  });
});

describe("statements of a final run", () => {
  it("a ZIP of 4 PDF statements, byte-identical twice; each PDF is the very document the resident downloads", async () => {
    const w = await settledDay();
    const zip = await downloadRunFile(db(), { userId: w.escoUser.id }, w.scope, w.run.runId, { format: "statements", memberId: null });
    const again = await downloadRunFile(db(), { userId: w.escoUser.id }, w.scope, w.run.runId, { format: "statements", memberId: null });
    expect(Buffer.from(again.body).equals(Buffer.from(zip.body))).toBe(true);
    const files = unzipSync(zip.body as Uint8Array);
    expect(Object.keys(files).sort()).toEqual(["R001", "R002", "R003", "R004"].map((r) => `dajie-statement-${r}-2026-03-02-v1.pdf`));
    const community = await db().community.findUniqueOrThrow({ where: { id: w.community.id } });
    const own = { id: w.c1.id, pseudonym: w.c1.pseudonym, reference: w.c1.reference, kind: w.c1.kind, communityId: w.community.id, community: { id: community.id, name: community.name, slug: community.slug, timeZone: community.timeZone } };
    const statement = await memberStatement(db(), own, w.run.runId);
    const residentPdf = await statementPdf(statement);
    // The statement carries the run id, its checkpoint and each entry's full hash.
    const text = JSON.stringify(statementLines(statement));
    const run = await db().settlementRun.findUniqueOrThrow({ where: { id: w.run.runId } });
    expect(text).toContain(run.id);
    expect(text).toContain(`tree size ${run.checkpointSize}, root ${run.checkpointRoot}`);
    const entries = await db().ledgerEntry.findMany({ where: { runId: run.id, account: `PC:${w.c1.pseudonym}` } });
    expect(entries.length).toBeGreaterThan(0);
    for (const e of entries) expect(text).toContain(Buffer.from(e.hash).toString("hex"));
    expect(Buffer.from(files["dajie-statement-R001-2026-03-02-v1.pdf"]!).equals(residentPdf)).toBe(true);
    const one = await downloadRunFile(db(), { userId: w.escoUser.id }, w.scope, w.run.runId, { format: "statement", memberId: w.c1.id });
    expect(Buffer.from(one.body).equals(residentPdf)).toBe(true);
    expect(await db().auditEvent.count({ where: { objectId: w.run.runId, action: "billing.export" } })).toBe(3);
  });
});

describe("downloads through the routes", () => {
  /** Without a session cookie: anonymous. */
  const anonymous = (communityId: string, runId: string, query: string) => sessionGet(new Request(`http://localhost/x?${query}`), { params: Promise.resolve({ communityId, runId }) });

  it("anonymous → 401 for every format, an unknown one too (the edge signs in before it reads the request)", async () => {
    const w = await settledDay();
    for (const format of ["pain008", "pain001", "sepa-report", "statements", "pain009"]) expect((await anonymous(w.community.id, w.run.runId, `format=${format}`)).status).toBe(401);
  });

  it("API: exports:read gets statements but not pain files (403); payments:read gets pain.008; another ESCO's token gets 404", async () => {
    const w = await settledDay();
    const token = async (orgId: string, userId: string, scopes: ("exports:read" | "payments:read")[]) => (await createApiToken(db(), { userId }, orgId, { name: "t", scopes })).token;
    const escoAdmin = await makeUser();
    await db().orgMembership.create({ data: { orgId: w.esco.id, userId: escoAdmin.id, role: "ADMIN" } });
    const call = (t: string, query: string) => apiGet(new Request(`http://localhost/x?${query}`, { headers: { authorization: `Bearer ${t}` } }), { params: Promise.resolve({ slug: w.community.slug, runId: w.run.runId }) });
    const exportsOnly = await token(w.esco.id, escoAdmin.id, ["exports:read"]);
    expect((await call(exportsOnly, "format=pain008")).status).toBe(403);
    const zip = await call(exportsOnly, "format=statements");
    expect(zip.status).toBe(200);
    expect(zip.headers.get("content-type")).toBe("application/zip");
    const payments = await token(w.esco.id, escoAdmin.id, ["payments:read"]);
    const dd = await call(payments, "format=pain008");
    expect(dd.status).toBe(200);
    const ddText = await dd.text();
    expect(checkPain(ddText, "pain.008")).toEqual([]);
    official.add("pain.008 through the API", ddText);

    const stranger = await makeOrg("ESCO");
    const strangerAdmin = await makeUser();
    await db().orgMembership.create({ data: { orgId: stranger.id, userId: strangerAdmin.id, role: "ADMIN" } });
    await db().organizationBankAccount.create({ data: { orgId: stranger.id, accountHolder: "Stranger", iban: account(), creditorId: makeCreditorId("IT", "STRANGER1") } });
    const strangerToken = await token(stranger.id, strangerAdmin.id, ["exports:read", "payments:read"]);
    for (const format of ["pain008", "pain001", "sepa-report", "statements"]) expect((await call(strangerToken, `format=${format}`)).status).toBe(404);
  });

  it("another ESCO, another municipality and a resident of the community get no payment access", async () => {
    const w = await settledDay();
    const [otherEsco, otherMunicipality] = await Promise.all([makeOrg("ESCO"), makeOrg("MUNICIPALITY")]);
    for (const org of [otherEsco, otherMunicipality]) {
      const user = await makeUser();
      await db().orgMembership.create({ data: { orgId: org.id, userId: user.id, role: "ADMIN" } });
      await expect(resolveCommunityScope(db(), user.id, w.community.id, "payments")).rejects.toThrow(/not found/);
      await expect(resolveCommunityScope(db(), user.id, w.community.id, "read")).rejects.toThrow(/not found/);
    }
    const resident = await makeUser();
    await db().member.update({ where: { id: w.c1.id }, data: { userId: resident.id } });
    await expect(resolveCommunityScope(db(), resident.id, w.community.id, "payments")).rejects.toThrow(/not found/);
    // The owning municipality's operator may (it already manages the members' personal data).
    const operator = await makeUser();
    await db().orgMembership.create({ data: { orgId: w.org.id, userId: operator.id, role: "OPERATOR" } });
    await expect(resolveCommunityScope(db(), operator.id, w.community.id, "payments")).resolves.toMatchObject({ via: "municipality" });
    // Through its own community, another community's run is not found.
    const other = await settledDay();
    await expect(paymentFile(db(), { userId: other.escoUser.id }, other.scope, w.run.runId, "pain008")).rejects.toThrow(/Settlement run not found/);
    await expect(downloadRunFile(db(), { userId: other.escoUser.id }, other.scope, w.run.runId, { format: "statements", memberId: null })).rejects.toThrow(/Settlement run not found/);
    await expect(downloadRunFile(db(), { userId: other.escoUser.id }, other.scope, other.run.runId, { format: "statement", memberId: w.c1.id })).rejects.toThrow(/Statement not found/);
  });
});

describe("the OpenAPI document", () => {
  it("lists the SEPA and statement formats of the export endpoint and the memberId parameter", async () => {
    const doc = await (await openapiGet()).json();
    const params = doc.paths["/v1/communities/{slug}/runs/{runId}/export"].get.parameters as { name: string; schema: { enum?: string[] } }[];
    expect(params.find((p) => p.name === "format")!.schema.enum).toEqual(["csv", "json", "ubl", "pain008", "pain001", "sepa-report", "statements", "statement"]);
    expect(params.map((p) => p.name)).toContain("memberId");
  });
});

official.register();
