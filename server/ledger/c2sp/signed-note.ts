// C2SP signed notes (c2sp.org/signed-note@v1.0.0): text followed by a blank line and one or more
// signature lines `— <key name> base64(key ID ‖ signature)`, verifier keys `name+hex(id)+base64(type ‖
// key)` and signer keys `PRIVATE+KEY+name+hex(id)+base64(type ‖ seed)` (the Go ecosystem's format).
//
// Isomorphic and pure: WebCrypto only (SHA-256 and Ed25519 in crypto.subtle: Node ≥ 20 and current
// browsers), no node modules, no clock, no randomness (Ed25519 signing is deterministic).
import { fromBase64, toBase64 } from "./base64";

/** Signature type identifier bytes (signed-note §Signature types). */
export const SIG_ED25519 = 0x01;
export const SIG_COSIGNATURE_V1 = 0x04;

/** We accept at least the 16 signatures the spec requires, and refuse absurd notes. */
export const MAX_SIGNATURES = 100;

const EM_DASH = "\u2014";

export class NoteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NoteError";
  }
}

export interface NoteSignature {
  name: string;
  /** uint32, big-endian in the encoding. */
  keyId: number;
  /** The signature bytes after the 4-byte key ID. */
  signature: Uint8Array;
}

export interface Note {
  /** The note text, including its final newline, without the separating blank line. */
  text: string;
  signatures: NoteSignature[];
}

export interface Verifier {
  name: string;
  keyId: number;
  /** Whether `signature` (without the key ID) is valid over `text` (the note text's UTF-8 bytes). */
  verify(text: Uint8Array, signature: Uint8Array): Promise<boolean>;
}

export interface Signer {
  name: string;
  keyId: number;
  sign(text: Uint8Array): Promise<Uint8Array>;
}

const utf8 = new TextEncoder();

function subtle(): SubtleCrypto {
  const s = globalThis.crypto?.subtle;
  if (!s) throw new Error("WebCrypto (crypto.subtle) is not available here; it needs a secure context (https or localhost).");
  return s;
}

/** Key names are non-empty, without Unicode spaces or '+'. */
export function isValidKeyName(name: string): boolean {
  return name.length > 0 && !/[\s+\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/u.test(name) && !hasControl(name);
}

function hasControl(s: string): boolean {
  return /[\u0000-\u0009\u000b-\u001f]/.test(s);
}

/** key ID = SHA-256(key name ‖ 0x0A ‖ signature type ‖ public key)[:4], as a uint32. */
export async function keyId(name: string, type: number, publicKey: Uint8Array): Promise<number> {
  const n = utf8.encode(name);
  const buf = new Uint8Array(n.length + 2 + publicKey.length);
  buf.set(n, 0);
  buf[n.length] = 0x0a;
  buf[n.length + 1] = type;
  buf.set(publicKey, n.length + 2);
  const h = new Uint8Array(await subtle().digest("SHA-256", buf));
  return ((h[0]! << 24) | (h[1]! << 16) | (h[2]! << 8) | h[3]!) >>> 0;
}

export function keyIdHex(id: number): string {
  return id.toString(16).padStart(8, "0");
}

/** Parses a signed note. Throws NoteError with the reason when it is not well-formed. */
export function parseNote(input: string | Uint8Array): Note {
  let s: string;
  if (typeof input === "string") s = input;
  else {
    try {
      s = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(input);
    } catch {
      throw new NoteError("the note is not valid UTF-8");
    }
  }
  if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s)) throw new NoteError("the note is not valid UTF-8");
  if (hasControl(s)) throw new NoteError("the note contains a control character other than newline");
  if (!s.endsWith("\n")) throw new NoteError("the note does not end with a newline");
  const split = s.lastIndexOf("\n\n");
  if (split < 0) throw new NoteError("the note has no blank line before its signatures");
  const text = s.slice(0, split + 1);
  const lines = s.slice(split + 2, -1).split("\n");
  if (lines.length > MAX_SIGNATURES) throw new NoteError(`the note has more than ${MAX_SIGNATURES} signatures`);
  const signatures = lines.map((line, i) => parseSignatureLine(line, i + 1));
  return { text, signatures };
}

