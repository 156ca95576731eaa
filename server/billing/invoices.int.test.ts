// Invoices of real final runs: a full month settled with demo-style readings and exported in every
// format (totals equal the ledger's to the cent, every invoice passes the EN 16931 checks, a second
// export gives the same bytes); numbers gapless per seller and year under concurrency and failure;
// corrections reference the original invoice; outsiders get nothing.
import { describe, expect, it } from "vitest";
import { resolveCommunityScope } from "@/server/access/scope";
import { db } from "@/server/db/client";
import { synthesize } from "@/server/demo/synthetic-readings";
import { finalizeRun } from "@/server/settlement/finalize-run";
import { settlementWorld, writeReadings, type TestMember } from "@/server/settlement/test-settlement";
import { makeOrg, makeUser } from "@/server/test/factories";
import { officialChecks } from "@/server/test/official-schemas";
import { checkEn16931, parseXmlTree } from "./en16931-check";
import { downloadRunFile } from "./run-downloads";
import { ensureInvoices } from "./run-billing";
import { renderUbl } from "./ubl-invoice";
import { unzip } from "./zip";
import { ownerDb } from "@/server/test/owner-db";

const IDENTITY = { legalName: "Helios Energy Services S.r.l.", vatId: "IT01234567890", street: "Via dei Mille 5", postcode: "20121", city: "Milano", countryCode: "IT", billingEmail: "billing@helios.example" };
const NOW = new Date("2026-04-07T10:00:00Z");
const DAY = { start: "2026-03-02", end: "2026-03-03" };
const FROM = "2026-03-01T23:00:00Z";
const TO = "2026-03-02T23:00:00Z";
/** Every invoice and credit note generated here: the last test of this file checks them against the UBL 2.1 XSD and the EN 16931 rules. */
const official = officialChecks(["invoice", "creditNote"]);
const cents = (s: string) => BigInt(s.replace(".", ""));
const text = (b: string | Uint8Array) => (typeof b === "string" ? b : Buffer.from(b).toString("utf8"));

async function seller() {
  return db().organization.create({ data: { name: `Helios ${Math.random().toString(36).slice(2, 8)}`, kind: "ESCO", ...IDENTITY } });
}

/** A day settled for 3 consumers and a producer, billed by `sellerId`. */
async function settledDay(sellerId: string, overrides: { feeCreditsBp?: number; feeFixedCents?: number } = {}) {
  const w = await settlementWorld([{}, {}, {}, { injection: true }], { vatChargesPercent: "22", vatCreditsPercent: "0" });
  await db().community.update({ where: { id: w.community.id }, data: { billingOrgId: sellerId, feeCreditsBp: overrides.feeCreditsBp ?? 0, feeFixedCents: overrides.feeFixedCents ?? 0 } });
  for (const m of w.members.slice(0, 3)) await writeReadings(w.community.id, m.consumption!.id, FROM, TO, 100_000n);
  await writeReadings(w.community.id, w.members[3]!.injection!.id, FROM, TO, 150_000n);
  const run = await finalizeRun(db(), w.community.id, DAY, { kind: "scheduler" });
  const scope = await resolveCommunityScope(db(), w.admin.id, w.community.id, "read");
  return { ...w, run, scope };
}

async function counterOf(orgId: string) {
  return (await db().invoiceCounter.findUnique({ where: { orgId_year: { orgId, year: 2026 } } }))?.nextNumber ?? 1;
}

