// One JSON line in, one verdict line out: the pure core of `dajie proof verify`, and what the
// resident's browser runs on the very lines it offers for download. Isomorphic: the hash is passed in
// (WebCrypto by default, in node as in the browser).
import { z } from "zod";
import { fromHex } from "./hex";
import { runAsync, consistencySteps, inclusionSteps, webCryptoSha256, type Sha256, type VerifyResult } from "./verify-proof";

const hexHash = z
  .string({ error: "expected a hex string" })
  .regex(/^[0-9a-fA-F]{64}$/, { error: "expected 64 hex characters (32 bytes)" })
  .transform((s) => fromHex(s));

// JSON numbers beyond 2^53 are already rounded by JSON.parse, so they are refused, not trusted.
const count = z
  .number({ error: "expected a non-negative integer" })
  .refine((n) => Number.isSafeInteger(n) && n >= 0, { error: "expected a non-negative integer below 2^53" });

const proof = z.array(hexHash, { error: "expected an array of hex hashes" });

const inclusionLine = z.strictObject({
  type: z.literal("inclusion"),
  leafIndex: count,
  treeSize: count,
  leafHash: hexHash,
  proof,
  root: hexHash,
});

const consistencyLine = z.strictObject({
  type: z.literal("consistency"),
  size1: count,
  size2: count,
  root1: hexHash,
  root2: hexHash,
  proof,
});

const proofLine = z.discriminatedUnion("type", [inclusionLine, consistencyLine], {
  error: 'expected "inclusion" or "consistency"',
});

/** The JSON object of an inclusion proof line, as `proof verify` reads it. */
export interface InclusionProofJson {
  type: "inclusion";
  leafIndex: number;
  treeSize: number;
  leafHash: string;
  proof: string[];
  root: string;
}

/** Verifies one input line; null for a blank line (skipped, no output). */
export async function verifyProofLine(line: string, sha256: Sha256 = webCryptoSha256): Promise<VerifyResult | null> {
  const text = line.trim();
  if (text === "") return null;

  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { valid: false, error: `invalid JSON: ${(e as Error).message}` };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { valid: false, error: "expected a JSON object" };
  }

  const parsed = proofLine.safeParse(value);
  if (!parsed.success) {
    return { valid: false, error: parsed.error.issues.map((i) => `${pathLabel(i.path)}: ${i.message}`).join("; ") };
  }
  const p = parsed.data;
  return runAsync(p.type === "inclusion" ? inclusionSteps(p) : consistencySteps(p), sha256);
}

/** The output line for one input line, in the documented format; null for a blank line. */
export async function proofLineOutput(line: string, sha256: Sha256 = webCryptoSha256): Promise<string | null> {
  const result = await verifyProofLine(line, sha256);
  if (result === null) return null;
  return result.valid ? `{"valid": true}` : `{"valid": false, "error": ${JSON.stringify(result.error)}}`;
}

function pathLabel(path: readonly PropertyKey[]): string {
  if (path.length === 0) return "line";
  return path.map((k, i) => (typeof k === "number" ? `[${k}]` : i === 0 ? String(k) : `.${String(k)}`)).join("");
}
