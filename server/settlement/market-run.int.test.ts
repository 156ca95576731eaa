// A month of a market community settled end to end: March 2026 of demo-style readings, members'
// limits in two bands, R 0.25 / F 0.06 / grid fee 0.01 €/kWh, midpoint pricing. The ledger balances
// and verifies, Σ debits = Σ credits + fee to the cent, every win is ≥ 0 and agrees with the posted
// money, the billing lines and SEPA files tie to the ledger to the cent, and a changed limit makes a
// correction run while a limit starting after the period changes nothing.
import { describe, expect, it } from "vitest";
import { resolveCommunityScope } from "@/server/access/scope";
import { italianIban, makeCreditorId } from "@/server/billing/iban";
import { loadBillingLines } from "@/server/billing/load-billing-lines";
import { paymentFile } from "@/server/billing/payment-files";
import { downloadRunFile } from "@/server/billing/run-downloads";
import { checkEn16931, parseXmlTree } from "@/server/billing/en16931-check";
import { ensureInvoices } from "@/server/billing/run-billing";
import { checkPain, painTotals } from "@/server/billing/sepa-check";
import { renderUbl } from "@/server/billing/ubl-invoice";
import { db } from "@/server/db/client";
import { ownerDb } from "@/server/test/owner-db";
import { seedMarketCommunity } from "@/server/demo/seed";
import { synthesize } from "@/server/demo/synthetic-readings";
import { verifyCommunity } from "@/server/ledger/verify-community";
import { setMarketLimits } from "@/server/market/limits";
import { publicStats } from "@/server/transparency/public-stats";
import { memberStatement } from "@/server/residents/statement";
import { statementLines } from "@/server/residents/statement-pdf";
import { makeOrg, makeUser, unique } from "@/server/test/factories";
import { finalizeRun, previewRun } from "./finalize-run";
import { parseRuleSnapshot, parseRunTotals } from "./run-schemas";
import { settleDuePeriods } from "./scheduler";
import { settlementWorld, type TestMember } from "./test-settlement";

const MARCH = { start: "2026-03-01", end: "2026-04-01" };
const cents = (eur: string) => BigInt(eur.replace(".", ""));
const text = (b: string | Uint8Array) => (typeof b === "string" ? b : Buffer.from(b).toString("utf8"));

/** Demo-style synthetic readings for March 2026 (Rome: 743 hours, DST), one series per point. */
async function writeMonth(communityId: string, pointId: string, kind: "production" | "consumption", seed: number, scaleKw: number) {
  const start = new Date("2026-02-28T23:00:00Z");
  const values = synthesize({ kind, scaleKw, seed }, start, 31).slice(0, (31 * 24 - 1) * 4);
  const batch = await db().importBatch.create({ data: { communityId, fileName: "month", fileSha256: `${pointId}${seed}`, format: "synthetic", status: "COMPLETED" } });
  await db().$executeRaw`SELECT dajie_ensure_reading_partitions(${start}::timestamptz, ${new Date("2026-03-31T22:00:00Z")}::timestamptz)`;
  await db().$executeRaw`
    INSERT INTO reading (metering_point_id, interval_start, interval_seconds, energy_mwh, quality, batch_id)
    SELECT ${pointId}::uuid, ${start}::timestamptz + (i - 1) * interval '15 minutes', 900, e, 'MEASURED', ${batch.id}::uuid
    FROM unnest(${values.map(String)}::bigint[]) WITH ORDINALITY AS t(e, i)`;
}

/** 3 prosumers and 5 consumers, market R 0.25 F 0.06 fee 0.01; limits in two bands for 2 buyers and 2 sellers. */
async function marketMonth() {
  const spec: TestMember[] = [...Array(8).keys()].map((i) => (i < 3 ? { kind: "PROSUMER", consumption: true, injection: true } : { kind: "CONSUMER", consumption: true }));
  const w = await settlementWorld(spec, {
    rule: { kind: "MARKET", retailEurPerKWh: "0.25", feedInEurPerKWh: "0.06", gridFeeEurPerKWh: "0.01", pricing: "midpoint" },
    vatChargesPercent: "10",
    vatCreditsPercent: "0",
  });
  for (const [i, m] of w.members.entries()) {
    await writeMonth(w.community.id, m.consumption!.id, "consumption", 100 + i, 0.3 + i * 0.05);
    if (m.injection) await writeMonth(w.community.id, m.injection.id, "production", 200 + i, 2 + i);
  }
  const scope = await resolveCommunityScope(db(), w.admin.id, w.community.id, "manage");
  const actor = { userId: w.admin.id };
  const day = { from: "10:00", to: "16:00" };
  const evening = { from: "18:00", to: "22:00" };
  const limit = (k: number, side: "BUY" | "SELL", a: string, b: string, validFrom = "2026-01-01") =>
    setMarketLimits(db(), actor, scope, { communityId: w.community.id, memberId: w.members[k]!.member.id, side, validFrom, bands: [{ ...day, priceEurPerKWh: a }, { ...evening, priceEurPerKWh: b }] });
  await limit(3, "BUY", "0.14", "0.22");
  await limit(4, "BUY", "0.12", "0.20");
  await limit(0, "SELL", "0.10", "0.16");
  await limit(1, "SELL", "0.08", "0.18");
  return { ...w, scope, actor, limit };
}

