// The statement as a PDF (pdfkit with its built-in Helvetica: no font files, works offline). Text
// only uses characters of the standard fonts' encoding (WinAnsi); anything else becomes "?".
import PDFDocument from "pdfkit";
import { divRoundHalfUp, formatDecimal } from "@/server/settlement/decimal";
import type { Statement } from "./statement";

const group = (digits: string) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
function decimal(value: bigint, scale: number): string {
  const [whole, frac] = formatDecimal(value < 0n ? -value : value, scale).split(".");
  return `${value < 0n ? "-" : ""}${group(whole!)}${frac ? `.${frac}` : ""}`;
}
export const kwh = (mwh: string) => `${decimal(divRoundHalfUp(BigInt(mwh), 1000n), 3)} kWh`;
export const eur = (cents: string) => (BigInt(cents) < 0n ? `-€${decimal(-BigInt(cents), 2)}` : `€${decimal(BigInt(cents), 2)}`);
const lastDay = (end: string) => new Date(Date.parse(`${end}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

const KIND: Record<string, string> = {
  SHARED_ENERGY_DEBIT: "Shared energy received",
  SHARED_ENERGY_CREDIT: "Shared energy delivered",
  INCENTIVE_CREDIT: "Incentive credited",
  REVERSAL: "Reversal",
};

// WinAnsi covers Latin-1 and a few more (€, quotes, dashes); the rest is replaced, never dropped.
const safe = (text: string) => text.replace(/[^\x20-\x7e\u00a0-\u00ff€–—‘’“”•…]/g, "?");

/** The statement's lines, in order: what the PDF prints (and what tests read). */
export function statementLines(s: Statement): { heading?: string; rows?: [string, string][]; text?: string }[] {
  const c = s.calculation;
  const out: ReturnType<typeof statementLines> = [];
  out.push({ heading: "Prosumer Credit statement" });
  out.push({
    rows: [
      ["Community", s.community],
      ["Member", `${s.reference} (pseudonymous id ${s.pseudonym})`],
      ["Period", `${s.run.periodStart} to ${lastDay(s.run.periodEnd)} (last day included)`],
      ["Settlement run", `${s.run.id}, version ${s.run.version}, finalized ${s.run.finalizedAt.slice(0, 16).replace("T", " ")} UTC`],
    ],
  });
  out.push({ heading: "Your energy" });
  out.push({
    rows: [
      ["Consumption", kwh(c.consumptionMWh)],
      ["From your neighbours' panels (allocated)", kwh(c.allocatedMWh)],
      ["Injection", kwh(c.injectionMWh)],
      ["Used by your neighbours (delivered)", kwh(c.deliveredMWh)],
      ["Surplus to the grid", kwh(c.surplusMWh)],
    ],
  });
  out.push({ heading: "Your Prosumer Credit" });
  if (c.flat) {
    out.push({
      rows: [
        ["Community price", `€${c.flat.priceEurPerKWh} per kWh`],
        ["You pay: allocated × price", `${kwh(c.allocatedMWh)} × €${c.flat.priceEurPerKWh} = €${c.flat.debitExactEur}, rounded ${eur(c.debitCents)}`],
        ["You are credited: delivered × price", `${kwh(c.deliveredMWh)} × €${c.flat.priceEurPerKWh} = €${c.flat.creditExactEur}, rounded ${eur(c.creditCents)}`],
        ["Prosumer Credit (credited minus paid)", eur(c.pcCents)],
      ],
    });
    out.push({ text: "Amounts are rounded to the cent once, with the remainder given by largest remainder, so the community's totals match to the cent." });
  } else if (c.incentive) {
    const sp = c.incentive.split;
    out.push({
      rows: [
        ["Your share of the incentive and valorisation", eur(c.incentive.creditCents)],
        ["Community split (producers / consumers / fund)", `${sp.producers} / ${sp.consumers} / ${sp.fund}`],
        ["Prosumer Credit", eur(c.pcCents)],
      ],
    });
    out.push({ text: "Producers share by energy delivered, consumers by energy allocated (DM 414/2023 incentive and ARERA valorisation)." });
  }
  out.push({ heading: "Ledger entries of this period" });
  out.push({ rows: s.entries.map((e) => [`#${e.seq} ${KIND[e.kind] ?? e.kind}${e.reversesSeq ? ` of #${e.reversesSeq}` : ""}`, `${eur(e.amountCents)}  hash ${e.hash}`]) });
  out.push({ rows: [[`Balance of ${s.account} after this period`, eur(s.balanceAfterCents)]] });
  out.push({ text: `Checkpoint of this run: tree size ${s.run.checkpointSize}, root ${s.run.checkpointRoot}. Check each entry with "Verify my credit" on your page, or with npm run -s dajie -- proof verify.` });
  return out;
}

export function statementPdf(s: Statement, options: { compress?: boolean } = {}): Promise<Buffer> {
  const doc = new PDFDocument({
    size: "A4",
    margin: 56,
    compress: options.compress ?? true,
    // The run's finalize time, not the clock: the same statement is the same bytes (the PDF's ID
    // is derived from this info), whoever downloads it and whenever.
    info: { Title: safe(`Prosumer Credit statement ${s.reference} ${s.run.periodStart}`), Author: "Dajie", Subject: safe(s.community), CreationDate: new Date(s.run.finalizedAt) },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  const width = doc.page.width - 112;
  for (const part of statementLines(s)) {
    if (part.heading) {
      doc.moveDown(0.6).font("Helvetica-Bold").fontSize(part.heading === "Prosumer Credit statement" ? 18 : 12).fillColor("#0f172a").text(safe(part.heading));
      doc.moveDown(0.3);
    }
    for (const [label, value] of part.rows ?? []) {
      const y = doc.y;
      doc.font("Helvetica").fontSize(10).fillColor("#334155").text(safe(label), 56, y, { width: width * 0.45 });
      const afterLabel = doc.y;
      doc.fillColor("#0f172a").text(safe(value), 56 + width * 0.47, y, { width: width * 0.53 });
      doc.y = Math.max(afterLabel, doc.y) + 2;
      doc.x = 56;
    }
    if (part.text) doc.moveDown(0.3).font("Helvetica").fontSize(9).fillColor("#475569").text(safe(part.text), 56, doc.y, { width });
  }
  doc.end();
  return done;
}
