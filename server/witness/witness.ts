// Dajie as a tlog witness (c2sp.org/tlog-witness@v1.0.0): the add-checkpoint decision and the list of
// logs the platform administrator chose to witness. Takes the db first; the clock comes in as `now`.
//
// The state per origin (size, root) changes only through one compare-and-swap UPDATE … WHERE
// origin = $1 AND tree_size = $old AND root IS NOT DISTINCT FROM $oldRoot, so N concurrent requests
// for one origin change it at most once per size: PostgreSQL re-checks the WHERE of a waiting UPDATE
// against the row its competitor committed, and the losers answer 409 with the new size.
import { recordAudit, type Actor } from "@/server/audit/audit";
import type { Db, Tx } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { parseCheckpoint } from "@/server/ledger/c2sp/checkpoint";
import { cosignV1, formatSignatureLine, parseNote, parseVerifierKey, SIG_ED25519, verifyNote, type SignerKey } from "@/server/ledger/c2sp/signed-note";
import { parseAddCheckpoint } from "@/server/ledger/c2sp/witness-request";
import { EMPTY_ROOT, verifyConsistency } from "@/server/ledger/merkle";
import { logOrigin } from "@/server/ledger/tlog-keys";

export interface WitnessResponse {
  status: 200 | 400 | 403 | 404 | 409 | 422;
  contentType: string;
  body: string;
}

const TEXT = "text/plain; charset=utf-8";
const SIZE = "text/x.tlog.size";

const answer = (status: WitnessResponse["status"], body: string, contentType = TEXT): WitnessResponse => ({ status, contentType, body: body.endsWith("\n") ? body : `${body}\n` });

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** POST <prefix>/add-checkpoint, step by step as the specification orders the checks. */
export async function addCheckpoint(db: Tx, witness: SignerKey, body: string, now: Date): Promise<WitnessResponse> {
  const request = parseAddCheckpoint(body);
  if (!request.ok) return answer(400, request.problem);
  const { oldSize, proof } = request.value;
  let note, checkpoint;
  try {
    note = parseNote(request.value.checkpoint);
    checkpoint = parseCheckpoint(note.text);
  } catch (e) {
    return answer(400, `the checkpoint: ${(e as Error).message}`);
  }

  const log = await db.witnessedLog.findUnique({ where: { origin: checkpoint.origin } });
  if (!log) return answer(404, `this witness does not witness the log "${checkpoint.origin}"`);
  try {
    await verifyNote(note, [await parseVerifierKey(log.verifierKey)]);
  } catch (e) {
    return answer(403, `the checkpoint is not signed by the log's key: ${(e as Error).message}`);
  }

  if (oldSize > checkpoint.size) return answer(400, `old size ${oldSize} exceeds the checkpoint's size ${checkpoint.size}`);
  if (oldSize !== log.treeSize) return answer(409, log.treeSize.toString(), SIZE);
  const oldRoot = log.root ? new Uint8Array(log.root) : EMPTY_ROOT;
  if (oldSize === checkpoint.size && !bytesEqual(oldRoot, checkpoint.root)) return answer(409, log.treeSize.toString(), SIZE);
  const consistent = verifyConsistency({ size1: oldSize, size2: checkpoint.size, root1: oldRoot, root2: checkpoint.root, proof });
  if (!consistent.valid) return answer(422, `the consistency proof from size ${oldSize} to ${checkpoint.size} does not verify: ${consistent.error}`);

  const changed = await db.$executeRaw`
    UPDATE witnessed_log SET tree_size = ${checkpoint.size}, root = ${checkpoint.root}, updated_at = ${now}
    WHERE origin = ${checkpoint.origin} AND tree_size = ${oldSize} AND root IS NOT DISTINCT FROM ${log.root}`;
  if (changed !== 1) {
    const current = await db.witnessedLog.findUnique({ where: { origin: checkpoint.origin }, select: { treeSize: true } });
    if (!current) return answer(404, `this witness no longer witnesses the log "${checkpoint.origin}"`);
    return answer(409, current.treeSize.toString(), SIZE);
  }
  const cosignature = await cosignV1(witness, note.text, BigInt(Math.floor(now.getTime() / 1000)));
  return { status: 200, contentType: TEXT, body: formatSignatureLine(cosignature) };
}

