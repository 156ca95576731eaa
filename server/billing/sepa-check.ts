// A pure checker of the pain.008.001.08 / pain.001.001.09 files Dajie writes: it parses the bytes
// back (saxes, namespace-aware, no DTDs) and checks the rules the files rely on — element order and
// presence (the subset of the XSD Dajie uses), group header totals equal to the transactions,
// identifiers of at most 35 characters from the SEPA character set, amounts above zero with two
// decimals, IBAN mod-97, BIC shape, creditor identifier, mandate id and date of signature, sequence
// type, ISO dates. It is not the official XSD (see schemas/README.md): it is what can be checked on a
// machine without it, and the tests show it catches broken files.
import { SaxesParser } from "saxes";
import { formatDecimal } from "../settlement/decimal";
import { bicProblem, creditorIdProblem, ibanProblem } from "./iban";
import { PAIN_001_NS, PAIN_008_NS } from "./sepa-xml";
import { SEPA_TEXT, sepaIdProblem } from "./sepa-text";

interface XmlElement {
  name: string;
  ns: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
  path: string;
}

function parse(xml: string): XmlElement {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  let error: Error | null = null;
  parser.on("doctype", () => {
    throw new Error("a DOCTYPE is not allowed");
  });
  parser.on("opentag", (tag) => {
    const parent = stack.at(-1);
    const attrs: Record<string, string> = {};
    for (const [k, a] of Object.entries(tag.attributes)) attrs[k] = typeof a === "string" ? a : a.value;
    const e: XmlElement = { name: tag.local ?? tag.name, ns: tag.uri ?? "", attrs, children: [], text: "", path: `${parent ? `${parent.path}/` : ""}${tag.local ?? tag.name}` };
    if (parent) parent.children.push(e);
    else root = e;
    stack.push(e);
  });
  parser.on("text", (t) => {
    const top = stack.at(-1);
    if (top) top.text += t;
  });
  parser.on("closetag", () => void stack.pop());
  parser.on("error", (e) => {
    error ??= e;
  });
  parser.write(xml).close();
  if (error) throw error;
  if (!root) throw new Error("no root element");
  return root;
}

// Children in XSD order: [name, min, max]. Only elements Dajie writes are listed; anything else is a problem.
type Spec = [string, number, number][];
const MANY = Number.POSITIVE_INFINITY;
const agentSpec: Record<string, Spec> = { CdtrAgt: [["FinInstnId", 1, 1]], DbtrAgt: [["FinInstnId", 1, 1]], FinInstnId: [["BICFI", 0, 1], ["Othr", 0, 1]], Othr: [["Id", 1, 1]] };
const SPECS: Record<"pain.008" | "pain.001", Record<string, Spec>> = {
  "pain.008": {
    Document: [["CstmrDrctDbtInitn", 1, 1]],
    CstmrDrctDbtInitn: [["GrpHdr", 1, 1], ["PmtInf", 1, MANY], ["SplmtryData", 0, MANY]],
    GrpHdr: [["MsgId", 1, 1], ["CreDtTm", 1, 1], ["NbOfTxs", 1, 1], ["CtrlSum", 1, 1], ["InitgPty", 1, 1]],
    PmtInf: [
      ["PmtInfId", 1, 1], ["PmtMtd", 1, 1], ["BtchBookg", 0, 1], ["NbOfTxs", 1, 1], ["CtrlSum", 1, 1], ["PmtTpInf", 1, 1], ["ReqdColltnDt", 1, 1],
      ["Cdtr", 1, 1], ["CdtrAcct", 1, 1], ["CdtrAgt", 1, 1], ["ChrgBr", 0, 1], ["CdtrSchmeId", 1, 1], ["DrctDbtTxInf", 1, MANY],
    ],
    PmtTpInf: [["SvcLvl", 1, 1], ["LclInstrm", 1, 1], ["SeqTp", 1, 1]],
    DrctDbtTxInf: [["PmtId", 1, 1], ["InstdAmt", 1, 1], ["DrctDbtTx", 1, 1], ["DbtrAgt", 1, 1], ["Dbtr", 1, 1], ["DbtrAcct", 1, 1], ["RmtInf", 0, 1]],
    DrctDbtTx: [["MndtRltdInf", 1, 1]],
    MndtRltdInf: [["MndtId", 1, 1], ["DtOfSgntr", 1, 1]],
    CdtrSchmeId: [["Id", 1, 1]],
    PrvtId: [["Othr", 1, 1]],
    SchmeNm: [["Prtry", 1, 1]],
    ...agentSpec,
  },
  "pain.001": {
    Document: [["CstmrCdtTrfInitn", 1, 1]],
    CstmrCdtTrfInitn: [["GrpHdr", 1, 1], ["PmtInf", 1, MANY], ["SplmtryData", 0, MANY]],
    GrpHdr: [["MsgId", 1, 1], ["CreDtTm", 1, 1], ["NbOfTxs", 1, 1], ["CtrlSum", 1, 1], ["InitgPty", 1, 1]],
    PmtInf: [
      ["PmtInfId", 1, 1], ["PmtMtd", 1, 1], ["BtchBookg", 0, 1], ["NbOfTxs", 1, 1], ["CtrlSum", 1, 1], ["PmtTpInf", 1, 1], ["ReqdExctnDt", 1, 1],
      ["Dbtr", 1, 1], ["DbtrAcct", 1, 1], ["DbtrAgt", 1, 1], ["ChrgBr", 0, 1], ["CdtTrfTxInf", 1, MANY],
    ],
    PmtTpInf: [["SvcLvl", 1, 1]],
    ReqdExctnDt: [["Dt", 1, 1]],
    CdtTrfTxInf: [["PmtId", 1, 1], ["Amt", 1, 1], ["CdtrAgt", 0, 1], ["Cdtr", 1, 1], ["CdtrAcct", 1, 1], ["RmtInf", 0, 1]],
    Amt: [["InstdAmt", 1, 1]],
    ...agentSpec,
  },
};
const COMMON: Record<string, Spec> = {
  InitgPty: [["Nm", 1, 1]],
  Cdtr: [["Nm", 1, 1]],
  Dbtr: [["Nm", 1, 1]],
  CdtrAcct: [["Id", 1, 1]],
  DbtrAcct: [["Id", 1, 1]],
  SvcLvl: [["Cd", 1, 1]],
  LclInstrm: [["Cd", 1, 1]],
  PmtId: [["EndToEndId", 1, 1]],
  RmtInf: [["Ustrd", 1, 1]],
  SplmtryData: [["PlcAndNm", 0, 1], ["Envlp", 1, 1]],
};

