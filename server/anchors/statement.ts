// The canonical checkpoint statement: the exact bytes every anchor sink publishes. Pure and
// isomorphic (browser and node): no clock, no node modules.
//
//   dajie-checkpoint/1 <community id> <tree size> <root>
//
// One line of ASCII, fields separated by one space, no trailing newline: the format tag, the
// community's id (a lowercase UUID; ids never change, slugs may), the tree size in decimal without
// leading zeros, and the Merkle root as 64 lowercase hex digits. Anything else is not a statement.
export const STATEMENT_FORMAT = "dajie-checkpoint/1";

export interface CheckpointRef {
  communityId: string;
  treeSize: bigint;
  /** 64 lowercase hex digits. */
  root: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SIZE = /^[1-9][0-9]{0,18}$/;
const ROOT = /^[0-9a-f]{64}$/;

export function checkpointStatement(c: CheckpointRef): string {
  const size = c.treeSize.toString();
  if (!UUID.test(c.communityId)) throw new RangeError(`community id must be a lowercase UUID, got ${JSON.stringify(c.communityId)}`);
  if (!SIZE.test(size)) throw new RangeError(`tree size must be a positive whole number, got ${size}`);
  if (!ROOT.test(c.root)) throw new RangeError("root must be 64 lowercase hex digits");
  return `${STATEMENT_FORMAT} ${c.communityId} ${size} ${c.root}`;
}

/** The statement's bytes (ASCII, so UTF-8 is the same). */
export function statementBytes(statement: string): Uint8Array {
  return new TextEncoder().encode(statement);
}

/** Parses a statement strictly; null when the text is not exactly one. */
export function parseStatement(text: string): CheckpointRef | null {
  const parts = text.split(" ");
  if (parts.length !== 4 || parts[0] !== STATEMENT_FORMAT) return null;
  const [, communityId, size, root] = parts as [string, string, string, string];
  if (!UUID.test(communityId) || !SIZE.test(size) || !ROOT.test(root)) return null;
  return { communityId, treeSize: BigInt(size), root };
}