export interface WitnessedLogView {
  origin: string;
  verifierKey: string;
  treeSize: string;
  root: string | null;
  addedBy: string;
  updatedAt: string;
}

function view(l: { origin: string; verifierKey: string; treeSize: bigint; root: Uint8Array | null; addedBy: string; updatedAt: Date }): WitnessedLogView {
  return { origin: l.origin, verifierKey: l.verifierKey, treeSize: l.treeSize.toString(), root: l.root ? Buffer.from(l.root).toString("base64") : null, addedBy: l.addedBy, updatedAt: l.updatedAt.toISOString() };
}

export async function listWitnessedLogs(db: Tx): Promise<WitnessedLogView[]> {
  return (await db.witnessedLog.findMany({ orderBy: { origin: "asc" } })).map(view);
}

/**
 * Adds a log to witness: its origin and the verifier key (type 0x01, Ed25519) of its checkpoints.
 * `ownOrigins` are this instance's own communities' origins: a log may witness itself only when
 * `allowSelf` (tests), since a self-cosignature proves nothing to anyone.
 */
export async function addWitnessedLog(
  db: Db,
  actor: Actor,
  input: { origin: string; verifierKey: string },
  opts: { ownOrigins: readonly string[]; allowSelf: boolean },
): Promise<WitnessedLogView> {
  const origin = input.origin.trim();
  if (origin.length === 0 || /[\n\u0000-\u001f]/.test(origin)) throw new AppError("BAD_REQUEST", "Invalid origin.", [{ where: "origin", message: "must be one non-empty line" }]);
  let key;
  try {
    key = await parseVerifierKey(input.verifierKey);
  } catch (e) {
    throw new AppError("BAD_REQUEST", "Invalid verifier key.", [{ where: "vkey", message: (e as Error).message }]);
  }
  if (key.type !== SIG_ED25519) throw new AppError("BAD_REQUEST", "The log's key must sign checkpoints with Ed25519 (type 0x01).", [{ where: "vkey", message: "expected a key of type 0x01" }]);
  if (!opts.allowSelf && opts.ownOrigins.includes(origin)) throw new AppError("BAD_REQUEST", "This instance cannot witness its own log.", [{ where: "origin", message: "is one of this instance's own logs" }]);
  return db.$transaction(async (tx) => {
    const existing = await tx.witnessedLog.findUnique({ where: { origin } });
    if (existing) throw new AppError("CONFLICT", `The log ${origin} is already witnessed.`, [{ where: "origin", message: "already witnessed" }]);
    const row = await tx.witnessedLog.create({ data: { origin, verifierKey: key.vkey, addedBy: actor.userId } });
    await recordAudit(tx, actor, { orgId: null, action: "witness.log.add", objectType: "witnessed_log", objectId: origin, after: { origin, verifierKey: key.vkey } });
    return view(row);
  });
}

export async function removeWitnessedLog(db: Db, actor: Actor, origin: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const existing = await tx.witnessedLog.findUnique({ where: { origin } });
    if (!existing) throw new AppError("NOT_FOUND", `The log ${origin} is not witnessed.`);
    await tx.witnessedLog.delete({ where: { origin } });
    await recordAudit(tx, actor, { orgId: null, action: "witness.log.remove", objectType: "witnessed_log", objectId: origin, before: view(existing) });
  });
}

/** The origins of this instance's own communities' logs (a log may not witness itself outside tests). */
export async function ownLogOrigins(db: Tx, appUrl: string): Promise<string[]> {
  const communities = await db.community.findMany({ select: { slug: true, logOrigin: true } });
  return communities.map((c) => logOrigin(appUrl, c));
}