describe("invoice numbering", () => {
  it("5 runs of one seller invoiced at once (and one run twice): 20 invoices numbered 2026-000001…000020, no gap, no duplicate", async () => {
    const org = await seller();
    const days = await Promise.all([0, 1, 2, 3, 4].map(() => settledDay(org.id)));
    const jobs = [...days, days[0]!].map((d) => ensureInvoices(db(), { userId: d.admin.id }, d.community.id, d.run.runId, NOW));
    const results = await Promise.all(jobs);
    expect(results[5]!.map((i) => i.number)).toEqual(results[0]!.map((i) => i.number)); // issued once
    const numbers = results.slice(0, 5).flatMap((r) => r.map((i) => i.number)).sort();
    expect(numbers).toEqual(Array.from({ length: 20 }, (_, i) => `2026-${String(i + 1).padStart(6, "0")}`));
    expect(await counterOf(org.id)).toBe(21);
    // Within a run, numbers follow member references: R001…R004.
    expect(results[0]!.map((i) => i.memberReference)).toEqual(["R001", "R002", "R003", "R004"]);
    expect(await db().invoice.count({ where: { sellerOrgId: org.id } })).toBe(20);
    for (const i of results.slice(0, 5).flat()) official.add(`numbering ${i.number}`, renderUbl(i.document));
  });

  it("a failure while writing a run's invoices (a trigger refusing the 3rd) leaves no invoice and no used number; the next run continues at 1", async () => {
    const org = await seller();
    const [bad, good] = await Promise.all([settledDay(org.id), settledDay(org.id)]);
    const third = bad.members[2]!.member.id;
    const fn = `dajie_test_fail_${bad.run.runId.replaceAll("-", "").slice(0, 12)}`;
    // Planting a trigger needs the owner (dajie_app cannot create functions or triggers).
    await ownerDb().$executeRawUnsafe(`CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'forced failure'; END $$`);
    await ownerDb().$executeRawUnsafe(`CREATE TRIGGER ${fn} BEFORE INSERT ON invoice FOR EACH ROW WHEN (NEW.member_id = '${third}'::uuid) EXECUTE FUNCTION ${fn}()`);
    try {
      await expect(ensureInvoices(db(), { userId: bad.admin.id }, bad.community.id, bad.run.runId, NOW)).rejects.toThrow(/forced failure/);
      expect(await db().invoice.count({ where: { runId: bad.run.runId } })).toBe(0);
      expect(await counterOf(org.id)).toBe(1);
      const issued = await ensureInvoices(db(), { userId: good.admin.id }, good.community.id, good.run.runId, NOW);
      expect(issued.map((i) => i.number)).toEqual(["2026-000001", "2026-000002", "2026-000003", "2026-000004"]);
    } finally {
      await ownerDb().$executeRawUnsafe(`DROP TRIGGER ${fn} ON invoice`);
      await ownerDb().$executeRawUnsafe(`DROP FUNCTION ${fn}()`);
    }
    const retried = await ensureInvoices(db(), { userId: bad.admin.id }, bad.community.id, bad.run.runId, NOW);
    expect(retried.map((i) => i.number)).toEqual(["2026-000005", "2026-000006", "2026-000007", "2026-000008"]);
    expect(await counterOf(org.id)).toBe(9);
  });

  it("a seller without a complete billing identity issues nothing: a clear error, no number used, no invoice", async () => {
    const org = await db().organization.create({ data: { name: "Incomplete ESCO", kind: "ESCO", legalName: "Incomplete S.p.A.", countryCode: "IT" } });
    const d = await settledDay(org.id);
    await expect(ensureInvoices(db(), { userId: d.admin.id }, d.community.id, d.run.runId, NOW)).rejects.toThrow(/Incomplete ESCO cannot issue invoices yet: its billing identity lacks VAT number, street, postcode, city/);
    // A download never issues: until invoices are issued, there is nothing to download.
    await expect(downloadRunFile(db(), { userId: d.admin.id }, d.scope, d.run.runId, { format: "ubl", memberId: null })).rejects.toThrow(/have not been issued yet/);
    expect(await db().invoice.count({ where: { runId: d.run.runId } })).toBe(0);
    expect(await db().invoiceCounter.count({ where: { orgId: org.id } })).toBe(0);
    // The CSV still works: billing lines do not need the seller's identity.
    expect(text((await downloadRunFile(db(), { userId: d.admin.id }, d.scope, d.run.runId, { format: "csv", memberId: null })).body)).toContain("ledger_entry_hash");
  });

  it("a correction run: each member gets a new invoice or credit note naming the original invoice (BillingReference); the fee charged on reversed credits is taken back", async () => {
    const org = await seller();
    const d = await settledDay(org.id, { feeCreditsBp: 1000 });
    const first = await ensureInvoices(db(), { userId: d.admin.id }, d.community.id, d.run.runId, NOW);
    await writeReadings(d.community.id, d.members[3]!.injection!.id, FROM, TO, 300_000n);
    const second = await finalizeRun(db(), d.community.id, DAY, { kind: "scheduler" });
    expect(second.version).toBe(2);
    const corrections = await ensureInvoices(db(), { userId: d.admin.id }, d.community.id, second.runId, NOW);
    expect(corrections.map((i) => i.number)).toEqual(["2026-000005", "2026-000006", "2026-000007", "2026-000008"]);
    for (const c of corrections) {
      const original = first.find((f) => f.memberId === c.memberId)!;
      expect(c.document.preceding).toEqual({ number: original.number, issueDate: "2026-04-07" });
      const xml = (await downloadRunFile(db(), { userId: d.admin.id }, d.scope, second.runId, { format: "ubl", memberId: null, member: c.memberReference })).body;
      expect(checkEn16931(text(xml))).toEqual([]);
      official.add(`correction ${c.number} of ${original.number}`, text(xml));
      expect(text(xml)).toContain(`<cbc:ID>${original.number}</cbc:ID>`);
    }
    // The producer: credited 173 ¢ (fee 17 ¢), now 346 ¢ (fee 35 ¢) → correction: −173 credit, fee −17 + 35.
    const producer = corrections.find((c) => c.memberReference === "R004")!;
    expect(producer.type).toBe("CREDIT_NOTE");
    const json = JSON.parse(text((await downloadRunFile(db(), { userId: d.admin.id }, d.scope, second.runId, { format: "json", memberId: null })).body));
    const fee = json.lines.filter((l: { memberReference: string; entryHash: string }) => l.memberReference === "R004" && l.entryHash === "");
    expect(fee.map((l: { netEur: string }) => l.netEur)).toEqual(["-0.17", "0.35"]);
  });
});

