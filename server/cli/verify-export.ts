// `npm run -s dajie -- verify-export FILE [--json]`: checks a public ledger export (downloaded from
// /c/<community>/ledger/export) from the file alone — no database, no network. Recomputes every
// entry's hash, the chain, each run's balance and every checkpoint root. Exit 0 when everything
// matches, 1 naming the first entry or checkpoint that does not, 2 for bad usage or a file that is
// not an export.
import { createReadStream, existsSync } from "node:fs";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { verifyExport, type ExportVerdict } from "../ledger/export-format";

const usage = `Usage: npm run -s dajie -- verify-export FILE [--json]
  FILE       a ledger export (JSON lines), e.g. solaria-ledger.jsonl from /c/solaria/ledger
  --json     print the result as JSON instead of one line
`;

const count = (n: number, one: string, many: string) => `${n.toLocaleString("en")} ${n === 1 ? one : many}`;

export function humanLine(file: string, r: ExportVerdict): string {
  const name = r.community ? `ledger export of ${r.community}` : file;
  if (!r.ok) return `${name}: ${r.seq === null ? "" : `entry ${r.seq} fails verification: `}${r.problem}`;
  const latest = r.latest ? `; latest checkpoint: size ${r.latest.size}, root ${r.latest.root} — compare it with the public page` : "";
  const anchors = r.anchors > 0 ? `; ${count(r.anchors, "anchor receipt", "anchor receipts")} listed (not checked by this version)` : "";
  return `${name}: ${count(r.entries, "entry", "entries")}, ${count(r.checkpoints, "checkpoint", "checkpoints")}, all hashes and roots match${latest}${anchors}`;
}

/** Whether the problem is the file itself (not an export) rather than a ledger that fails. */
const unreadable = (r: ExportVerdict) => !r.ok && r.seq === null;

export async function run(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { json: { type: "boolean" }, help: { type: "boolean" } } });
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${usage}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) return process.stderr.write(usage), 0;
  const [file] = positionals;
  if (!file || positionals.length > 1) return process.stderr.write(usage), 2;
  if (!existsSync(file)) return process.stderr.write(`verify-export: no file ${file}\n`), 2;

  const lines = createInterface({ input: createReadStream(file, { encoding: "utf8" }), crlfDelay: Infinity });
  const result = await verifyExport(lines);
  const out = values.json ? JSON.stringify(result, (_, v: unknown) => (typeof v === "bigint" ? v.toString() : v), 2) : humanLine(file, result);
  process.stdout.write(`${out}\n`);
  return result.ok ? 0 : unreadable(result) ? 2 : 1;
}
