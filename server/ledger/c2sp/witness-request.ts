// The body of a tlog-witness add-checkpoint request (c2sp.org/tlog-witness@v1.0.0): an `old N`
// line, zero to 63 base64 consistency proof lines, an empty line, then the signed checkpoint note.
// Pure and isomorphic; problems name the line.
import { fromBase64, toBase64 } from "./base64";
import { parseDecimal } from "./checkpoint";

export const MAX_PROOF_LINES = 63;

export interface AddCheckpointRequest {
  oldSize: bigint;
  proof: Uint8Array[];
  /** The signed checkpoint, verbatim (note text, blank line, signatures). */
  checkpoint: string;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; problem: string };

export function parseAddCheckpoint(body: string): ParseResult<AddCheckpointRequest> {
  const fail = (problem: string): ParseResult<AddCheckpointRequest> => ({ ok: false, problem });
  const first = body.indexOf("\n");
  if (first < 0) return fail("line 1: expected `old <size>` ending in a newline");
  const oldLine = body.slice(0, first);
  if (!oldLine.startsWith("old ")) return fail("line 1: expected `old <size>`");
  const oldSize = parseDecimal(oldLine.slice(4));
  if (oldSize === null) return fail(`line 1: "${oldLine.slice(4)}" is not a tree size (decimal, no leading zeroes)`);
  const proof: Uint8Array[] = [];
  let pos = first + 1;
  let lineNo = 2;
  for (;;) {
    const end = body.indexOf("\n", pos);
    if (end < 0) return fail(`line ${lineNo}: expected a proof hash or an empty line ending in a newline`);
    const line = body.slice(pos, end);
    pos = end + 1;
    if (line === "") break;
    if (proof.length === MAX_PROOF_LINES) return fail(`line ${lineNo}: more than ${MAX_PROOF_LINES} consistency proof lines`);
    const h = fromBase64(line);
    if (!h || h.length !== 32) return fail(`line ${lineNo}: not base64 of a 32-byte hash`);
    proof.push(h);
    lineNo++;
  }
  const checkpoint = body.slice(pos);
  if (checkpoint.length === 0) return fail(`line ${lineNo + 1}: the signed checkpoint is missing`);
  return { ok: true, value: { oldSize, proof, checkpoint } };
}

export function formatAddCheckpoint(r: AddCheckpointRequest): string {
  return `old ${r.oldSize.toString()}\n${r.proof.map((h) => `${toBase64(h)}\n`).join("")}\n${r.checkpoint}`;
}

/** The body of a 409 answer (`text/x.tlog.size`): the size in decimal and a newline. */
export function parseTlogSize(body: string): bigint | null {
  return body.endsWith("\n") ? parseDecimal(body.slice(0, -1)) : null;
}
