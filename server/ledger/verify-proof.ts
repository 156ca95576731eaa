// RFC 9162 verification of Merkle inclusion and consistency proofs: the one implementation used by
// the resident's browser ("Verify my credit", WebCrypto), the CLI (`dajie proof verify`, node's
// WebCrypto) and the server's synchronous helpers in merkle.ts.
//
// Isomorphic and pure (no node modules, no Buffer): the algorithms are generators that yield the
// bytes they need hashed and receive the SHA-256 back, so one body of code runs with an async hash
// (runAsync: crypto.subtle.digest) or a sync one (runSync: node's crypto.hash), and both give the
// same verdicts and the same messages. Sizes and indices are handled as bigint so that shifting
// stays exact beyond 2^31 leaves (JS bitwise operators are 32-bit).
import { toHex } from "./hex";

export const HASH_SIZE = 32;

export type VerifyResult = { valid: true } | { valid: false; error: string };

/** SHA-256 of some bytes, asynchronously (WebCrypto's digest is async everywhere). */
export type Sha256 = (data: Uint8Array) => Promise<Uint8Array>;

/** SHA-256 through WebCrypto: crypto.subtle in browsers, globalThis.crypto.subtle in node ≥ 19. */
export const webCryptoSha256: Sha256 = async (data) => {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) throw new Error("WebCrypto (crypto.subtle) is not available here; it needs a secure context (https or localhost).");
  return new Uint8Array(await subtle.digest("SHA-256", data as Uint8Array<ArrayBuffer>));
};

/** A computation that yields the bytes it needs hashed and gets their SHA-256 back. */
export type HashSteps<T> = Generator<Uint8Array, T, Uint8Array>;

export async function runAsync<T>(steps: HashSteps<T>, sha256: Sha256): Promise<T> {
  let step = steps.next();
  while (!step.done) step = steps.next(await sha256(step.value));
  return step.value;
}

export function runSync<T>(steps: HashSteps<T>, sha256: (data: Uint8Array) => Uint8Array): T {
  let step = steps.next();
  while (!step.done) step = steps.next(sha256(step.value));
  return step.value;
}

export interface InclusionInput {
  leafIndex: number | bigint;
  treeSize: number | bigint;
  leafHash: Uint8Array;
  proof: readonly Uint8Array[];
  root: Uint8Array;
}

export interface ConsistencyInput {
  size1: number | bigint;
  size2: number | bigint;
  root1: Uint8Array;
  root2: Uint8Array;
  proof: readonly Uint8Array[];
}

/** SHA-256(0x00 ‖ bytes): an RFC 6962 leaf hash, which is also a Dajie ledger entry's hash. */
export function* leafHashSteps(bytes: Uint8Array): HashSteps<Uint8Array> {
  const buf = new Uint8Array(1 + bytes.length);
  buf.set(bytes, 1);
  return yield buf;
}

export function leafHash(bytes: Uint8Array, sha256: Sha256 = webCryptoSha256): Promise<Uint8Array> {
  return runAsync(leafHashSteps(bytes), sha256);
}

function* nodeHash(left: Uint8Array, right: Uint8Array): HashSteps<Uint8Array> {
  const buf = new Uint8Array(1 + 2 * HASH_SIZE);
  buf[0] = 0x01;
  buf.set(left, 1);
  buf.set(right, 1 + HASH_SIZE);
  return yield buf;
}

