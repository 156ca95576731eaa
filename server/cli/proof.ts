// `npm run -s dajie -- proof verify`: checks Merkle inclusion and consistency proofs given as JSON
// lines on stdin, one verdict line per non-blank input line on stdout.
// `npm run -s dajie -- proof verify-tlog FILE --vkey LOG_KEY [--witness WITNESS_KEY …] [--quorum K]`:
// checks a c2sp.org/tlog-proof@v1 file offline (the log's signature, K witness cosignatures, the
// inclusion of the entry given as extra data); exit 0 when valid, 1 with the reason, 2 for bad usage.
import { once } from "node:events";
import { existsSync, readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { parseVerifierKey, type VerifierKey } from "../ledger/c2sp/signed-note";
import { verifyTlogProof } from "../ledger/c2sp/tlog-proof";
import { proofLineOutput } from "../ledger/proof-json";
import { parseCommand, usageError } from "./_args";

const usage = `Usage: npm run -s dajie -- proof verify < proofs.jsonl
Each stdin line is one JSON object:
  {"type": "inclusion", "leafIndex", "treeSize", "leafHash", "proof": [hex...], "root"}
  {"type": "consistency", "size1", "size2", "root1", "root2", "proof": [hex...]}
Prints {"valid": true} or {"valid": false, "error": "..."} per line; blank lines are skipped.

       npm run -s dajie -- proof verify-tlog FILE --vkey LOG_KEY [--witness WITNESS_KEY ...] [--quorum K]
Checks a c2sp.org/tlog-proof@v1 file (e.g. an entry's .tlog-proof download) offline: LOG_KEY is the
community log's verifier key (shown on its public ledger page), each WITNESS_KEY a witness's
cosignature/v1 verifier key, K how many of them must have cosigned (default: all given).
Exit 0 when it verifies, 1 with the reason when it does not.
`;

async function verifyTlog(args: string[]): Promise<number> {
  const parsed = parseCommand(args, usage, { vkey: { type: "string", multiple: true }, witness: { type: "string", multiple: true }, quorum: { type: "string" } }, 1);
  if ("exit" in parsed) return parsed.exit;
  const { values, positionals } = parsed;
  const file = positionals[0];
  if (!file || !values.vkey?.length) return process.stderr.write(`verify-tlog needs FILE and --vkey\n${usage}`), 2;
  if (!existsSync(file)) return process.stderr.write(`no file ${file}\n`), 2;
  const witnesses = values.witness ?? [];
  const quorum = values.quorum === undefined ? witnesses.length : Number(values.quorum);
  if (!Number.isInteger(quorum) || quorum < 0 || !/^\d+$/.test(values.quorum ?? "0")) return process.stderr.write("--quorum must be a whole number ≥ 0\n"), 2;
  const keys = async (list: string[], what: string): Promise<VerifierKey[] | string> => {
    const out: VerifierKey[] = [];
    for (const k of list) {
      try {
        out.push(await parseVerifierKey(k));
      } catch (e) {
        return `${what} ${k}: ${(e as Error).message}`;
      }
    }
    return out;
  };
  const logKeys = await keys(values.vkey, "--vkey");
  if (typeof logKeys === "string") return process.stderr.write(`${logKeys}\n`), 2;
  const witnessKeys = await keys(witnesses, "--witness");
  if (typeof witnessKeys === "string") return process.stderr.write(`${witnessKeys}\n`), 2;
  const verdict = await verifyTlogProof(readFileSync(file, "utf8"), { logKeys, witnessKeys, quorum });
  if (!verdict.ok) {
    process.stdout.write(`${JSON.stringify({ valid: false, error: verdict.problem })}\n`);
    process.stderr.write(`${file}: NOT verified: ${verdict.problem}\n`);
    return 1;
  }
  process.stdout.write(`${JSON.stringify({ valid: true, origin: verdict.checkpoint.origin, treeSize: verdict.checkpoint.size.toString(), index: verdict.index.toString(), log: verdict.log, cosigners: verdict.cosigners })}\n`);
  process.stderr.write(`${file}: entry ${verdict.index} is in ${verdict.checkpoint.origin} at size ${verdict.checkpoint.size}, signed by the log and cosigned by ${verdict.cosigners.length} of ${witnessKeys.length} witness(es) (quorum ${quorum}).\n`);
  return 0;
}

export async function run(args: string[]): Promise<number> {
  if (args[0] === "verify-tlog") return verifyTlog(args.slice(1));
  const parsed = parseCommand(args, usage, {}, 1);
  if ("exit" in parsed) return parsed.exit;
  if (parsed.positionals[0] !== "verify") return usageError(usage, parsed.positionals[0] === undefined ? undefined : `Unknown arguments: ${args.join(" ")}`);

  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    const out = await proofLineOutput(line); // WebCrypto (node's globalThis.crypto.subtle), as in the browser
    if (out === null) continue;
    // Respect backpressure so a large input piped through does not pile up in memory.
    if (!process.stdout.write(`${out}\n`)) await once(process.stdout, "drain");
  }
  return 0;
}