async function ledgerOf(runId: string) {
  return db().ledgerEntry.findMany({ where: { runId }, orderBy: { seq: "asc" } });
}

describe("a month of a market community", () => {
  it("March 2026, 8 members: the run balances, Σ debits = Σ credits + grid fee, wins ≥ 0 and within 2.5 cents of (R × bought − paid) + (earned − F × sold); billing and SEPA tie to the ledger to the cent, the JSON export lists each win; the ledger verifies", async () => {
    const w = await marketMonth();
    const run = await finalizeRun(db(), w.community.id, MARCH, { kind: "scheduler" });
    expect(run).toMatchObject({ version: 1, created: true });

    const entries = await ledgerOf(run.runId);
    expect(entries.reduce((s, e) => s + e.amountCents, 0n)).toBe(0n);
    const stored = await db().settlementRun.findUniqueOrThrow({ where: { id: run.runId }, include: { members: true } });
    const totals = parseRunTotals(stored.totals);
    const snapshot = parseRuleSnapshot(stored.ruleSnapshot);
    expect(snapshot.kind).toBe("MARKET");
    if (snapshot.kind === "MARKET") expect(snapshot.market.limits).toHaveLength(4);

    // Money: buyers' debits = sellers' credits + the grid fee, which goes to GRID_FEE; CC ends at 0.
    const debits = stored.members.reduce((s, m) => s + m.debitCents, 0n);
    const credits = stored.members.reduce((s, m) => s + m.creditCents, 0n);
    const fee = entries.filter((e) => e.account === "GRID_FEE").reduce((s, e) => s + e.amountCents, 0n);
    expect(debits).toBeGreaterThan(0n);
    expect(fee).toBe(BigInt(totals.market!.gridFeeCents));
    expect(debits).toBe(credits + fee);
    expect(entries.filter((e) => e.account === "CC").reduce((s, e) => s + e.amountCents, 0n)).toBe(0n);
    expect(totals.valueCents).toBe(debits.toString());
    expect(totals.communityCreditCents).toBe(credits.toString());
    // The fee is 0.01 €/kWh of the traded energy (rounded once): 10 mWh·€/kWh = 1 cent per kWh.
    const traded = stored.members.reduce((s, m) => s + m.deliveredMWh, 0n);
    expect(stored.members.reduce((s, m) => s + m.allocatedMWh, 0n)).toBe(traded);
    expect(fee * 1_000_000n - traded).toBeLessThanOrEqual(1_000_000n);
    expect(traded - fee * 1_000_000n).toBeLessThan(1_000_000n);

    // Win per member: computed from the exact money and rounded half up, while the posted cents are
    // each less than a cent off per side: so within 2.5 cents of the win from the posted cents;
    // never negative (limits within [F, R]).
    let winSum = 0n;
    for (const m of stored.members) {
      expect(m.winCents).not.toBeNull();
      const win = m.winCents!;
      expect(win).toBeGreaterThanOrEqual(0n);
      // R × bought − paid + earned − F × sold from the posted cents, in 10^-12 EUR (mWh × µEUR/kWh); 10^10 per cent.
      const fromCents = m.allocatedMWh * 250_000n - m.debitCents * 10_000_000_000n + m.creditCents * 10_000_000_000n - m.deliveredMWh * 60_000n;
      const off = win * 10_000_000_000n - fromCents;
      expect(off < 25_000_000_000n && off > -25_000_000_000n, `${m.pseudonym}: win ${win}, from cents ${fromCents}`).toBe(true);
      winSum += win;
    }
    expect(totals.market!.winCents).toBe(winSum.toString());
    expect(winSum).toBeGreaterThan(0n);
    // Days: local March dates in order, volumes adding up to the traded energy, prices within [F + fee, R].
    const days = totals.market!.days;
    expect(days.length).toBeGreaterThan(20);
    expect(days.map((d) => d.date)).toEqual([...new Set(days.map((d) => d.date))].sort());
    expect(days.every((d) => d.date >= "2026-03-01" && d.date <= "2026-03-31")).toBe(true);
    expect(days.reduce((s, d) => s + BigInt(d.tradedMWh), 0n)).toBe(traded);
    for (const d of days) {
      expect(Number(d.priceEurPerKWh)).toBeGreaterThanOrEqual(0.07);
      expect(Number(d.priceEurPerKWh)).toBeLessThanOrEqual(0.25);
    }

    const verdict = await verifyCommunity(db(), w.community.id);
    expect(verdict).toMatchObject({ ok: true, runs: 1, entries: entries.length });

    // Billing: net of the lines = −Σ PC entries; gross = net + VAT; CSV and JSON agree.
    const lines = (await loadBillingLines(db(), w.community.id, run.runId)).lines;
    const pc = entries.filter((e) => e.account.startsWith("PC:")).reduce((s, e) => s + e.amountCents, 0n);
    expect(lines.totals.netCents).toBe(-pc);
    expect(lines.totals.grossCents).toBe(lines.totals.netCents + lines.totals.vatCents);
    const readScope = await resolveCommunityScope(db(), w.admin.id, w.community.id, "read");
    const csv = text((await downloadRunFile(db(), w.actor, readScope, run.runId, { format: "csv", memberId: null })).body);
    const [header, ...rows] = csv.trimEnd().split("\r\n");
    const col = header!.split(",").indexOf("gross_eur");
    expect(rows.reduce((s, r) => s + cents(r.split(",")[col]!), 0n)).toBe(lines.totals.grossCents);
    const json = JSON.parse(text((await downloadRunFile(db(), w.actor, readScope, run.runId, { format: "json", memberId: null })).body));
    expect(cents(json.totals.grossEur)).toBe(lines.totals.grossCents);
    // The JSON export carries each member's win and the value kept (not billed).
    expect(json.market.valueKeptEur).toBe((Number(winSum) / 100).toFixed(2));
    expect(json.market.wins.map((w: { memberReference: string }) => w.memberReference)).toEqual(["R001", "R002", "R003", "R004", "R005", "R006", "R007", "R008"]);

    // SEPA: every member has an IBAN and a mandate; collected − paid out = the gross total.
    const esco = await makeOrg("ESCO", "Mercato Test");
    await db().communityEsco.create({ data: { communityId: w.community.id, escoId: esco.id } });
    await db().organizationBankAccount.create({ data: { orgId: esco.id, accountHolder: "Mercato Test S.r.l.", iban: italianIban("99999", "01600", "12345678901"), bic: "HELIITM1", creditorId: makeCreditorId("IT", unique("C").replace("-", "").toUpperCase()) } });
    for (const [i, m] of w.members.entries()) {
      await db().memberBankAccount.create({ data: { memberId: m.member.id, accountHolder: `Holder ${i}`, iban: italianIban("99999", "01600", String(10_000_000_000 + i)) } });
      await db().memberMandate.create({ data: { memberId: m.member.id, reference: unique("MND"), signedOn: new Date("2026-01-10") } });
    }
    const escoUser = await makeUser();
    await db().orgMembership.create({ data: { orgId: esco.id, userId: escoUser.id, role: "OPERATOR" } });
    const payScope = await resolveCommunityScope(db(), escoUser.id, w.community.id, "payments");
    const dd = await paymentFile(db(), { userId: escoUser.id }, payScope, run.runId, "pain008");
    const ct = await paymentFile(db(), { userId: escoUser.id }, payScope, run.runId, "pain001");
    expect(checkPain(dd.body, "pain.008")).toEqual([]);
    expect(checkPain(ct.body, "pain.001")).toEqual([]);
    expect(cents(painTotals(dd.body).ctrlSum) - cents(painTotals(ct.body).ctrlSum)).toBe(lines.totals.grossCents);

    // The resident's statement carries the market figures and the win.
    const buyer = w.members[3]!.member;
    const own = { ...buyer, community: { id: w.community.id, name: w.community.name, slug: w.community.slug, timeZone: "Europe/Rome" } };
    const statement = await memberStatement(db(), own, run.runId);
    expect(statement.calculation.market).toMatchObject({ retailEurPerKWh: "0.25", feedInEurPerKWh: "0.06", winCents: stored.members.find((m) => m.memberId === buyer.id)!.winCents!.toString() });
  });

  it("a limit changed for March makes a correction run (v2, the v1 entries reversed, the ledger verifies); a limit from April on changes nothing", async () => {
    const w = await marketMonth();
    const v1 = await finalizeRun(db(), w.community.id, MARCH, { kind: "scheduler" });
    const before = await previewRun(db(), w.community.id, MARCH);

    await w.limit(3, "BUY", "0.24", "0.24", "2026-04-01");
    expect(await finalizeRun(db(), w.community.id, MARCH, { kind: "scheduler" })).toEqual({ runId: v1.runId, version: 1, created: false });

    await w.limit(3, "BUY", "0.07", "0.07", "2026-03-15");
    const after = await previewRun(db(), w.community.id, MARCH);
    expect(after.inputs.inputsDigest).not.toBe(before.inputs.inputsDigest);
    const v2 = await finalizeRun(db(), w.community.id, MARCH, { kind: "scheduler" });
    expect(v2).toMatchObject({ version: 2, created: true });
    const entries = await ledgerOf(v2.runId);
    expect(entries.reduce((s, e) => s + e.amountCents, 0n)).toBe(0n);
    expect(entries.filter((e) => e.kind === "REVERSAL")).toHaveLength((await ledgerOf(v1.runId)).length);
    // The buyer who lowered its limit to 0.07 from mid-March buys less than before.
    const buyer = w.members[3]!.member.id;
    const bought = async (runId: string) => (await db().settlementRunMember.findUniqueOrThrow({ where: { runId_memberId: { runId, memberId: buyer } } })).allocatedMWh;
    expect(await bought(v2.runId)).toBeLessThan(await bought(v1.runId));
    expect(await verifyCommunity(db(), w.community.id)).toMatchObject({ ok: true, runs: 2 });
  });
});

