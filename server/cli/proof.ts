// `npm run -s dajie -- proof verify`: checks Merkle inclusion and consistency proofs given as JSON
// lines on stdin, one verdict line per non-blank input line on stdout.
import { once } from "node:events";
import { createInterface } from "node:readline";
import { proofLineOutput } from "../ledger/proof-json";
import { parseCommand, usageError } from "./_args";

const usage = `Usage: npm run -s dajie -- proof verify < proofs.jsonl
Each stdin line is one JSON object:
  {"type": "inclusion", "leafIndex", "treeSize", "leafHash", "proof": [hex...], "root"}
  {"type": "consistency", "size1", "size2", "root1", "root2", "proof": [hex...]}
Prints {"valid": true} or {"valid": false, "error": "..."} per line; blank lines are skipped.
`;

export async function run(args: string[]): Promise<number> {
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