const SCHEME_OTHR: Spec = [["Id", 1, 1], ["SchmeNm", 1, 1]];

/** The children of an account's or scheme's Id depend on the parent. */
function idSpec(parentPath: string): Spec | null {
  if (/(CdtrAcct|DbtrAcct)\/Id$/.test(parentPath)) return [["IBAN", 1, 1]];
  if (/CdtrSchmeId\/Id$/.test(parentPath)) return [["PrvtId", 1, 1]];
  return null;
}

function checkOrder(e: XmlElement, spec: Spec, problems: string[]): void {
  let i = 0;
  for (const [name, min, max] of spec) {
    let n = 0;
    while (i < e.children.length && e.children[i]!.name === name) {
      n++;
      i++;
    }
    if (n < min) problems.push(`${e.path}: ${name} is missing or out of order`);
    if (n > max) problems.push(`${e.path}: ${name} appears ${n} times, at most ${max}`);
  }
  if (i < e.children.length) problems.push(`${e.path}: ${e.children[i]!.name} is not expected here (or out of order)`);
}

const isoDate = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;
const AMOUNT = /^(0|[1-9]\d{0,8})\.\d{2}$/;
const cents = (s: string) => BigInt(s.replace(".", ""));

export type PainKind = "pain.008" | "pain.001";