function parseSignatureLine(line: string, n: number): NoteSignature {
  if (!line.startsWith(`${EM_DASH} `)) throw new NoteError(`signature line ${n} does not start with "— "`);
  const rest = line.slice(2);
  const space = rest.indexOf(" ");
  if (space < 0) throw new NoteError(`signature line ${n} has no space between key name and signature`);
  const name = rest.slice(0, space);
  if (!isValidKeyName(name)) throw new NoteError(`signature line ${n} has an invalid key name`);
  const sig = fromBase64(rest.slice(space + 1));
  if (!sig || sig.length < 5) throw new NoteError(`signature line ${n} is not base64 of a key ID and a signature`);
  const keyId = ((sig[0]! << 24) | (sig[1]! << 16) | (sig[2]! << 8) | sig[3]!) >>> 0;
  return { name, keyId, signature: sig.slice(4) };
}

export function formatSignatureLine(s: NoteSignature): string {
  const buf = new Uint8Array(4 + s.signature.length);
  buf[0] = s.keyId >>> 24;
  buf[1] = (s.keyId >>> 16) & 0xff;
  buf[2] = (s.keyId >>> 8) & 0xff;
  buf[3] = s.keyId & 0xff;
  buf.set(s.signature, 4);
  return `${EM_DASH} ${s.name} ${toBase64(buf)}\n`;
}

export function formatNote(note: Note): string {
  if (!note.text.endsWith("\n")) throw new NoteError("the note text must end with a newline");
  return `${note.text}\n${note.signatures.map(formatSignatureLine).join("")}`;
}

export interface VerifiedNote extends Note {
  /** Signatures by known keys that verified. */
  verified: NoteSignature[];
}

/**
 * Verifies a note against known verifiers. Signatures whose (name, key ID) match no verifier are
 * ignored; a matching signature that fails to verify rejects the whole note; at least one known
 * signature must verify.
 */
export async function verifyNote(input: string | Uint8Array | Note, verifiers: readonly Verifier[]): Promise<VerifiedNote> {
  const note = typeof input === "object" && "signatures" in input ? input : parseNote(input);
  const text = utf8.encode(note.text);
  const verified: NoteSignature[] = [];
  for (const sig of note.signatures) {
    const v = verifiers.find((k) => k.name === sig.name && k.keyId === sig.keyId);
    if (!v) continue;
    if (!(await v.verify(text, sig.signature))) throw new NoteError(`the signature by ${sig.name}+${keyIdHex(sig.keyId)} does not verify`);
    if (!verified.some((x) => x.name === sig.name && x.keyId === sig.keyId)) verified.push(sig);
  }
  if (verified.length === 0) throw new NoteError("no signature by a known key");
  return { ...note, verified };
}

/** Signs a note text with each signer; returns the note with existing signatures kept first. */
export async function signNote(text: string | Note, signers: readonly Signer[]): Promise<Note> {
  const note: Note = typeof text === "string" ? { text, signatures: [] } : text;
  if (!note.text.endsWith("\n")) throw new NoteError("the note text must end with a newline");
  if (hasControl(note.text)) throw new NoteError("the note text contains a control character other than newline");
  const bytes = utf8.encode(note.text);
  const added: NoteSignature[] = [];
  for (const s of signers) {
    if ("type" in s && s.type === SIG_COSIGNATURE_V1) throw new NoteError("a 0x04 key cosigns checkpoints (cosignV1); it does not sign note text directly");
    added.push({ name: s.name, keyId: s.keyId, signature: await s.sign(bytes) });
  }
  return { text: note.text, signatures: [...note.signatures, ...added] };
}

// ───────────── Ed25519 ─────────────

/** PKCS#8 wrapping of a raw Ed25519 seed (RFC 8410). */
const PKCS8_PREFIX = [0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20];

export async function ed25519Verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): Promise<boolean> {
  if (publicKey.length !== 32 || signature.length !== 64) return false;
  try {
    const key = await subtle().importKey("raw", publicKey as Uint8Array<ArrayBuffer>, { name: "Ed25519" }, false, ["verify"]);
    return await subtle().verify({ name: "Ed25519" }, key, signature as Uint8Array<ArrayBuffer>, message as Uint8Array<ArrayBuffer>);
  } catch {
    return false; // a public key that is not a curve point
  }
}

