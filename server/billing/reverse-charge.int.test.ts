// A farmer registered for VAT under reverse charge in a real final run: its credits are VAT category AE
// in the CSV/JSON export and in its credit note, the credit note passes the official XSD and EN 16931
// rules, and the pain.001 payout equals the credit note's amount due to the cent. Consumers collected
// under a CORE and a B2B mandate get one pain.008 payment information block per scheme.
import { describe, expect, it } from "vitest";
import { resolveCommunityScope } from "@/server/access/scope";
import { db } from "@/server/db/client";
import { finalizeRun } from "@/server/settlement/finalize-run";
import { settlementWorld, writeReadings } from "@/server/settlement/test-settlement";
import { makeOrg, makeUser, unique } from "@/server/test/factories";
import { officialChecks } from "@/server/test/official-schemas";
import { checkEn16931 } from "./en16931-check";
import { italianIban, makeCreditorId } from "./iban";
import { paymentFile } from "./payment-files";
import { downloadRunFile } from "./run-downloads";
import { ensureInvoices } from "./run-billing";
import { checkPain, painTotals } from "./sepa-check";
import { invoiceTotals, renderUbl } from "./ubl-invoice";

const IDENTITY = { legalName: "Helios Energy Services S.r.l.", vatId: "IT01234567890", street: "Via dei Mille 5", postcode: "20121", city: "Milano", countryCode: "IT", billingEmail: "billing@helios.example" };
const NOW = new Date("2026-04-07T10:00:00Z");
const DAY = { start: "2026-03-02", end: "2026-03-03" };
const FROM = "2026-03-01T23:00:00Z";
const TO = "2026-03-02T23:00:00Z";
const official = officialChecks(["creditNote", "invoice", "pain.008", "pain.001"]);
const text = (b: string | Uint8Array) => (typeof b === "string" ? b : Buffer.from(b).toString("utf8"));
const account = () => italianIban("99999", "01600", String(Math.floor(Math.random() * 1e11)));

/**
 * 3 consumers (100 Wh each quarter hour) and a producer (150 Wh) on 2026-03-02 at 0.12 €/kWh: 96 × 150 Wh
 * = 14.4 kWh shared → the producer is credited 1.728 → 1.73 €. VAT 22 % on charges, 10 % on credits; fee
 * 10 % of credits + 0.20 € per member. The producer is a farmer under reverse charge, set before finalize.
 */
async function settledDay() {
  const esco = await makeOrg("ESCO", "Helios RC");
  await db().organization.update({ where: { id: esco.id }, data: IDENTITY });
  const w = await settlementWorld([{}, {}, {}, { injection: true }], { vatChargesPercent: "22", vatCreditsPercent: "10", paymentTermsDays: 14 });
  await db().community.update({ where: { id: w.community.id }, data: { billingOrgId: esco.id, feeCreditsBp: 1000, feeFixedCents: 20 } });
  await db().communityEsco.create({ data: { communityId: w.community.id, escoId: esco.id } });
  const [c1, c2, c3, producer] = w.members.map((m) => m.member);
  await db().member.update({ where: { id: producer!.id }, data: { memberType: "FARMER", vatId: "IT09876543210", vatStatus: "REVERSE_CHARGE" } });
  for (const m of w.members.slice(0, 3)) await writeReadings(w.community.id, m.consumption!.id, FROM, TO, 100_000n);
  await writeReadings(w.community.id, w.members[3]!.injection!.id, FROM, TO, 150_000n);
  const run = await finalizeRun(db(), w.community.id, DAY, { kind: "scheduler" });
  // c1 pays under a CORE mandate, c2 under a B2B one, c3 only has an IBAN; the producer is paid out.
  for (const [m, scheme] of [[c1!, "CORE"], [c2!, "B2B"], [c3!, null], [producer!, null]] as const) {
    await db().memberBankAccount.create({ data: { memberId: m.id, accountHolder: `Holder ${m.reference}`, iban: account() } });
    if (scheme) await db().memberMandate.create({ data: { memberId: m.id, reference: unique("MND"), scheme, signedOn: new Date("2026-01-10") } });
  }
  await db().organizationBankAccount.create({ data: { orgId: esco.id, accountHolder: "Helios RC S.r.l.", iban: account(), bic: "HELIITM1", creditorId: makeCreditorId("IT", unique("C").replace("-", "").toUpperCase()) } });
  const escoUser = await makeUser();
  await db().orgMembership.create({ data: { orgId: esco.id, userId: escoUser.id, role: "OPERATOR" } });
  const scope = await resolveCommunityScope(db(), escoUser.id, w.community.id, "payments");
  return { ...w, run, esco, escoUser, scope, c1: c1!, c2: c2!, producer: producer! };
}

