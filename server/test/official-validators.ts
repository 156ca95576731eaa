// The official validators of what Dajie exports, for the tests: the OASIS UBL 2.1 and ISO 20022 XSDs
// (xmllint as WebAssembly, from npm) and the CEN EN 16931 business rules for UBL (the standard's
// schematron compiled to XSLT, run by Saxon-HE on Java). The files are not in this repository: they
// are read from ../shared/schemas next to it, or from DAJIE_SCHEMAS_DIR (see schemas/README.md).
// Plain functions, usable from vitest and Playwright; official-schemas.ts registers vitest tests.
import { execFile, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { validateXML } from "xmllint-wasm";

/**
 * Where the official files are: DAJIE_SCHEMAS_DIR, or ../shared/schemas relative to the project root
 * (vitest and Playwright both run there).
 */
export const schemasDir = process.env.DAJIE_SCHEMAS_DIR || join(process.cwd(), "..", "shared", "schemas");
export const saxonJar = process.env.SAXON_JAR || "/usr/share/java/Saxon-HE.jar";
export const onCi = process.env.CI === "true" || process.env.CI === "1";

export type OfficialKind = "invoice" | "creditNote" | "pain.008" | "pain.001";

const XSD: Record<OfficialKind, string> = {
  invoice: "ubl-2.1/maindoc/UBL-Invoice-2.1.xsd",
  creditNote: "ubl-2.1/maindoc/UBL-CreditNote-2.1.xsd",
  "pain.008": "iso20022/pain.008.001.08.xsd",
  "pain.001": "iso20022/pain.001.001.09.xsd",
};
export const EN16931_XSLT = "en16931/EN16931-UBL-validation.xslt";

/** The document kind from its root element's namespace; null when it is none of ours. */
export function kindOf(xml: string): OfficialKind | null {
  // The first start tag that is not a declaration, comment or processing instruction is the root.
  const root = /<([A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?)(\s[^>]*)?>/.exec(xml.replace(/<!--[\s\S]*?-->/g, ""));
  if (!root) return null;
  const [prefix, local] = root[1]!.includes(":") ? root[1]!.split(":") : ["", root[1]!];
  const ns = new RegExp(`\\sxmlns${prefix ? `:${prefix}` : ""}="([^"]+)"`).exec(root[2] ?? "")?.[1];
  if (local === "Invoice" && ns === "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2") return "invoice";
  if (local === "CreditNote" && ns === "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2") return "creditNote";
  if (local === "Document" && ns === "urn:iso:std:iso:20022:tech:xsd:pain.008.001.08") return "pain.008";
  if (local === "Document" && ns === "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09") return "pain.001";
  return null;
}

/** Why the XSD check cannot run here (a missing file), or null when it can. */
export function xsdMissing(kinds: readonly OfficialKind[] = ["invoice", "creditNote", "pain.008", "pain.001"]): string | null {
  const wanted = [...new Set(kinds.map((k) => XSD[k]))];
  if (kinds.some((k) => k === "invoice" || k === "creditNote")) wanted.push("ubl-2.1/common/UBL-CommonAggregateComponents-2.1.xsd");
  const absent = wanted.filter((f) => !existsSync(join(schemasDir, f)));
  return absent.length ? `${absent.join(", ")} not found in ${schemasDir} (set DAJIE_SCHEMAS_DIR; see schemas/README.md)` : null;
}

let saxonProbe: string | null | undefined;
/** Why the EN 16931 rules cannot run here (no rules file, no Java, no Saxon), or null when they can. */
export function rulesMissing(): string | null {
  if (!existsSync(join(schemasDir, EN16931_XSLT))) return `${EN16931_XSLT} not found in ${schemasDir} (set DAJIE_SCHEMAS_DIR; see schemas/README.md)`;
  if (saxonProbe === undefined) {
    const java = spawnSync("java", ["-version"], { stdio: "ignore" });
    saxonProbe =
      java.error || java.status !== 0
        ? "java is not installed (Java 17: apt-get install openjdk-17-jre-headless)"
        : existsSync(saxonJar)
          ? null
          : `Saxon-HE is not at ${saxonJar} (apt-get install libsaxonhe-java, or set SAXON_JAR)`;
  }
  return saxonProbe;
}

// ---- XSD (xmllint-wasm) ----

type Loaded = { fileName: string; contents: string };
let ublCommon: Loaded[] | undefined;
/** Every UBL common module under the name the main documents import it by (../common/…). */
function ublCommonFiles(): Loaded[] {
  const dir = join(schemasDir, "ubl-2.1/common");
  ublCommon ??= readdirSync(dir)
    .filter((f) => f.endsWith(".xsd"))
    .map((f) => ({ fileName: `ubl-2.1/common/${f}`, contents: readFileSync(join(dir, f), "utf8") }));
  return ublCommon;
}

export interface NamedXml {
  name: string;
  xml: string;
}

/** XSD errors per document name ([] when valid). Documents of one kind go to xmllint together. */
export async function validateXsd(docs: readonly NamedXml[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  const byKind = new Map<OfficialKind, { doc: NamedXml; fileName: string }[]>();
  docs.forEach((doc, i) => {
    const kind = kindOf(doc.xml);
    if (!kind) {
      out.set(doc.name, ["not a UBL Invoice/CreditNote or pain.008.001.08/pain.001.001.09 document (root element or namespace)"]);
      return;
    }
    byKind.set(kind, [...(byKind.get(kind) ?? []), { doc, fileName: `doc-${i}.xml` }]);
  });
  for (const [kind, group] of byKind) {
    const schema = { fileName: XSD[kind], contents: readFileSync(join(schemasDir, XSD[kind]), "utf8") };
    const preload = kind === "invoice" || kind === "creditNote" ? ublCommonFiles() : [];
    const result = await validateXML({ xml: group.map((g) => ({ fileName: g.fileName, contents: g.doc.xml })), schema, preload, maxMemoryPages: 16 * 1024 });
    for (const g of group) {
      const errors = result.errors.filter((e) => e.loc?.fileName === g.fileName).map((e) => e.message.trim());
      // An error xmllint could not place (e.g. a schema that does not compile) counts for every document.
      const unplaced = result.errors.filter((e) => !e.loc || !group.some((x) => x.fileName === e.loc!.fileName)).map((e) => e.rawMessage.trim());
      out.set(g.doc.name, [...errors, ...unplaced]);
    }
    if (!result.valid && group.every((g) => out.get(g.doc.name)!.length === 0)) {
      for (const g of group) out.set(g.doc.name, [`xmllint reported the batch invalid without an error line: ${result.rawOutput.trim()}`]);
    }
  }
  return out;
}

// ---- EN 16931 rules (Saxon-HE) ----

export interface RuleFailure {
  id: string;
  flag: string;
  location: string;
  text: string;
}
export interface RulesReport {
  /** Failed assertions with flag="fatal": each is a broken business rule. */
  fatal: RuleFailure[];
  /** Failed assertions with any other flag (warnings). */
  warnings: RuleFailure[];
  /** How many rule contexts fired: 0 means the rules did not apply to the document at all. */
  firedRules: number;
}

const unescape = (s: string) => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, "&");
const attr = (attrs: string, name: string) => unescape(new RegExp(`\\b${name}="([^"]*)"`).exec(attrs)?.[1] ?? "");

/** The failed assertions of one SVRL report. */
export function parseSvrl(svrl: string): RulesReport {
  const report: RulesReport = { fatal: [], warnings: [], firedRules: (svrl.match(/<svrl:fired-rule\b/g) ?? []).length };
  for (const m of svrl.matchAll(/<svrl:failed-assert\b([^>]*)>([\s\S]*?)<\/svrl:failed-assert>/g)) {
    const text = unescape(/<svrl:text>([\s\S]*?)<\/svrl:text>/.exec(m[2]!)?.[1] ?? "").replace(/\s+/g, " ").trim();
    const failure = { id: attr(m[1]!, "id"), flag: attr(m[1]!, "flag"), location: attr(m[1]!, "location"), text };
    (failure.flag === "fatal" ? report.fatal : report.warnings).push(failure);
  }
  return report;
}

/** Runs the EN 16931 rules over all documents in ONE Saxon run (-s:folder -o:folder); a report per name. */
export async function checkEn16931Rules(docs: readonly NamedXml[]): Promise<Map<string, RulesReport>> {
  const work = mkdtempSync(join(tmpdir(), "dajie-en16931-"));
  try {
    const input = join(work, "in");
    const output = join(work, "out");
    mkdirSync(input);
    mkdirSync(output);
    docs.forEach((d, i) => writeFileSync(join(input, `doc-${String(i).padStart(4, "0")}.xml`), d.xml));
    const args = ["-cp", saxonJar, "net.sf.saxon.Transform", `-s:${input}`, `-xsl:${join(schemasDir, EN16931_XSLT)}`, `-o:${output}`];
    try {
      await promisify(execFile)("java", args, { timeout: 120_000, maxBuffer: 16 * 1024 * 1024 });
    } catch (e) {
      const err = e as { stderr?: string; message: string };
      throw new Error(`Saxon failed: ${err.stderr?.trim() || err.message}`);
    }
    const out = new Map<string, RulesReport>();
    docs.forEach((d, i) => {
      const file = join(output, `doc-${String(i).padStart(4, "0")}.xml`);
      if (!existsSync(file)) throw new Error(`Saxon wrote no report for ${d.name}`);
      out.set(d.name, parseSvrl(readFileSync(file, "utf8")));
    });
    return out;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export interface OfficialNeeds {
  /** The XSDs of these kinds. */
  xsd?: readonly OfficialKind[];
  /** The EN 16931 rules and Saxon. */
  rules?: boolean;
}

/** What blocks these official checks here, or null when they can all run. */
export function officialMissing(needs: OfficialNeeds): string | null {
  return [needs.xsd?.length ? xsdMissing(needs.xsd) : null, needs.rules ? rulesMissing() : null].filter(Boolean).join("; ") || null;
}

/**
 * For callers outside vitest (Playwright): every problem the official validators find in `docs`
 * (XSD errors, and fatal EN 16931 rules for invoices and credit notes), or `skipped` with the reason
 * when the files or Saxon are missing. Under CI (CI=true) missing validators throw instead.
 */
export async function officialProblems(docs: readonly NamedXml[]): Promise<{ problems: string[]; skipped: string | null }> {
  const kinds = docs.map((d) => kindOf(d.xml));
  const unknown = docs.filter((_, i) => kinds[i] === null).map((d) => `${d.name}: not a UBL Invoice/CreditNote or pain.008.001.08/pain.001.001.09 document`);
  const known = kinds.filter((k): k is OfficialKind => k !== null);
  const ubl = docs.filter((_, i) => kinds[i] === "invoice" || kinds[i] === "creditNote");
  const missing = officialMissing({ xsd: known, rules: ubl.length > 0 });
  if (missing) {
    if (onCi) throw new Error(`CI=true, and the official validators are missing: ${missing}`);
    return { problems: unknown, skipped: missing };
  }
  const xsd = await validateXsd(docs.filter((_, i) => kinds[i] !== null));
  const problems = [...unknown, ...[...xsd].flatMap(([name, errors]) => errors.map((e) => `${name}: ${e}`))];
  if (ubl.length) {
    const rules = await checkEn16931Rules(ubl);
    for (const d of ubl) {
      const r = rules.get(d.name)!;
      problems.push(...r.fatal.map((f) => `${d.name}: [${f.id}] ${f.text} (at ${f.location})`));
      if (r.firedRules === 0) problems.push(`${d.name}: no EN 16931 rule applied to it`);
    }
  }
  return { problems, skipped: null };
}
