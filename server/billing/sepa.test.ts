// SEPA files from a run's export lines: amounts per member, exclusions, determinism, and a checker
// that catches broken files.
import { describe, expect, it } from "vitest";
import { bicProblem, creditorIdProblem, ibanProblem, italianIban, makeCreditorId, normalizeIban } from "./iban";
import { checkPain, painTotals } from "./sepa-check";
import { dueDate, endToEndId, isTargetBusinessDay, messageId, sepaPlan } from "./sepa-payments";
import { FINALIZED, helios, mixedPlan, plan, planMembers, RUN, x } from "./sepa-test-fixture";
import { sepaIdProblem, sepaText } from "./sepa-text";
import { pain001, pain008 } from "./sepa-xml";

describe("IBAN, BIC and creditor identifier", () => {
  it("known good IBANs pass; one changed digit, a wrong length or an unknown country fail", () => {
    for (const good of ["GB82WEST12345698765432", "DE89370400440532013000", "IT60X0542811101000000123456", normalizeIban("fr14 2004 1010 0505 0001 3m02 606")]) expect(ibanProblem(good)).toBeNull();
    expect(ibanProblem("DE89370400440532013001")).toMatch(/check digits/);
    expect(ibanProblem("DE8937040044053201300")).toMatch(/22 characters/);
    expect(ibanProblem("QQ89370400440532013000")).toMatch(/not a country/);
  });
  it("the Italian CIN of the textbook example IT60X0542811101000000123456 is X", () => {
    expect(italianIban("05428", "11101", "123456")).toBe("IT60X0542811101000000123456");
  });
  it("creditor id DE98ZZZ09999999999 (Bundesbank test id) passes, DE99… fails; check digits skip the business code", () => {
    expect(creditorIdProblem("DE98ZZZ09999999999")).toBeNull();
    expect(creditorIdProblem("DE99ZZZ09999999999")).toMatch(/check digits/);
    expect(creditorIdProblem("DE98ABC09999999999")).toBeNull();
    expect(creditorIdProblem(makeCreditorId("IT", "HELIOS0001"))).toBeNull();
  });
  it("BIC: 8 or 11 characters", () => {
    expect(bicProblem("BCITITMM")).toBeNull();
    expect(bicProblem("BCITITMMXXX")).toBeNull();
    expect(bicProblem("BCITITM")).not.toBeNull();
    expect(bicProblem("1CITITMM")).not.toBeNull();
  });
});