describe("reverse charge in a real run", () => {
  it("producer credited 1.73 € under reverse charge (AE, no VAT) − fee 0.17 + 0.20 = 0.37 at 22 % (0.0814 → 0.08): credit note 381 payable 1.28 € = the pain.001 payout; CSV and JSON show AE", async () => {
    const w = await settledDay();
    const billing = await db().runBilling.findUniqueOrThrow({ where: { runId: w.run.runId } });
    expect(billing.reverseChargeMemberIds).toEqual([w.producer.id]);

    const csv = text((await downloadRunFile(db(), { userId: w.escoUser.id }, w.scope, w.run.runId, { format: "csv", memberId: null })).body);
    const header = csv.split("\r\n")[0]!.split(",");
    const rows = csv.split("\r\n").slice(1, -1).map((r) => r.split(","));
    const col = (name: string) => header.indexOf(name);
    const producerRows = rows.filter((r) => r[col("member_reference")] === w.producer.reference).map((r) => [r[col("item")], r[col("net_eur")], r[col("vat_category")], r[col("vat_rate_percent")], r[col("vat_eur")]]);
    expect(producerRows).toEqual([
      ["Shared energy delivered", "-1.73", "AE", "0.00", "0.00"],
      ["Community fee (10.00 % of credits 1.73)", "0.17", "S", "22.00", "0.04"],
      ["Community fee (fixed per period)", "0.20", "S", "22.00", "0.04"],
    ]);
    const consumerCategories = new Set(rows.filter((r) => r[col("member_reference")] !== w.producer.reference).map((r) => r[col("vat_category")]));
    expect([...consumerCategories]).toEqual(["S"]);
    const json = JSON.parse(text((await downloadRunFile(db(), { userId: w.escoUser.id }, w.scope, w.run.runId, { format: "json", memberId: null })).body));
    expect(json.totals.byVatCategory.find((g: { vatCategory: string }) => g.vatCategory === "AE")).toEqual({ vatCategory: "AE", vatRatePercent: "0.00", netEur: "-1.73", vatEur: "0.00" });

    const invoices = await ensureInvoices(db(), { userId: w.escoUser.id }, w.community.id, w.run.runId, NOW);
    const creditNote = invoices.find((i) => i.memberId === w.producer.id)!;
    expect(creditNote.type).toBe("CREDIT_NOTE");
    expect(creditNote.document.buyer.vatId).toBe("IT09876543210");
    const totals = invoiceTotals(creditNote.document.lines);
    // Sign of the credit note: AE 1.73 at 0 %, S −0.37 with VAT −0.08 (0.17 → 0.0374 and 0.20 → 0.044 round per line to 0.04 + 0.04, the group's 0.0814 → 0.08).
    expect(totals).toMatchObject({ netCents: 136n, vatCents: -8n, grossCents: 128n });
    expect(totals.breakdown).toEqual([
      { category: "AE", rateBp: 0, taxableCents: 173n, vatCents: 0n },
      { category: "S", rateBp: 2200, taxableCents: -37n, vatCents: -8n },
    ]);
    const xml = renderUbl(creditNote.document);
    expect(checkEn16931(xml)).toEqual([]);
    expect(xml).toContain("<cbc:TaxExemptionReasonCode>VATEX-EU-AE</cbc:TaxExemptionReasonCode>");
    official.add("reverse-charge credit note", xml);
    for (const i of invoices.filter((i) => i.memberId !== w.producer.id)) official.add(`invoice ${i.memberReference}`, renderUbl(i.document));

    const ct = await paymentFile(db(), { userId: w.escoUser.id }, w.scope, w.run.runId, "pain001");
    expect(checkPain(ct.body, "pain.001")).toEqual([]);
    expect(painTotals(ct.body)).toEqual({ nbOfTxs: 1, ctrlSum: "1.28" });
    official.add("pain.001 paying the reverse-charge producer", ct.body);
  });

  it("consumers under a CORE and a B2B mandate → pain.008 with two payment information blocks, LclInstrm CORE then B2B, each with its mandate; the header sums both", async () => {
    const w = await settledDay();
    const dd = await paymentFile(db(), { userId: w.escoUser.id }, w.scope, w.run.runId, "pain008");
    expect(checkPain(dd.body, "pain.008")).toEqual([]);
    const blocks = dd.body.split("<PmtInf>").slice(1);
    const mandates = await db().memberMandate.findMany({ where: { memberId: { in: [w.c1.id, w.c2.id] } } });
    const ref = (memberId: string) => mandates.find((m) => m.memberId === memberId)!.reference;
    expect(blocks.map((b) => [b.match(/<LclInstrm>\s*<Cd>(\w+)<\/Cd>/)![1], b.match(/<SeqTp>(\w+)<\/SeqTp>/)![1], [...b.matchAll(/<MndtId>([^<]+)<\/MndtId>/g)].map((m) => m[1])])).toEqual([
      ["CORE", "RCUR", [ref(w.c1.id)]],
      ["B2B", "RCUR", [ref(w.c2.id)]],
    ]);
    const sums = blocks.map((b) => BigInt(b.match(/<CtrlSum>([\d.]+)<\/CtrlSum>/)![1]!.replace(".", "")));
    expect(painTotals(dd.body)).toEqual({ nbOfTxs: 2, ctrlSum: ((sums[0]! + sums[1]!) / 100n).toString() + "." + String((sums[0]! + sums[1]!) % 100n).padStart(2, "0") });
    official.add("pain.008 with CORE and B2B blocks", dd.body);
  });

  official.register();
});