/** Demo-style synthetic readings for a whole month, one series per metering point. */
async function writeMonth(communityId: string, pointId: string, kind: "production" | "consumption", seed: number, scaleKw: number) {
  const start = new Date("2026-02-28T23:00:00Z");
  const values = synthesize({ kind, scaleKw, seed }, start, 31).slice(0, (31 * 24 - 1) * 4); // March has 743 hours in Rome (DST)
  const batch = await db().importBatch.create({ data: { communityId, fileName: "month", fileSha256: `${pointId}${seed}`, format: "synthetic", status: "COMPLETED" } });
  await db().$executeRaw`SELECT dajie_ensure_reading_partitions(${start}::timestamptz, ${new Date("2026-03-31T22:00:00Z")}::timestamptz)`;
  await db().$executeRaw`
    INSERT INTO reading (metering_point_id, interval_start, interval_seconds, energy_mwh, quality, batch_id)
    SELECT ${pointId}::uuid, ${start}::timestamptz + (i - 1) * interval '15 minutes', 900, e, 'MEASURED', ${batch.id}::uuid
    FROM unnest(${values.map(String)}::bigint[]) WITH ORDINALITY AS t(e, i)`;
}

describe("a full month settled and exported in every format", () => {
  it("March 2026, 10 members: CSV, JSON and the invoices total the ledger plus the fee to the cent; invoices pass EN 16931 checks; a second export is byte-identical; another community's ESCO gets nothing", async () => {
    const org = await seller();
    const esco = await makeUser();
    await db().orgMembership.create({ data: { orgId: org.id, userId: esco.id, role: "OPERATOR" } });
    const spec: TestMember[] = [...Array(10).keys()].map((i) => (i < 6 ? { kind: "PROSUMER", consumption: true, injection: true } : { kind: "CONSUMER", consumption: true }));
    const w = await settlementWorld(spec, { vatChargesPercent: "10", vatCreditsPercent: "0" });
    await db().community.update({ where: { id: w.community.id }, data: { feeCreditsBp: 250, feeFixedCents: 100, escos: { create: { escoId: org.id } } } });
    for (const [i, m] of w.members.entries()) {
      if (i < 3) await db().memberPersonalData.create({ data: { memberId: m.member.id, name: `Resident ${i + 1}`, address: `Via del Sole ${i + 1}, Solaria`, email: `r${i + 1}@example.test` } });
      if (i === 2) await db().memberPersonalData.update({ where: { memberId: m.member.id }, data: { name: null, address: null, email: null, erasedAt: new Date() } });
      await writeMonth(w.community.id, m.consumption!.id, "consumption", 100 + i, 0.3 + i * 0.05);
      if (m.injection) await writeMonth(w.community.id, m.injection.id, "production", 200 + i, 3 + i);
    }
    const run = await finalizeRun(db(), w.community.id, { start: "2026-03-01", end: "2026-04-01" }, { kind: "scheduler" });
    const scope = await resolveCommunityScope(db(), esco.id, w.community.id, "read");
    expect(scope.via).toBe("esco");
    const actor = { userId: esco.id };

    const pc = await db().ledgerEntry.findMany({ where: { runId: run.runId, account: { startsWith: "PC:" } } });
    const ledgerNet = -pc.reduce((s, e) => s + e.amountCents, 0n);
    expect(pc.length).toBeGreaterThan(10);

    const csv = text((await downloadRunFile(db(), actor, scope, run.runId, { format: "csv", memberId: null })).body);
    const [header, ...rows] = csv.trimEnd().split("\r\n");
    const col = (n: string) => header!.split(",").indexOf(n);
    const cells = rows.map((r) => r.split(","));
    const ledgerRows = cells.filter((r) => r[col("ledger_entry_hash")] !== "");
    const feeRows = cells.filter((r) => r[col("ledger_entry_hash")] === "");
    expect(ledgerRows.reduce((s, r) => s + cents(r[col("net_eur")]!), 0n)).toBe(ledgerNet);
    // Fee: 1.00 € for each of the 10 members, plus 2.5 % of each producer's credits, rounded per member.
    const credits = new Map<string, bigint>();
    for (const e of pc.filter((e) => e.kind === "SHARED_ENERGY_CREDIT")) credits.set(e.memberId!, (credits.get(e.memberId!) ?? 0n) + e.amountCents);
    const shareFee = [...credits.values()].reduce((s, c) => s + (c * 250n + 5_000n) / 10_000n, 0n);
    expect(feeRows.reduce((s, r) => s + cents(r[col("net_eur")]!), 0n)).toBe(1000n + shareFee);
    const csvNet = cells.reduce((s, r) => s + cents(r[col("net_eur")]!), 0n);
    const csvVat = cells.reduce((s, r) => s + cents(r[col("vat_eur")]!), 0n);
    const csvGross = cells.reduce((s, r) => s + cents(r[col("gross_eur")]!), 0n);
    expect(csvGross).toBe(csvNet + csvVat);

    const json = JSON.parse(text((await downloadRunFile(db(), actor, scope, run.runId, { format: "json", memberId: null })).body));
    expect([cents(json.totals.netEur), cents(json.totals.vatEur), cents(json.totals.grossEur), cents(json.totals.ledgerNetEur), cents(json.totals.feeNetEur)]).toEqual([csvNet, csvVat, csvGross, ledgerNet, 1000n + shareFee]);

    const { checkpointRoot } = await db().settlementRun.findUniqueOrThrow({ where: { id: run.runId } });
    await expect(downloadRunFile(db(), actor, scope, run.runId, { format: "ubl", memberId: null })).rejects.toThrow(/have not been issued yet/);
    expect(await ensureInvoices(db(), actor, w.community.id, run.runId, NOW)).toHaveLength(10);
    const zipFile = await downloadRunFile(db(), actor, scope, run.runId, { format: "ubl", memberId: null });
    expect(zipFile.fileName).toMatch(/-invoices\.zip$/);
    const files = unzip(zipFile.body as Buffer);
    expect(files).toHaveLength(10);
    let invNet = 0n;
    let invVat = 0n;
    const perMemberGross = new Map<string, bigint>();
    for (const r of cells) perMemberGross.set(r[col("member_reference")]!, (perMemberGross.get(r[col("member_reference")]!) ?? 0n) + cents(r[col("gross_eur")]!));
    for (const f of files) {
      const xml = Buffer.from(f.data as Uint8Array).toString("utf8");
      expect(checkEn16931(xml), f.name).toEqual([]);
      official.add(`March 2026 ${f.name}`, xml);
      const root = parseXmlTree(xml);
      const sign = root.local === "CreditNote" ? -1n : 1n;
      const find = (node: typeof root, local: string): typeof root | undefined => (node.local === local ? node : node.children.map((c) => find(c, local)).find(Boolean));
      const total = find(root, "LegalMonetaryTotal")!;
      const amount = (local: string) => cents(total.children.find((c) => c.local === local)!.text);
      invNet += sign * amount("TaxExclusiveAmount");
      invVat += sign * (amount("TaxInclusiveAmount") - amount("TaxExclusiveAmount"));
      // Each invoice's amount due is the member's gross in the CSV (what the SEPA files collect).
      expect(sign * amount("PayableAmount")).toBe(perMemberGross.get(find(root, "BuyerReference")!.text));
      expect(xml).toContain(`root ${checkpointRoot}.`);
    }
    expect([invNet, invVat]).toEqual([csvNet, csvVat]);
    // Erased personal data: the member's reference stands in for the name, no street.
    const erased = files.map((f) => Buffer.from(f.data as Uint8Array).toString("utf8")).find((x) => x.includes("<cbc:BuyerReference>R003<"))!;
    expect(erased).toContain("<cbc:RegistrationName>Member R003</cbc:RegistrationName>");
    expect(files.some((f) => Buffer.from(f.data as Uint8Array).toString("utf8").includes("<cbc:RegistrationName>Resident 1</cbc:RegistrationName>"))).toBe(true);

    // A second export of every format: the same bytes (a later day, and changed settings, change nothing).
    await db().community.update({ where: { id: w.community.id }, data: { feeFixedCents: 999, vatChargesPercent: "22" } });
    expect(text((await downloadRunFile(db(), actor, scope, run.runId, { format: "csv", memberId: null })).body)).toBe(csv);
    expect(((await downloadRunFile(db(), actor, scope, run.runId, { format: "ubl", memberId: null })).body as Buffer).equals(zipFile.body as Buffer)).toBe(true);
    const one = await downloadRunFile(db(), actor, scope, run.runId, { format: "ubl", memberId: null, member: "R001" });
    expect(one.fileName).toMatch(/^(invoice|credit-note)-2026-000001\.xml$/); // R001, a prosumer, is numbered first
    expect(Buffer.from(files.find((f) => f.name === one.fileName)!.data as Uint8Array).toString("utf8")).toBe(one.body);
    expect(await db().auditEvent.count({ where: { objectId: run.runId, action: "billing.export" } })).toBe(6);
    expect(await db().auditEvent.count({ where: { objectId: run.runId, action: "billing.invoices.issue" } })).toBe(1);

    // An ESCO of another community: no scope here, and through its own community the run is not found.
    const other = await settledDay((await seller()).id);
    const otherEsco = await makeOrg("ESCO");
    const otherUser = await makeUser();
    await db().orgMembership.create({ data: { orgId: otherEsco.id, userId: otherUser.id, role: "OPERATOR" } });
    await db().communityEsco.create({ data: { communityId: other.community.id, escoId: otherEsco.id } });
    await expect(resolveCommunityScope(db(), otherUser.id, w.community.id, "read")).rejects.toThrow(/not found/);
    const otherScope = await resolveCommunityScope(db(), otherUser.id, other.community.id, "read");
    await expect(downloadRunFile(db(), { userId: otherUser.id }, otherScope, run.runId, { format: "ubl", memberId: null })).rejects.toThrow(/Settlement run not found/);
    await expect(ensureInvoices(db(), { userId: otherUser.id }, other.community.id, run.runId, NOW)).rejects.toThrow(/Settlement run not found/);
    await expect(downloadRunFile(db(), { userId: otherUser.id }, otherScope, run.runId, { format: "ubl", memberId: null, member: "R001" })).rejects.toThrow(/Settlement run not found/);
  });
});

official.register();
