// Transparency log checkpoints (c2sp.org/tlog-checkpoint@v1.0.0): the note text of a signed note,
// `origin\nsize\nbase64(root)\n` plus optional extension lines. Pure and isomorphic.
import { fromBase64, toBase64 } from "./base64";

export interface Checkpoint {
  origin: string;
  /** Tree size (number of leaves), 0 … 2^64 − 1. */
  size: bigint;
  /** RFC 6962 root hash, 32 bytes. */
  root: Uint8Array;
  /** Opaque extension lines (without newlines), NOT RECOMMENDED but allowed. */
  extensions: string[];
}

export class CheckpointError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CheckpointError";
  }
}

const MAX_U64 = 0xffffffffffffffffn;

/** A decimal with no leading zeroes ("0" for zero) as bigint, or null. */
export function parseDecimal(text: string, max: bigint = MAX_U64): bigint | null {
  if (!/^(0|[1-9][0-9]{0,19})$/.test(text)) return null;
  const n = BigInt(text);
  return n <= max ? n : null;
}

/** Parses a checkpoint's note text (ending in a newline). Throws CheckpointError with the reason. */
export function parseCheckpoint(text: string): Checkpoint {
  if (!text.endsWith("\n")) throw new CheckpointError("the checkpoint text must end with a newline");
  const lines = text.slice(0, -1).split("\n");
  if (lines.length < 3) throw new CheckpointError("a checkpoint has at least three lines: origin, tree size, root hash");
  const [origin, sizeText, rootText, ...extensions] = lines as [string, string, string, ...string[]];
  if (origin.length === 0) throw new CheckpointError("the origin line is empty");
  const size = parseDecimal(sizeText);
  if (size === null) throw new CheckpointError(`the tree size line "${sizeText}" is not a decimal number without leading zeroes`);
  const root = fromBase64(rootText);
  if (!root || root.length !== 32) throw new CheckpointError("the root hash line is not base64 of 32 bytes");
  if (extensions.some((l) => l.length === 0)) throw new CheckpointError("extension lines must not be empty");
  return { origin, size, root, extensions };
}

export function formatCheckpoint(c: Checkpoint): string {
  if (c.origin.length === 0 || c.origin.includes("\n")) throw new CheckpointError("invalid origin");
  if (c.size < 0n || c.size > MAX_U64) throw new CheckpointError("invalid tree size");
  if (c.root.length !== 32) throw new CheckpointError("the root hash is 32 bytes");
  if (c.extensions.some((l) => l.length === 0 || l.includes("\n"))) throw new CheckpointError("invalid extension line");
  return [c.origin, c.size.toString(), toBase64(c.root), ...c.extensions].map((l) => `${l}\n`).join("");
}
