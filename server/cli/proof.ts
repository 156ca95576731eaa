// `npm run -s dajie -- proof verify`: checks Merkle inclusion and consistency proofs given as JSON
// lines on stdin, one verdict line per non-blank input line on stdout.
import { once } from "node:events";
import { createInterface } from "node:readline";
import { proofLineOutput } from "../ledger/proof-json";

const usage = `Usage: npm run -s dajie -- proof verify < proofs.jsonl
Each stdin line is one JSON object:
  {"type": "inclusion", "leafIndex", "treeSize", "leafHash", "proof": [hex...], "root"}
  {"type": "consistency", "size1", "size2", "root1", "root2", "proof": [hex...]}
Prints {"valid": true} or {"valid": false, "error": "..."} per line; blank lines are skipped.
`;

export async function run(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === "help" || sub === "--help") {
    process.stderr.write(usage);
    return 0;
  }
  if (sub !== "verify" || rest.length > 0) {
    process.stderr.write(sub === undefined ? usage : `Unknown arguments: ${args.join(" ")}\n${usage}`);
    return 2;
  }

  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    const out = await proofLineOutput(line); // WebCrypto (node's globalThis.crypto.subtle), as in the browser
    if (out === null) continue;
    // Respect backpressure so a large input piped through does not pile up in memory.
    if (!process.stdout.write(`${out}\n`)) await once(process.stdout, "drain");
  }
  return 0;
}