export interface Ed25519Key {
  publicKey: Uint8Array;
  sign(message: Uint8Array): Promise<Uint8Array>;
}

export async function ed25519FromSeed(seed: Uint8Array): Promise<Ed25519Key> {
  if (seed.length !== 32) throw new RangeError("an Ed25519 seed is 32 bytes");
  const pkcs8 = new Uint8Array(PKCS8_PREFIX.length + 32);
  pkcs8.set(PKCS8_PREFIX, 0);
  pkcs8.set(seed, PKCS8_PREFIX.length);
  const key = await subtle().importKey("pkcs8", pkcs8, { name: "Ed25519" }, true, ["sign"]);
  const jwk = await subtle().exportKey("jwk", key);
  const publicKey = fromBase64(jwk.x!.replace(/-/g, "+").replace(/_/g, "/").padEnd(44, "="))!;
  return { publicKey, sign: async (m) => new Uint8Array(await subtle().sign({ name: "Ed25519" }, key, m as Uint8Array<ArrayBuffer>)) };
}

// ───────────── Key strings ─────────────

/** Splits at the first n − 1 '+' characters; null when there are fewer. */
function splitPlus(s: string, n: number): string[] | null {
  const out: string[] = [];
  let rest = s;
  for (let i = 1; i < n; i++) {
    const p = rest.indexOf("+");
    if (p < 0) return null;
    out.push(rest.slice(0, p));
    rest = rest.slice(p + 1);
  }
  out.push(rest);
  return out;
}

export interface VerifierKey extends Verifier {
  type: number;
  publicKey: Uint8Array;
  /** The vkey string. */
  vkey: string;
}

/**
 * Parses a verifier key `name+hex(id)+base64(type ‖ key)` of type 0x01 (Ed25519 note signature) or
 * 0x04 (cosignature/v1). The key ID must be the one the spec derives from name, type and key.
 */
export async function parseVerifierKey(vkey: string): Promise<VerifierKey> {
  // The base64 part may itself contain '+': split at the first two only.
  const parts = splitPlus(vkey.trim(), 3);
  if (!parts) throw new NoteError("a verifier key is name+keyid+base64key");
  const [name, idHex, b64] = parts as [string, string, string];
  if (!isValidKeyName(name)) throw new NoteError("the verifier key's name is empty or has spaces");
  if (!/^[0-9a-f]{8}$/.test(idHex)) throw new NoteError("the verifier key's id must be 8 lowercase hex digits");
  const raw = fromBase64(b64);
  if (!raw || raw.length !== 33) throw new NoteError("the verifier key's key must be base64 of a type byte and a 32-byte Ed25519 key");
  const type = raw[0]!;
  const publicKey = raw.slice(1);
  if (type !== SIG_ED25519 && type !== SIG_COSIGNATURE_V1) throw new NoteError(`unsupported signature type 0x${type.toString(16).padStart(2, "0")} (this verifier knows 0x01 Ed25519 and 0x04 cosignature/v1)`);
  const id = await keyId(name, type, publicKey);
  if (keyIdHex(id) !== idHex) throw new NoteError(`the verifier key's id ${idHex} does not match its name and key (expected ${keyIdHex(id)})`);
  const verify = type === SIG_ED25519 ? (text: Uint8Array, sig: Uint8Array) => ed25519Verify(publicKey, text, sig) : cosignatureV1Verify(publicKey);
  return { name, keyId: id, type, publicKey, vkey: `${name}+${idHex}+${b64}`, verify };
}

export async function formatVerifierKey(name: string, type: number, publicKey: Uint8Array): Promise<string> {
  if (!isValidKeyName(name)) throw new NoteError("invalid key name");
  const raw = new Uint8Array(33);
  raw[0] = type;
  raw.set(publicKey, 1);
  return `${name}+${keyIdHex(await keyId(name, type, publicKey))}+${toBase64(raw)}`;
}

export interface SignerKey extends Signer {
  type: number;
  publicKey: Uint8Array;
  /** The matching verifier key string. */
  vkey: string;
}

