// The two SEPA initiation messages, written per the EPC implementation guidelines:
// - pain.008.001.08, SEPA Direct Debit Core (EPC130-08, rulebook 2023 onwards), and
// - pain.001.001.09, SEPA Credit Transfer (EPC132-08, rulebook 2023 onwards).
// Pure and deterministic: elements in XSD order, fixed indentation, no clock, no randomness.
// The run id, its checkpoint and every transaction's ledger entries (sequence and hash) travel in the
// message's SupplementaryData (an XSD "any" envelope in Dajie's own namespace), so a bank file can be
// tied back to the ledger.
import { formatDecimal } from "../settlement/decimal";
import type { SepaPlan, SepaTransaction } from "./sepa-payments";
import { messageId, sumCents } from "./sepa-payments";
import { sepaText } from "./sepa-text";

export const PAIN_008_NS = "urn:iso:std:iso:20022:tech:xsd:pain.008.001.08";
export const PAIN_001_NS = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09";
export const DAJIE_LEDGER_NS = "urn:dajie:sepa-ledger:1";

/** The organization on the other side of every transaction: creditor of collections, debtor of payouts. */
export interface SepaParty {
  name: string;
  iban: string;
  bic: string | null;
  /** SEPA creditor identifier: required for direct debits. */
  creditorId: string | null;
}

/** An element: name, attributes, and text or children. */
type Node = [string, Record<string, string>, string | Node[]];
const el = (name: string, content: string | Node[], attrs: Record<string, string> = {}): Node => [name, attrs, content];

const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function render(node: Node, depth: number, out: string[]): void {
  const [name, attrs, content] = node;
  const pad = "  ".repeat(depth);
  const a = Object.entries(attrs)
    .map(([k, v]) => ` ${k}="${escape(v)}"`)
    .join("");
  if (typeof content === "string") out.push(`${pad}<${name}${a}>${escape(content)}</${name}>`);
  else if (content.length === 0) out.push(`${pad}<${name}${a}/>`);
  else {
    out.push(`${pad}<${name}${a}>`);
    for (const child of content) render(child, depth + 1, out);
    out.push(`${pad}</${name}>`);
  }
}

const toXml = (root: Node) => {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  render(root, 0, out);
  return `${out.join("\n")}\n`;
};

const amount = (cents: bigint) => formatDecimal(cents, 2);

/** A bank: its BIC, or "NOTPROVIDED" (the EPC rule when the IBAN alone identifies the bank). */
const agent = (bic: string | null): Node[] => [el("FinInstnId", bic ? [el("BICFI", bic)] : [el("Othr", [el("Id", "NOTPROVIDED")])])];
const account = (iban: string): Node[] => [el("Id", [el("IBAN", iban)])];

function groupHeader(msgId: string, plan: SepaPlan, txs: readonly SepaTransaction[], party: SepaParty): Node {
  return el("GrpHdr", [
    el("MsgId", msgId),
    el("CreDtTm", plan.createdAt),
    el("NbOfTxs", String(txs.length)),
    el("CtrlSum", amount(sumCents(txs))),
    el("InitgPty", [el("Nm", sepaText(party.name, 70))]),
  ]);
}

function ledgerReferences(plan: SepaPlan, txs: readonly SepaTransaction[]): Node {
  const r = plan.run;
  return el("SplmtryData", [
    el("PlcAndNm", "Dajie ledger references"),
    el("Envlp", [
      el(
        "LedgerRefs",
        txs.map((t) => el("Tx", t.entries.map((e) => el("Entry", [], { seq: e.seq, hash: e.hash })), { endToEndId: t.endToEndId })),
        { xmlns: DAJIE_LEDGER_NS, runId: r.id, runVersion: String(r.version), community: r.communitySlug, periodStart: r.periodStart, periodEndExclusive: r.periodEnd, checkpointTreeSize: r.checkpointSize.toString(), checkpointRoot: r.checkpointRoot },
      ),
    ]),
  ]);
}

/** The opening of a payment information block, the same in both messages: id, method, batch, count, sum. */
function paymentInfoHead(msgId: string, method: "DD" | "TRF", txs: readonly SepaTransaction[]) {
  return [el("PmtInfId", `P${msgId.slice(1)}`), el("PmtMtd", method), el("BtchBookg", "true"), el("NbOfTxs", String(txs.length)), el("CtrlSum", amount(sumCents(txs)))];
}