describe("a market month with missing meter data", () => {
  it("one consumer misses 2026-03-10 (96 quarter hours): finalize waits for review (409); accepted, the run settles the rest, balances, and keeps the gap", async () => {
    const w = await marketMonth();
    const point = w.members[5]!.consumption!.id;
    // Readings are never deleted by the app (dajie_app may not): the owner makes the gap.
    await ownerDb().$executeRaw`DELETE FROM reading WHERE metering_point_id = ${point}::uuid AND interval_start >= ${new Date("2026-03-09T23:00:00Z")} AND interval_start < ${new Date("2026-03-10T23:00:00Z")}`;
    await expect(finalizeRun(db(), w.community.id, MARCH, { kind: "scheduler" })).rejects.toMatchObject({ code: "CONFLICT" });
    const run = await finalizeRun(db(), w.community.id, MARCH, { kind: "user", userId: w.admin.id, orgId: w.org.id }, { acceptGaps: true });
    const stored = await db().settlementRun.findUniqueOrThrow({ where: { id: run.runId } });
    expect(stored.gaps).toEqual([expect.objectContaining({ meteringPointId: point, missingIntervals: 96, expectedIntervals: 2972 })]);
    expect((await ledgerOf(run.runId)).reduce((s, e) => s + e.amountCents, 0n)).toBe(0n);
    expect(await verifyCommunity(db(), w.community.id)).toMatchObject({ ok: true });
  });
});