describe("SEPA text and identifiers", () => {
  it("accents dropped, & becomes +, others become a dot", () => {
    expect(sepaText("Anna Müller & Figli", 70)).toBe("Anna Muller + Figli");
    expect(sepaText("Zoë_Straße #4", 70)).toBe("Zoe.Strasse .4");
  });
  it("ids: at most 35, no leading/trailing slash, no //", () => {
    expect(sepaIdProblem("A".repeat(35))).toBeNull();
    expect(sepaIdProblem("A".repeat(36))).toMatch(/35/);
    expect(sepaIdProblem("/A")).toMatch(/\//);
    expect(sepaIdProblem("A//B")).toMatch(/\//);
    expect(sepaIdProblem("A_B")).toMatch(/character set/);
    expect(sepaIdProblem(messageId("DD", RUN.id, 12345))).toBeNull();
    expect(sepaIdProblem(endToEndId(RUN.id, "M-7K2Q9XH4TB"))).toBeNull();
  });
});

describe("due dates on TARGET2 business days", () => {
  it("2026: Good Friday 3 April and Easter Monday 6 April are closed, 1 May is closed", () => {
    expect(isTargetBusinessDay("2026-04-03")).toBe(false);
    expect(isTargetBusinessDay("2026-04-06")).toBe(false);
    expect(isTargetBusinessDay("2026-04-02")).toBe(true);
    expect(isTargetBusinessDay("2026-05-01")).toBe(false);
  });
  it("finalized 2026-03-10 + 30 days = Thu 9 April; + 24 = Fri 3 April (Good Friday) → Tue 7 April; + 4 = Sat 14 March → Mon 16", () => {
    expect(dueDate("2026-03-10", 30)).toBe("2026-04-09");
    expect(dueDate("2026-03-10", 24)).toBe("2026-04-07");
    expect(dueDate("2026-03-10", 4)).toBe("2026-03-16");
  });
});

describe("the payment plan", () => {
  it("per member Σ gross: SOL-001 owes 12.20, SOL-002 6.80 (debits); SOL-003 credited 15.57; SOL-004 no mandate; SOL-005 nets to 0", () => {
    expect(plan.directDebits.map((t) => [t.memberReference, t.amountCents])).toEqual([
      ["SOL-001", 1220n],
      ["SOL-002", 680n],
    ]);
    expect(plan.creditTransfers.map((t) => [t.memberReference, t.amountCents])).toEqual([["SOL-003", 1557n]]);
    expect(plan.excluded.map((e) => [e.memberReference, e.file, e.reason, e.totalCents])).toEqual([
      ["SOL-004", "pain.008", "no-mandate", 366n],
      ["SOL-005", null, "nothing-to-pay", 0n],
    ]);
    // Everything is accounted for: files + exclusions = the export's gross total.
    const included = plan.directDebits.reduce((s, t) => s + t.amountCents, 0n) - plan.creditTransfers.reduce((s, t) => s + t.amountCents, 0n);
    expect(included + plan.excluded.reduce((s, e) => s + e.totalCents, 0n)).toBe(x.totals.grossCents);
  });
  it("creation time is the run's finalize time to the second; due = finalize date + 30 days", () => {
    expect(plan.createdAt).toBe("2026-03-10T05:00:07Z");
    expect(plan.dueDate).toBe("2026-04-09");
  });
  it("each transaction names its ledger entries; remittance carries reference, period and run id", () => {
    expect(plan.directDebits[0]!.entries).toEqual([{ seq: "1", hash: "1".padStart(64, "0") }]);
    expect(plan.directDebits[0]!.remittance).toBe(`SOL-001 2026-03-02/2026-03-08 run ${RUN.id}`);
  });
  it("a member who owes with a bank account but no IBAN data at all is 'no-bank-account'", () => {
    const p = sepaPlan(x, new Map([...planMembers].filter(([k]) => k !== "M-AAAAAAAAAA")), FINALIZED, 30);
    expect(p.excluded.find((e) => e.memberReference === "SOL-001")?.reason).toBe("no-bank-account");
  });
});

describe("pain.008.001.08 and pain.001.001.09", () => {
  const dd = pain008(plan, helios);
  const ct = pain001(plan, helios);

  it("both pass the checker; totals 2 transactions 19.00 and 1 transaction 15.57", () => {
    expect(checkPain(dd, "pain.008")).toEqual([]);
    expect(checkPain(ct, "pain.001")).toEqual([]);
    expect(painTotals(dd)).toEqual({ nbOfTxs: 2, ctrlSum: "19.00" });
    expect(painTotals(ct)).toEqual({ nbOfTxs: 1, ctrlSum: "15.57" });
  });
  it("the same plan gives the same bytes", () => {
    expect(pain008(sepaPlan(x, planMembers, FINALIZED, 30), helios)).toBe(dd);
    expect(pain001(sepaPlan(x, planMembers, FINALIZED, 30), helios)).toBe(ct);
  });
  it("carries the run id, the checkpoint and each transaction's entry hashes; RCUR, CORE, creditor id, NOTPROVIDED without a BIC", () => {
    expect(dd).toContain(`runId="${RUN.id}"`);
    expect(dd).toContain(`checkpointTreeSize="12" checkpointRoot="${"ab".repeat(32)}"`);
    expect(dd).toContain(`<Entry seq="2" hash="${"2".padStart(64, "0")}"/>`);
    expect(dd).toContain("<SeqTp>RCUR</SeqTp>");
    expect(dd).toContain("<Cd>CORE</Cd>");
    expect(dd).toContain(`<Id>${helios.creditorId}</Id>`);
    expect(dd).toContain("<Nm>Anna Muller + Figli</Nm>");
    expect(dd).toMatch(/<DbtrAgt>\s*<FinInstnId>\s*<Othr>\s*<Id>NOTPROVIDED<\/Id>/);
    expect(dd).toContain("<BICFI>BCITITMM</BICFI>");
    expect(dd).toContain("<MndtId>SOL-MND-001</MndtId>");
    expect(dd).toContain("<DtOfSgntr>2026-01-15</DtOfSgntr>");
    expect(ct).toContain("<ReqdExctnDt>\n        <Dt>2026-04-09</Dt>");
  });
  it("CORE and B2B mandates: SOL-001 CORE 12.20 and SOL-002 B2B 6.80 → two payment information blocks (CORE first), each RCUR with its own count and sum; the group header counts 2 and 19.00", () => {
    const mixed = pain008(mixedPlan, helios);
    expect(checkPain(mixed, "pain.008")).toEqual([]);
    expect(painTotals(mixed)).toEqual({ nbOfTxs: 2, ctrlSum: "19.00" });
    const blocks = mixed.split("<PmtInf>").slice(1);
    expect(blocks.map((b) => [b.match(/<LclInstrm>\s*<Cd>(\w+)<\/Cd>/)![1], b.match(/<SeqTp>(\w+)<\/SeqTp>/)![1], b.match(/<NbOfTxs>(\d+)<\/NbOfTxs>/)![1], b.match(/<CtrlSum>([\d.]+)<\/CtrlSum>/)![1], b.match(/<MndtId>([^<]+)<\/MndtId>/)![1]])).toEqual([
      ["CORE", "RCUR", "1", "12.20", "SOL-MND-001"],
      ["B2B", "RCUR", "1", "6.80", "SOL-MND-002"],
    ]);
    const ids = [...mixed.matchAll(/<PmtInfId>([^<]+)<\/PmtInfId>/g)].map((m) => m[1]!);
    expect(new Set(ids).size).toBe(2);
    expect(ids.every((id) => id.length <= 35)).toBe(true);
  });
  it("a direct debit without the creditor id is refused", () => {
    expect(() => pain008(plan, { ...helios, creditorId: null })).toThrow(/creditor identifier/);
  });

  // The checker must catch what it claims to: each mutation breaks one rule.
  const broken: [string, string, PainKindArg, RegExp][] = [
    ["not well-formed", dd.replace("</GrpHdr>", ""), "pain.008", /well-formed/],
    ["a DOCTYPE", dd.replace("<Document", '<!DOCTYPE Document [<!ENTITY x "y">]><Document'), "pain.008", /well-formed|DOCTYPE/],
    ["wrong namespace", dd.replace("pain.008.001.08", "pain.008.001.02"), "pain.008", /namespace/],
    ["group NbOfTxs off by one", dd.replace("<NbOfTxs>2</NbOfTxs>", "<NbOfTxs>3</NbOfTxs>"), "pain.008", /GrpHdr\/NbOfTxs is 3/],
    ["CtrlSum off by a cent", dd.replace("<CtrlSum>19.00</CtrlSum>", "<CtrlSum>19.01</CtrlSum>"), "pain.008", /CtrlSum is 19.01, the transactions sum to 19.00/],
    ["amount with 3 decimals", dd.replace(">12.20<", ">12.200<"), "pain.008", /2 decimals/],
    ["zero amount", ct.replace(/(<InstdAmt Ccy="EUR">)15\.57</, "$10.00<"), "pain.001", /above 0/],
    ["IBAN typo", dd.replace(plan.directDebits[0]!.iban, plan.directDebits[0]!.iban.slice(0, -1) + (plan.directDebits[0]!.iban.endsWith("1") ? "2" : "1")), "pain.008", /check digits/],
    ["BIC too short", dd.replace("BCITITMM", "BCITIT"), "pain.008", /BIC/],
    ["mandate id missing", dd.replace("<MndtId>SOL-MND-001</MndtId>", ""), "pain.008", /MndtId is missing/],
    ["date of signature missing", dd.replace("<DtOfSgntr>2026-01-15</DtOfSgntr>", ""), "pain.008", /DtOfSgntr is missing/],
    ["mandate signed after collection", dd.replace("<DtOfSgntr>2026-01-15", "<DtOfSgntr>2026-05-01"), "pain.008", /signed after/],
    ["bad sequence type", dd.replace("<SeqTp>RCUR", "<SeqTp>NEXT"), "pain.008", /SeqTp/],
    ["non-ISO date", dd.replace("<ReqdColltnDt>2026-04-09", "<ReqdColltnDt>09/04/2026"), "pain.008", /ISO date/],
    ["impossible date", ct.replace("<Dt>2026-04-09", "<Dt>2026-02-30"), "pain.001", /ISO date/],
    ["elements out of order", dd.replace(/(<Dbtr>[\s\S]*?<\/Dbtr>)(\s*)(<DbtrAcct>[\s\S]*?<\/DbtrAcct>)/, "$3$2$1"), "pain.008", /out of order|not expected/],
    ["unknown element", ct.replace("<ChrgBr>SLEV</ChrgBr>", "<ChrgBr>SLEV</ChrgBr><Foo>1</Foo>"), "pain.001", /Foo is not expected/],
    ["EndToEndId of 36 characters", dd.replace(plan.directDebits[0]!.endToEndId, "X".repeat(36)), "pain.008", /35 characters/],
    ["id outside the character set", dd.replace(plan.directDebits[0]!.endToEndId, "ABC_DEF"), "pain.008", /character set/],
    ["duplicate EndToEndId", dd.replace(plan.directDebits[1]!.endToEndId, plan.directDebits[0]!.endToEndId), "pain.008", /not unique/],
    ["name with an outside character", dd.replace("Bruno Bianchi", "Bruno Bianchi_"), "pain.008", /character set/],
    ["creditor id checksum", dd.replace(helios.creditorId!, helios.creditorId!.slice(0, 2) + "00" + helios.creditorId!.slice(4)), "pain.008", /creditor identifier/],
    ["wrong currency", ct.replace('Ccy="EUR"', 'Ccy="USD"'), "pain.001", /EUR/],
  ];
  type PainKindArg = "pain.008" | "pain.001";
  for (const [name, xml, kind, expected] of broken) {
    it(`the checker catches: ${name}`, () => {
      const problems = checkPain(xml, kind);
      expect(problems.join("\n")).toMatch(expected);
    });
  }
});