/**
 * Direct debits grouped as ISO 20022 and the EPC guidelines want them: one payment information block
 * per local instrument (CORE, B2B: the mandate's scheme) and sequence type (RCUR for every mandate, see
 * ADR 0008), CORE first, each transaction in the plan's order.
 */
export function directDebitBlocks(txs: readonly SepaTransaction[]): { scheme: "CORE" | "B2B"; sequence: "RCUR"; txs: SepaTransaction[] }[] {
  return (["CORE", "B2B"] as const).map((scheme) => ({ scheme, sequence: "RCUR" as const, txs: txs.filter((t) => t.mandate!.scheme === scheme) })).filter((b) => b.txs.length > 0);
}

/** pain.008.001.08: a payment information block per local instrument and sequence type. */
export function pain008(plan: SepaPlan, creditor: SepaParty): string {
  if (!creditor.creditorId) throw new Error("a direct debit needs the creditor's SEPA creditor identifier");
  const txs = plan.directDebits;
  const msgId = messageId("DD", plan.run.id, plan.run.version);
  const infos = directDebitBlocks(txs).map((block) => {
    const head = paymentInfoHead(msgId, "DD", block.txs);
    // The CORE block keeps the id it always had; a B2B block's id ends in B2B (≤ 35 characters).
    if (block.scheme === "B2B") head[0] = el("PmtInfId", `P${msgId.slice(1)}B2B`);
    return el("PmtInf", [
      ...head,
      el("PmtTpInf", [el("SvcLvl", [el("Cd", "SEPA")]), el("LclInstrm", [el("Cd", block.scheme)]), el("SeqTp", block.sequence)]),
      el("ReqdColltnDt", plan.dueDate),
      el("Cdtr", [el("Nm", sepaText(creditor.name, 70))]),
      el("CdtrAcct", account(creditor.iban)),
      el("CdtrAgt", agent(creditor.bic)),
      el("ChrgBr", "SLEV"),
      el("CdtrSchmeId", [el("Id", [el("PrvtId", [el("Othr", [el("Id", creditor.creditorId!), el("SchmeNm", [el("Prtry", "SEPA")])])])])]),
      ...block.txs.map((t) =>
        el("DrctDbtTxInf", [
          el("PmtId", [el("EndToEndId", t.endToEndId)]),
          el("InstdAmt", amount(t.amountCents), { Ccy: "EUR" }),
          el("DrctDbtTx", [el("MndtRltdInf", [el("MndtId", t.mandate!.id), el("DtOfSgntr", t.mandate!.signedOn)])]),
          el("DbtrAgt", agent(t.bic)),
          el("Dbtr", [el("Nm", t.name)]),
          el("DbtrAcct", account(t.iban)),
          el("RmtInf", [el("Ustrd", t.remittance)]),
        ]),
      ),
    ]);
  });
  return toXml(el("Document", [el("CstmrDrctDbtInitn", [groupHeader(msgId, plan, txs, creditor), ...infos, ledgerReferences(plan, txs)])], { xmlns: PAIN_008_NS }));
}

/** pain.001.001.09: one SEPA payment information block paying out every credited member. */
export function pain001(plan: SepaPlan, debtor: SepaParty): string {
  const txs = plan.creditTransfers;
  const msgId = messageId("CT", plan.run.id, plan.run.version);
  const info = el("PmtInf", [
    ...paymentInfoHead(msgId, "TRF", txs),
    el("PmtTpInf", [el("SvcLvl", [el("Cd", "SEPA")])]),
    el("ReqdExctnDt", [el("Dt", plan.dueDate)]),
    el("Dbtr", [el("Nm", sepaText(debtor.name, 70))]),
    el("DbtrAcct", account(debtor.iban)),
    el("DbtrAgt", agent(debtor.bic)),
    el("ChrgBr", "SLEV"),
    ...txs.map((t) =>
      el("CdtTrfTxInf", [
        el("PmtId", [el("EndToEndId", t.endToEndId)]),
        el("Amt", [el("InstdAmt", amount(t.amountCents), { Ccy: "EUR" })]),
        ...(t.bic ? [el("CdtrAgt", agent(t.bic))] : []),
        el("Cdtr", [el("Nm", t.name)]),
        el("CdtrAcct", account(t.iban)),
        el("RmtInf", [el("Ustrd", t.remittance)]),
      ]),
    ),
  ]);
  return toXml(el("Document", [el("CstmrCdtTrfInitn", [groupHeader(msgId, plan, txs, debtor), info, ledgerReferences(plan, txs)])], { xmlns: PAIN_001_NS }));
}