/** A signer from a raw 32-byte seed: Ed25519 note signatures (0x01) or cosignature/v1 (0x04). */
export async function signerFromSeed(name: string, type: number, seed: Uint8Array): Promise<SignerKey> {
  if (type !== SIG_ED25519 && type !== SIG_COSIGNATURE_V1) throw new NoteError("only types 0x01 and 0x04 can sign here");
  const key = await ed25519FromSeed(seed);
  const vkey = await formatVerifierKey(name, type, key.publicKey);
  const id = await keyId(name, type, key.publicKey);
  return { name, keyId: id, type, publicKey: key.publicKey, vkey, sign: key.sign };
}

/** `PRIVATE+KEY+name+hex(id)+base64(type ‖ seed)`, the signer key format of golang.org/x/mod/sumdb/note. */
export async function parseSignerKey(skey: string): Promise<SignerKey> {
  const parts = splitPlus(skey.trim(), 5);
  if (!parts || parts[0] !== "PRIVATE" || parts[1] !== "KEY") throw new NoteError("a signer key is PRIVATE+KEY+name+keyid+base64key");
  const [, , name, idHex, b64] = parts as [string, string, string, string, string];
  const raw = fromBase64(b64);
  if (!raw || raw.length !== 33) throw new NoteError("the signer key's key must be base64 of a type byte and a 32-byte seed");
  const signer = await signerFromSeed(name, raw[0]!, raw.slice(1));
  if (keyIdHex(signer.keyId) !== idHex) throw new NoteError("the signer key's id does not match its name and key");
  return signer;
}

export async function formatSignerKey(name: string, type: number, seed: Uint8Array): Promise<string> {
  const s = await signerFromSeed(name, type, seed);
  const raw = new Uint8Array(33);
  raw[0] = type;
  raw.set(seed, 1);
  return `PRIVATE+KEY+${name}+${keyIdHex(s.keyId)}+${toBase64(raw)}`;
}

// ───────────── cosignature/v1 (c2sp.org/tlog-cosignature@v1.0.1) ─────────────

/** "cosignature/v1\ntime <t>\n" ‖ the checkpoint's note text. */
export function cosignatureV1Message(text: Uint8Array, timestamp: bigint): Uint8Array {
  const head = utf8.encode(`cosignature/v1\ntime ${timestamp.toString()}\n`);
  const buf = new Uint8Array(head.length + text.length);
  buf.set(head, 0);
  buf.set(text, head.length);
  return buf;
}

/** The 72-byte timestamped_signature: u64 timestamp (big-endian) ‖ 64-byte Ed25519 signature. */
export function splitTimestampedSignature(sig: Uint8Array): { timestamp: bigint; signature: Uint8Array } | null {
  if (sig.length !== 72) return null;
  const timestamp = new DataView(sig.buffer, sig.byteOffset, 8).getBigUint64(0, false);
  if (timestamp > 0x7fffffffffffffffn) return null;
  return { timestamp, signature: sig.slice(8) };
}

export function joinTimestampedSignature(timestamp: bigint, signature: Uint8Array): Uint8Array {
  if (timestamp < 0n || timestamp > 0x7fffffffffffffffn) throw new RangeError("a cosignature timestamp is 0 … 2^63 − 1");
  const out = new Uint8Array(72);
  new DataView(out.buffer).setBigUint64(0, timestamp, false);
  out.set(signature, 8);
  return out;
}

function cosignatureV1Verify(publicKey: Uint8Array) {
  return async (text: Uint8Array, sig: Uint8Array): Promise<boolean> => {
    const ts = splitTimestampedSignature(sig);
    if (!ts) return false;
    return ed25519Verify(publicKey, cosignatureV1Message(text, ts.timestamp), ts.signature);
  };
}

/** Signs a checkpoint's note text as a cosignature/v1 at `timestamp` (POSIX seconds) with a 0x04 signer's seed key. */
export async function cosignV1(signer: SignerKey, text: string, timestamp: bigint): Promise<NoteSignature> {
  if (signer.type !== SIG_COSIGNATURE_V1) throw new NoteError("a cosignature needs a key of type 0x04");
  const sig = await signer.sign(cosignatureV1Message(utf8.encode(text), timestamp));
  return { name: signer.name, keyId: signer.keyId, signature: joinTimestampedSignature(timestamp, sig) };
}

/** The timestamp of a cosignature/v1 signature, or null when it is not 72 bytes. */
export function cosignatureTimestamp(sig: NoteSignature): bigint | null {
  return splitTimestampedSignature(sig.signature)?.timestamp ?? null;
}
