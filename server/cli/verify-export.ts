// `npm run -s dajie -- verify-export FILE [--json] [--tsa-ca FILE] [--feed-key HEX]`: checks a public
// ledger export (downloaded from /c/<community>/ledger/export) from the file alone — no database, no
// network. Recomputes every entry's hash, the chain, each run's balance and every checkpoint root,
// then checks the anchor receipts it can offline: each statement is its checkpoint's, the feed's
// signatures (against --feed-key when given), TSA tokens when --tsa-ca is given. Chain receipts need
// a node: `anchor verify --file FILE --evm-rpc URL`. Exit 0 when everything checked matches, 1 naming
// the first entry, checkpoint or receipt that does not, 2 for bad usage or a file that is not an export.
import { createReadStream, existsSync, readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { checkAnchors, type AnchorCheck } from "../anchors/anchors";
import { checkLine, summarize } from "../anchors/report";
import { verifyExport, type ExportVerdict } from "../ledger/export-format";
import { parseCommand } from "./_args";

const usage = `Usage: npm run -s dajie -- verify-export FILE [--json] [--tsa-ca FILE] [--feed-key HEX]
  FILE            a ledger export (JSON lines), e.g. solaria-ledger.jsonl from /c/solaria/ledger
  --json          print the result as JSON instead of lines
  --tsa-ca FILE   trust anchor (PEM) of the timestamp authority, to check its tokens too
  --feed-key HEX  the signed feed's public key, as published at /c/<community>/checkpoints
`;

const count = (n: number, one: string, many: string) => `${n.toLocaleString("en")} ${n === 1 ? one : many}`;

export function humanLine(file: string, r: ExportVerdict, checks: readonly AnchorCheck[] = []): string {
  const name = r.community ? `ledger export of ${r.community}` : file;
  if (!r.ok) return `${name}: ${r.seq === null ? "" : `entry ${r.seq} fails verification: `}${r.problem}`;
  const latest = r.latest ? `; latest checkpoint: size ${r.latest.size}, root ${r.latest.root} — compare it with the public page` : "";
  const s = summarize(checks);
  const anchors = r.anchors > 0 ? `; ${count(r.anchors, "anchor receipt", "anchor receipts")}: ${s.ok} verified, ${s.failed} failed, ${s.unchecked} not checked offline` : "; no anchor receipt";
  return `${name}: ${count(r.entries, "entry", "entries")}, ${count(r.checkpoints, "checkpoint", "checkpoints")}, all hashes and roots match${latest}${anchors}`;
}

/** Whether the problem is the file itself (not an export) rather than a ledger that fails. */
const unreadable = (r: ExportVerdict) => !r.ok && r.seq === null;

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommand(args, usage, { json: { type: "boolean" }, "tsa-ca": { type: "string" }, "feed-key": { type: "string" } }, 1);
  if ("exit" in parsed) return parsed.exit;
  const { values, positionals } = parsed;
  const [file] = positionals;
  if (!file || positionals.length > 1) return process.stderr.write(usage), 2;
  if (!existsSync(file)) return process.stderr.write(`verify-export: no file ${file}\n`), 2;

  if (values["tsa-ca"] && !existsSync(values["tsa-ca"])) return process.stderr.write(`verify-export: no file ${values["tsa-ca"]}\n`), 2;
  if (values["feed-key"] && !/^[0-9a-fA-F]{64}$/.test(values["feed-key"])) return process.stderr.write("verify-export: --feed-key must be 64 hex digits\n"), 2;

  const lines = createInterface({ input: createReadStream(file, { encoding: "utf8" }), crlfDelay: Infinity });
  const result = await verifyExport(lines);
  // Offline: no chain node here, so EVM receipts are reported as not checked.
  const ctx = { tsaTrustPem: values["tsa-ca"] ? readFileSync(values["tsa-ca"], "utf8") : undefined, feedPublicKey: values["feed-key"]?.toLowerCase() };
  const checks = result.ok && result.communityId ? await checkAnchors(result.communityId, result.anchorReceipts, result.checkpointRoots, ctx) : [];
  const failed = summarize(checks).failed > 0;
  if (values.json) {
    const { anchorReceipts: _receipts, checkpointRoots: _roots, ...rest } = result;
    process.stdout.write(`${JSON.stringify({ ...rest, anchorChecks: checks }, (_, v: unknown) => (typeof v === "bigint" ? v.toString() : v), 2)}\n`);
  } else {
    process.stdout.write(`${humanLine(file, result, checks)}\n`);
    for (const c of checks) process.stdout.write(`  ${checkLine(c)}\n`);
  }
  return result.ok ? (failed ? 1 : 0) : unreadable(result) ? 2 : 1;
}