/** RFC 9162 §2.1.3.2. */
export function* inclusionSteps(input: InclusionInput): HashSteps<VerifyResult> {
  const index = toBig(input.leafIndex, "leafIndex");
  if (typeof index === "string") return fail(index);
  const size = toBig(input.treeSize, "treeSize");
  if (typeof size === "string") return fail(size);
  if (index >= size) return fail(`leafIndex ${index} must be less than treeSize ${size}`);

  const shapeError = checkHash(input.leafHash, "leafHash") ?? checkHash(input.root, "root") ?? checkProofHashes(input.proof);
  if (shapeError) return fail(shapeError);

  const expected = inclusionProofLength(index, size);
  if (input.proof.length !== expected) {
    return fail(`proof has ${input.proof.length} hashes; leaf ${index} of a tree of ${size} needs exactly ${expected}`);
  }

  let fn = index;
  let sn = size - 1n;
  let r = input.leafHash;
  for (const p of input.proof) {
    if (fn % 2n === 1n || fn === sn) {
      r = yield* nodeHash(p, r);
      // A right-edge node without a sibling at this level: climb until it is a right child.
      while (fn % 2n === 0n && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else {
      r = yield* nodeHash(r, p);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  if (!bytesEqual(r, input.root)) return fail(`proof leads to root ${toHex(r)}, expected ${toHex(input.root)}`);
  return { valid: true };
}

/**
 * RFC 9162 §2.1.4.2. The RFC algorithm covers 0 < size1 < size2; the edge cases follow from the
 * definitions: equal sizes need equal roots and an empty proof, and size1 = 0 needs root1 = MTH({})
 * and an empty proof (every tree extends the empty tree).
 */
export function* consistencySteps(input: ConsistencyInput): HashSteps<VerifyResult> {
  const size1 = toBig(input.size1, "size1");
  if (typeof size1 === "string") return fail(size1);
  const size2 = toBig(input.size2, "size2");
  if (typeof size2 === "string") return fail(size2);
  if (size1 > size2) return fail(`size1 ${size1} must not exceed size2 ${size2}`);

  const shapeError = checkHash(input.root1, "root1") ?? checkHash(input.root2, "root2") ?? checkProofHashes(input.proof);
  if (shapeError) return fail(shapeError);

  const { root1, root2, proof } = input;
  if (size1 === 0n) {
    if (proof.length !== 0) return fail(`proof has ${proof.length} hashes; size1 0 needs an empty proof`);
    const empty = yield new Uint8Array(0); // MTH({}) = SHA-256("")
    if (!bytesEqual(root1, empty)) return fail(`root1 ${toHex(root1)} is not the empty tree root ${toHex(empty)}`);
    if (size2 === 0n && !bytesEqual(root2, empty)) return fail(`root2 ${toHex(root2)} is not the empty tree root ${toHex(empty)}`);
    return { valid: true };
  }
  if (size1 === size2) {
    if (proof.length !== 0) return fail(`proof has ${proof.length} hashes; equal sizes need an empty proof`);
    if (!bytesEqual(root1, root2)) return fail(`root1 ${toHex(root1)} and root2 ${toHex(root2)} differ for equal sizes ${size1}`);
    return { valid: true };
  }

  const expected = consistencyProofLength(size1, size2);
  if (proof.length !== expected) return fail(`proof has ${proof.length} hashes; sizes ${size1} → ${size2} need exactly ${expected}`);

  // Step 2: when size1 is a power of two the old root is itself a node of the new tree.
  const path = isPowerOfTwo(size1) ? [root1, ...proof] : proof;
  let fn = size1 - 1n;
  let sn = size2 - 1n;
  while (fn % 2n === 1n) {
    fn >>= 1n;
    sn >>= 1n;
  }
  let fr = path[0]!;
  let sr = path[0]!;
  for (let i = 1; i < path.length; i++) {
    const c = path[i]!;
    if (fn % 2n === 1n || fn === sn) {
      fr = yield* nodeHash(c, fr);
      sr = yield* nodeHash(c, sr);
      while (fn % 2n === 0n && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else {
      sr = yield* nodeHash(sr, c);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  if (!bytesEqual(fr, root1)) return fail(`proof leads to root1 ${toHex(fr)}, expected ${toHex(root1)}`);
  if (!bytesEqual(sr, root2)) return fail(`proof leads to root2 ${toHex(sr)}, expected ${toHex(root2)}`);
  return { valid: true };
}

export function verifyInclusion(input: InclusionInput, sha256: Sha256 = webCryptoSha256): Promise<VerifyResult> {
  return runAsync(inclusionSteps(input), sha256);
}

export function verifyConsistency(input: ConsistencyInput, sha256: Sha256 = webCryptoSha256): Promise<VerifyResult> {
  return runAsync(consistencySteps(input), sha256);
}

// The length checks replay the verification loops on the sizes alone, so a proof with a missing or
// extra hash is rejected with the count it should have had instead of a bare root mismatch.
function inclusionProofLength(index: bigint, size: bigint): number {
  return pathLength(index, size - 1n);
}

function consistencyProofLength(size1: bigint, size2: bigint): number {
  let fn = size1 - 1n;
  let sn = size2 - 1n;
  while (fn % 2n === 1n) {
    fn >>= 1n;
    sn >>= 1n;
  }
  const n = pathLength(fn, sn);
  return isPowerOfTwo(size1) ? n : n + 1;
}

function pathLength(fn: bigint, sn: bigint): number {
  let n = 0;
  while (sn !== 0n) {
    if (fn % 2n === 1n || fn === sn) {
      while (fn % 2n === 0n && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    }
    fn >>= 1n;
    sn >>= 1n;
    n++;
  }
  return n;
}

function isPowerOfTwo(n: bigint): boolean {
  return n > 0n && (n & (n - 1n)) === 0n;
}

/** A non-negative safe integer as bigint, or an error message. */
function toBig(v: number | bigint, name: string): bigint | string {
  if (typeof v === "bigint") return v >= 0n ? v : `${name} must be non-negative, got ${v}`;
  if (typeof v !== "number" || !Number.isSafeInteger(v)) return `${name} must be a non-negative safe integer, got ${String(v)}`;
  if (v < 0) return `${name} must be non-negative, got ${v}`;
  return BigInt(v);
}

function checkHash(h: Uint8Array, name: string): string | undefined {
  if (!(h instanceof Uint8Array)) return `${name} must be bytes`;
  if (h.length !== HASH_SIZE) return `${name} is ${h.length} bytes, expected ${HASH_SIZE}`;
  return undefined;
}

function checkProofHashes(proof: readonly Uint8Array[]): string | undefined {
  if (!Array.isArray(proof)) return "proof must be an array of hashes";
  for (let i = 0; i < proof.length; i++) {
    const err = checkHash(proof[i]!, `proof[${i}]`);
    if (err) return err;
  }
  return undefined;
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function fail(error: string): VerifyResult {
  return { valid: false, error };
}