/** Every rule the file breaks (empty: none). */
export function checkPain(xml: string, kind: PainKind): string[] {
  const problems: string[] = [];
  let root: XmlElement;
  try {
    root = parse(xml);
  } catch (err) {
    return [`not well-formed XML: ${(err as Error).message}`];
  }
  const ns = kind === "pain.008" ? PAIN_008_NS : PAIN_001_NS;
  if (root.name !== "Document" || root.ns !== ns) return [`the root must be Document in namespace ${ns}, is ${root.name} in ${root.ns || "no namespace"}`];
  const specs = { ...COMMON, ...SPECS[kind] };

  const all: XmlElement[] = [];
  const walk = (e: XmlElement) => {
    all.push(e);
    if (e.name === "Envlp") return; // Dajie's own ledger references: any content
    const spec = e.name === "Id" ? idSpec(e.path) : e.name === "Othr" && e.path.endsWith("PrvtId/Othr") ? SCHEME_OTHR : specs[e.name];
    if (spec) checkOrder(e, spec, problems);
    else if (e.children.length) problems.push(`${e.path}: ${e.children[0]!.name} is not expected here`);
    for (const c of e.children) walk(c);
  };
  walk(root);
  const named = (name: string) => all.filter((e) => e.name === name);
  const text = (e: XmlElement) => e.text.trim();

  // Identifiers.
  for (const name of ["MsgId", "PmtInfId", "EndToEndId", "MndtId"]) {
    for (const e of named(name)) {
      const p = sepaIdProblem(text(e));
      if (p) problems.push(`${e.path} "${text(e)}" ${p}`);
    }
  }
  const e2e = named("EndToEndId").map(text);
  if (new Set(e2e).size !== e2e.length) problems.push("EndToEndId values are not unique in the file");

  // Texts.
  for (const [name, max] of [["Nm", 70], ["Ustrd", 140]] as const) {
    for (const e of named(name)) {
      if (text(e).length === 0 || text(e).length > max) problems.push(`${e.path} must have 1 to ${max} characters`);
      if (!SEPA_TEXT.test(text(e))) problems.push(`${e.path} has characters outside the SEPA character set`);
    }
  }

  // Amounts.
  const txName = kind === "pain.008" ? "DrctDbtTxInf" : "CdtTrfTxInf";
  for (const e of named("InstdAmt")) {
    if (!AMOUNT.test(text(e)) || cents(text(e)) <= 0n) problems.push(`${e.path} "${text(e)}" must be above 0 with exactly 2 decimals`);
    if (e.attrs.Ccy !== "EUR") problems.push(`${e.path} must be in EUR`);
  }
  for (const e of named("CtrlSum")) if (!AMOUNT.test(text(e))) problems.push(`${e.path} "${text(e)}" must have exactly 2 decimals`);
  const totals = (txs: XmlElement[]) => {
    const amounts = txs.flatMap((t) => descendants(t).filter((e) => e.name === "InstdAmt"));
    return { n: txs.length, sum: amounts.reduce((s, e) => s + (AMOUNT.test(text(e)) ? cents(text(e)) : 0n), 0n) };
  };
  const allTxs = named(txName);
  const header = named("GrpHdr")[0];
  const check = (where: XmlElement | undefined, txs: XmlElement[]) => {
    if (!where) return;
    const t = totals(txs);
    const nb = where.children.find((c) => c.name === "NbOfTxs");
    const ctrl = where.children.find((c) => c.name === "CtrlSum");
    if (nb && text(nb) !== String(t.n)) problems.push(`${where.path}/NbOfTxs is ${text(nb)}, the transactions are ${t.n}`);
    if (ctrl && AMOUNT.test(text(ctrl)) && cents(text(ctrl)) !== t.sum) problems.push(`${where.path}/CtrlSum is ${text(ctrl)}, the transactions sum to ${formatDecimal(t.sum, 2)}`);
  };
  check(header, allTxs);
  for (const info of named("PmtInf")) check(info, info.children.filter((c) => c.name === txName));

  // Accounts, banks, creditor.
  for (const e of named("IBAN")) {
    const p = ibanProblem(text(e));
    if (p) problems.push(`${e.path} "${text(e)}": ${p}`);
  }
  for (const e of named("BICFI")) {
    const p = bicProblem(text(e));
    if (p) problems.push(`${e.path} "${text(e)}": ${p}`);
  }
  for (const e of named("Othr").filter((o) => /Agt\/FinInstnId\/Othr$/.test(o.path))) {
    if (text(e.children[0] ?? e) !== "NOTPROVIDED") problems.push(`${e.path}/Id must be NOTPROVIDED when there is no BIC`);
  }
  for (const e of all.filter((x) => /CdtrSchmeId\/Id\/PrvtId\/Othr\/Id$/.test(x.path))) {
    const p = creditorIdProblem(text(e));
    if (p) problems.push(`${e.path} "${text(e)}": ${p}`);
  }

  // Codes and dates.
  const expectText = (name: string, allowed: string[]) => {
    for (const e of named(name)) if (!allowed.includes(text(e))) problems.push(`${e.path} "${text(e)}" must be one of ${allowed.join(", ")}`);
  };
  expectText("PmtMtd", [kind === "pain.008" ? "DD" : "TRF"]);
  expectText("ChrgBr", ["SLEV"]);
  expectText("SeqTp", ["FRST", "RCUR", "OOFF", "FNAL"]);
  for (const e of all.filter((x) => /SvcLvl\/Cd$/.test(x.path))) if (text(e) !== "SEPA") problems.push(`${e.path} must be SEPA`);
  for (const e of all.filter((x) => /LclInstrm\/Cd$/.test(x.path))) if (!["CORE", "B2B"].includes(text(e))) problems.push(`${e.path} must be CORE or B2B`);
  for (const e of all.filter((x) => /SchmeNm\/Prtry$/.test(x.path))) if (text(e) !== "SEPA") problems.push(`${e.path} must be SEPA`);
  for (const e of [...named("ReqdColltnDt"), ...named("DtOfSgntr"), ...all.filter((x) => /ReqdExctnDt\/Dt$/.test(x.path))]) {
    if (!isoDate(text(e))) problems.push(`${e.path} "${text(e)}" is not an ISO date (YYYY-MM-DD)`);
  }
  const due = named("ReqdColltnDt")[0];
  for (const e of named("DtOfSgntr")) if (due && isoDate(text(e)) && isoDate(text(due)) && text(e) > text(due)) problems.push(`${e.path}: the mandate is signed after the collection date`);
  for (const e of named("CreDtTm")) if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/.test(text(e)) || Number.isNaN(Date.parse(text(e)))) problems.push(`${e.path} "${text(e)}" is not an ISO date and time`);
  return problems;
}

const descendants = (e: XmlElement): XmlElement[] => e.children.flatMap((c) => [c, ...descendants(c)]);

/** Reads the group header's totals (for tests and the e2e check). */
export function painTotals(xml: string): { nbOfTxs: number; ctrlSum: string } {
  const root = parse(xml);
  const header = root.children[0]?.children.find((c) => c.name === "GrpHdr");
  const get = (n: string) => header?.children.find((c) => c.name === n)?.text.trim() ?? "";
  return { nbOfTxs: Number(get("NbOfTxs")), ctrlSum: get("CtrlSum") };
}

