// Which parser a file needs, from its first bytes (content first; the file name only breaks ties).
import { headText } from "./parsers/byte-source";
import type { FormatId } from "./types";

export function detectFormat(firstBytes: Uint8Array, fileName?: string): FormatId | undefined {
  const text = headText(firstBytes).replace(/^\s+/, "");
  if (/^UN[AB]/.test(text)) return /MSCONS/.test(text) ? "mscons" : undefined;
  if (text.startsWith("<")) {
    if (text.includes("http://www.ebutilities.at/schemata/customerprocesses/consumptionrecord/")) return "ebutilities";
    if (text.includes("http://naesb.org/espi")) return "greenbutton";
    return undefined;
  }
  const lines = text.split(/\r?\n/, 4);
  if (lines[0]?.startsWith("Identifiant PRM;") || lines.some((l) => /^Horodate;Valeur\s*$/.test(l))) return "enedis";
  // Delimited text with at least a header and one row.
  if (lines.length >= 2 && /[,;\t|]/.test(lines[0] ?? "")) return "csv";
  if (fileName && /\.(csv|tsv|txt)$/i.test(fileName) && lines.length >= 2) return "csv";
  return undefined;
}