describe("the demo's market community (Borgo Mercato)", () => {
  it("seeded on 2026-04-05: the scheduler settles March (the previous month, grace 0 days) with its 4 members' limits; the ledger verifies; pain.008 − pain.001 = the billing lines' gross, the lines' net = −Σ PC entries; invoices pass EN 16931 and total the gross; the statement shows the win; the public page shows the value kept", async () => {
    const municipality = await makeOrg("MUNICIPALITY", "Comune di Prova");
    // The municipality issues the invoices (no ESCO serves the community): its billing identity.
    await db().organization.update({
      where: { id: municipality.id },
      data: { legalName: "Comune di Prova", vatId: "IT00123450789", street: "Piazza del Municipio 1", postcode: "00100", city: "Prova", countryCode: "IT", billingEmail: "energia@prova.example" },
    });
    await db().organizationBankAccount.create({ data: { orgId: municipality.id, accountHolder: "Comune di Prova", iban: italianIban("99999", "01600", "900000077"), creditorId: makeCreditorId("IT", "80012340150") } });
    const admin = await makeUser();
    await db().orgMembership.create({ data: { orgId: municipality.id, userId: admin.id, role: "ADMIN" } });
    const resident = await makeUser();
    // Its own address and meter codes: the browser tests seed the demo's Borgo Mercato into this database later.
    const slug = unique("mercato");
    const codeBase = 100_000_000 + (Number.parseInt(slug.slice(-6), 16) % 100_000) * 1_000;
    const readings = await seedMarketCommunity(db(), municipality.id, new Date("2026-04-05T10:00:00Z"), resident.id, { slug, codeBase });
    // 4 prosumers and 2 producers inject, 8 members consume: 14 series × 2,972 quarter hours (March in Rome).
    expect(readings).toBe(14 * 2972);
    const community = await db().community.findUniqueOrThrow({ where: { slug } });
    expect(community.ruleKind).toBe("MARKET");
    // The scheduler settles it: the month is due on the 5th of April (grace 0 days), and only it.
    const due = await settleDuePeriods(db(), community.id, new Date("2026-04-05T10:00:00Z"));
    expect(due.map((d) => [d.period, d.outcome])).toEqual([[MARCH, "finalized"]]);
    const run = { runId: due[0]!.runId! };
    const stored = await db().settlementRun.findUniqueOrThrow({ where: { id: run.runId }, include: { members: true } });
    const snapshot = parseRuleSnapshot(stored.ruleSnapshot);
    if (snapshot.kind !== "MARKET") throw new Error("not a market run");
    expect(snapshot.market.limits.map((l) => l.side).sort()).toEqual(["BUY", "BUY", "SELL", "SELL"]);
    expect(stored.members).toHaveLength(10);
    const totals = parseRunTotals(stored.totals);
    expect(BigInt(totals.sharedMWh)).toBeGreaterThan(0n);
    expect(BigInt(totals.market!.winCents)).toBeGreaterThan(0n);
    expect(await verifyCommunity(db(), community.id)).toMatchObject({ ok: true, runs: 1 });

    const entries = await ledgerOf(run.runId);
    const lines = (await loadBillingLines(db(), community.id, run.runId)).lines;
    expect(lines.totals.netCents).toBe(-entries.filter((e) => e.account.startsWith("PC:")).reduce((s, e) => s + e.amountCents, 0n));
    const scope = await resolveCommunityScope(db(), admin.id, community.id, "payments");
    const dd = await paymentFile(db(), { userId: admin.id }, scope, run.runId, "pain008");
    const ct = await paymentFile(db(), { userId: admin.id }, scope, run.runId, "pain001");
    expect(checkPain(dd.body, "pain.008")).toEqual([]);
    expect(checkPain(ct.body, "pain.001")).toEqual([]);
    expect(cents(painTotals(dd.body).ctrlSum) - cents(painTotals(ct.body).ctrlSum)).toBe(lines.totals.grossCents);

    // Invoices: one per member with lines, each passing the EN 16931 checks; Σ payable = the lines' gross.
    const invoices = await ensureInvoices(db(), { userId: admin.id }, community.id, run.runId, new Date("2026-04-06T10:00:00Z"));
    expect(invoices).toHaveLength(10);
    let payable = 0n;
    for (const i of invoices) {
      const xml = renderUbl(i.document);
      expect(checkEn16931(xml), i.number).toEqual([]);
      const root = parseXmlTree(xml);
      const find = (node: typeof root, local: string): typeof root | undefined => (node.local === local ? node : node.children.map((c) => find(c, local)).find(Boolean));
      const total = find(root, "LegalMonetaryTotal")!;
      payable += (root.local === "CreditNote" ? -1n : 1n) * cents(total.children.find((c) => c.local === "PayableAmount")!.text);
    }
    expect(payable).toBe(lines.totals.grossCents);

    // The statement of BM-08 (a consumer) shows what it bought, at what average price, and its win.
    const bm08 = await db().member.findFirstOrThrow({ where: { communityId: community.id, reference: "BM-08" } });
    const own = { ...bm08, community: { id: community.id, name: community.name, slug: community.slug, timeZone: community.timeZone } };
    const text = JSON.stringify(statementLines(await memberStatement(db(), own, run.runId)));
    const win = stored.members.find((m) => m.memberId === bm08.id)!.winCents!;
    expect(text).toContain("Bought from neighbours");
    expect(text).toContain(`Your win (against €0.25/kWh from the supplier and €0.06/kWh feed-in)","€${(Number(win) / 100).toFixed(2)}"`);

    // The public page shows the value kept in the community (10 members, none above 30 % of any figure).
    const stats = await publicStats(db(), slug, { now: new Date("2026-04-05T10:00:00Z") });
    expect(stats.figures.valueKeptTotalCents).toEqual({ shown: true, value: totals.market!.winCents });
    expect(stats.figures.periods[0]!.market!.averagePriceEurPerKWh).toMatchObject({ shown: true });
  });
});
