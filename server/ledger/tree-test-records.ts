// Test helper: n small records packed as leaf inputs, with their reference leaf hashes.
import { leafHash } from "./merkle";
import type { LeafInputs } from "./tree-chunks";

/** n records "0x00 ‖ entry-k" packed as leaf inputs, and the reference leaf hashes. */
export function records(n: number): { inputs: LeafInputs; leafHashes: Uint8Array[] } {
  const bodies = Array.from({ length: n }, (_, k) => new TextEncoder().encode(`entry-${k}-${"x".repeat(k % 7)}`));
  const offsets = new Uint32Array(n + 1);
  for (let k = 0; k < n; k++) offsets[k + 1] = offsets[k]! + 1 + bodies[k]!.length;
  const data = new Uint8Array(offsets[n]!);
  bodies.forEach((b, k) => data.set(b, offsets[k]! + 1));
  return { inputs: { data, offsets }, leafHashes: bodies.map(leafHash) };
}
