// The statement as a PDF (pdfkit with its built-in Helvetica: no font files, works offline). Text
// only uses characters of the standard fonts' encoding (WinAnsi); anything else becomes "?".
import { lastDayOf } from "@/server/shared/iso-date";
import { createTranslator } from "next-intl";
import PDFDocument from "pdfkit";
import { formatterFor } from "@/server/i18n/format";
import { DEFAULT_LOCALE, type Locale } from "@/server/i18n/locales";
import { MESSAGES } from "@/server/i18n/messages";
import type { Statement } from "./statement";

const KINDS = ["SHARED_ENERGY_DEBIT", "SHARED_ENERGY_CREDIT", "INCENTIVE_CREDIT", "REVERSAL"] as const;
const isKind = (k: string): k is (typeof KINDS)[number] => (KINDS as readonly string[]).includes(k);

// WinAnsi covers Latin-1 and a few more (€, quotes, dashes); the locale formatters' minus sign and
// narrow no-break space (French grouping) have WinAnsi equivalents; the rest is replaced, never dropped.
const safe = (text: string) =>
  text
    .replace(/\u2212/g, "-")
    .replace(/[\u202f\u2009]/g, "\u00a0")
    .replace(/[^\x20-\x7e\u00a0-\u00ff€–—‘’‚“”„•…]/g, "?");

/** The statement's lines, in order, in the resident's language: what the PDF prints (and what tests read). */
export function statementLines(s: Statement, locale: Locale = DEFAULT_LOCALE): { heading?: string; rows?: [string, string][]; text?: string }[] {
  const t = createTranslator({ locale, messages: MESSAGES[locale], namespace: "statement" });
  const f = formatterFor(locale);
  const kwh = (mwh: string) => f.kwh(mwh, 3);
  const eur = (cents: string) => f.eur(cents);
  const c = s.calculation;
  const out: ReturnType<typeof statementLines> = [];
  out.push({ heading: t("title") });
  out.push({
    rows: [
      [t("community"), s.community],
      [t("member"), t("memberValue", { reference: s.reference, pseudonym: s.pseudonym })],
      [t("period"), t("periodValue", { from: f.date(s.run.periodStart), to: f.date(lastDayOf(s.run.periodEnd)) })],
      [t("run"), t("runValue", { id: s.run.id, version: s.run.version, date: f.dateTime(s.run.finalizedAt, "UTC") })],
    ],
  });
  out.push({ heading: t("yourEnergy") });
  out.push({
    rows: [
      [t("consumption"), kwh(c.consumptionMWh)],
      [t("allocated"), kwh(c.allocatedMWh)],
      [t("injection"), kwh(c.injectionMWh)],
      [t("delivered"), kwh(c.deliveredMWh)],
      [t("surplus"), kwh(c.surplusMWh)],
    ],
  });
  out.push({ heading: t("yourPc") });
  out.push({ text: t("pcExplained") });
  if (c.flat) {
    const price = f.eurDecimal(c.flat.priceEurPerKWh);
    out.push({
      rows: [
        [t("price"), t("priceValue", { price })],
        [t("youPay"), t("calc", { energy: kwh(c.allocatedMWh), price, exact: f.eurDecimal(c.flat.debitExactEur), rounded: eur(c.debitCents) })],
        [t("youAreCredited"), t("calc", { energy: kwh(c.deliveredMWh), price, exact: f.eurDecimal(c.flat.creditExactEur), rounded: eur(c.creditCents) })],
        [t("pc"), eur(c.pcCents)],
      ],
    });
    out.push({ text: t("rounding") });
  } else if (c.market) {
    const m = c.market;
    out.push({
      rows: [
        [t("marketBought"), t("marketCalc", { energy: kwh(c.allocatedMWh), price: m.buyPriceEurPerKWh ? f.eurDecimal(m.buyPriceEurPerKWh) : "–", amount: eur(c.debitCents) })],
        [t("marketSold"), t("marketCalc", { energy: kwh(c.deliveredMWh), price: m.sellPriceEurPerKWh ? f.eurDecimal(m.sellPriceEurPerKWh) : "–", amount: eur(c.creditCents) })],
        [t("pc"), eur(c.pcCents)],
        [t("marketWin", { retail: f.eurDecimal(m.retailEurPerKWh), feedIn: f.eurDecimal(m.feedInEurPerKWh) }), eur(m.winCents)],
      ],
    });
    out.push({ text: t("marketNote") });
  } else if (c.incentive) {
    const sp = c.incentive.split;
    out.push({
      rows: [
        [t("incentiveShare"), eur(c.incentive.creditCents)],
        [t("split"), `${f.decimal(sp.producers)} / ${f.decimal(sp.consumers)} / ${f.decimal(sp.fund)}`],
        [t("pcShort"), eur(c.pcCents)],
      ],
    });
    out.push({ text: t("incentiveNote") });
  }
  out.push({ heading: t("entries") });
  out.push({
    rows: s.entries.map((e) => {
      const kind = isKind(e.kind) ? t(`kind.${e.kind}`) : e.kind;
      const label = e.reversesSeq ? t("entryReverses", { seq: e.seq, kind, reverses: e.reversesSeq }) : t("entry", { seq: e.seq, kind });
      return [label, t("entryValue", { amount: eur(e.amountCents), hash: e.hash })];
    }),
  });
  out.push({ rows: [[t("balance", { account: s.account }), eur(s.balanceAfterCents)]] });
  out.push({ text: t("checkpoint", { size: s.run.checkpointSize, root: s.run.checkpointRoot }) });
  return out;
}

export function statementPdf(s: Statement, options: { compress?: boolean; locale?: Locale } = {}): Promise<Buffer> {
  const locale = options.locale ?? DEFAULT_LOCALE;
  const lines = statementLines(s, locale);
  const title = lines[0]?.heading ?? "";
  const doc = new PDFDocument({
    size: "A4",
    margin: 56,
    compress: options.compress ?? true,
    lang: locale,
    // The run's finalize time, not the clock: the same statement is the same bytes (the PDF's ID
    // is derived from this info), whoever downloads it and whenever.
    info: { Title: safe(`${title} ${s.reference} ${s.run.periodStart}`), Author: "Dajie", Subject: safe(s.community), CreationDate: new Date(s.run.finalizedAt) },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  const width = doc.page.width - 112;
  for (const part of lines) {
    if (part.heading) {
      doc.moveDown(0.6).font("Helvetica-Bold").fontSize(part === lines[0] ? 18 : 12).fillColor("#0f172a").text(safe(part.heading));
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
