// The witnesses a community's log asks (c2sp tlog-witness, the client side): the community's list
// (name, cosignature/v1 verifier key, add-checkpoint URL) and quorum (k of n, exported as a tlog-policy),
// and askWitnesses, which the job queue runs after each finalize: the latest checkpoint goes to every
// witness with a consistency proof from the size it last cosigned (on 409, once more from the size it
// names); cosignatures are verified and stored; a refusal (an inconsistent history, a bad proof, a
// wrong key) becomes the witness's alert, shown on the public ledger page. Never part of settlement.
import { z } from "zod";
import { recordAudit, type Actor } from "@/server/audit/audit";
import type { Db, Tx } from "@/server/db/client";
import { AppError, notFound } from "@/server/errors";
import { parseVerifierKey, SIG_COSIGNATURE_V1, signNote, formatNote, type SignerKey } from "@/server/ledger/c2sp/signed-note";
import { formatTlogPolicy, POLICY_NAME } from "@/server/ledger/c2sp/tlog-policy";
import { formatAddCheckpoint, parseTlogSize } from "@/server/ledger/c2sp/witness-request";
import { storedConsistencyProof } from "@/server/ledger/tree-node-store";
import { checkpointBody, recordCosignatures, type LogCommunity } from "@/server/ledger/tlog";

export interface WitnessAnswer {
  status: number;
  contentType: string | null;
  body: string;
}

/** How the log reaches a witness: an HTTP POST (tests pass their own). */
export type PostText = (url: string, body: string) => Promise<WitnessAnswer>;

export const httpPost: PostText = async (url, body) => {
  const res = await fetch(url, { method: "POST", body, headers: { "Content-Type": "text/plain; charset=utf-8" }, signal: AbortSignal.timeout(20_000) });
  return { status: res.status, contentType: res.headers.get("content-type"), body: await res.text() };
};

const witnessInput = z.object({
  name: z.string().trim().regex(POLICY_NAME, "one word, no spaces").refine((n) => n !== "none" && n !== "witnesses", "is reserved in policies").max(100),
  verifierKey: z.string().trim().min(1).max(500),
  url: z.url().refine((u) => /^https?:\/\//.test(u), "must be an http(s) URL").max(2000),
});

export interface CommunityWitnessView {
  id: string;
  name: string;
  verifierKey: string;
  url: string;
  cosignedSize: string;
  alert: string | null;
  alertAt: string | null;
}

function view(w: { id: string; name: string; verifierKey: string; url: string; cosignedSize: bigint; alert: string | null; alertAt: Date | null }): CommunityWitnessView {
  return { id: w.id, name: w.name, verifierKey: w.verifierKey, url: w.url, cosignedSize: w.cosignedSize.toString(), alert: w.alert, alertAt: w.alertAt?.toISOString() ?? null };
}

export async function listCommunityWitnesses(db: Tx, communityId: string): Promise<{ quorum: number; witnesses: CommunityWitnessView[] }> {
  const c = await db.community.findUnique({ where: { id: communityId }, select: { witnessQuorum: true, witnesses: { orderBy: { name: "asc" } } } });
  if (!c) throw notFound("Community");
  return { quorum: c.witnessQuorum, witnesses: c.witnesses.map(view) };
}

export async function addCommunityWitness(db: Db, actor: Actor, communityId: string, input: unknown): Promise<CommunityWitnessView> {
  const parsed = witnessInput.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => ({ where: i.path.join(".") || "input", message: i.message }));
    throw new AppError("BAD_REQUEST", problems[0]?.message ?? "Invalid witness.", problems);
  }
  let key;
  try {
    key = await parseVerifierKey(parsed.data.verifierKey);
  } catch (e) {
    throw new AppError("BAD_REQUEST", "Invalid verifier key.", [{ where: "verifierKey", message: (e as Error).message }]);
  }
  if (key.type !== SIG_COSIGNATURE_V1) throw new AppError("BAD_REQUEST", "A witness's key must be a cosignature/v1 key (type 0x04).", [{ where: "verifierKey", message: "expected a key of type 0x04" }]);
  return db.$transaction(async (tx) => {
    const community = await tx.community.findUnique({ where: { id: communityId }, select: { municipalityId: true } });
    if (!community) throw notFound("Community");
    const clash = await tx.communityWitness.findFirst({ where: { communityId, OR: [{ name: parsed.data.name }, { verifierKey: key.vkey }] } });
    if (clash) throw new AppError("CONFLICT", "This community already has a witness with that name or key.", [{ where: clash.name === parsed.data.name ? "name" : "verifierKey", message: "already listed" }]);
    const row = await tx.communityWitness.create({ data: { communityId, name: parsed.data.name, verifierKey: key.vkey, url: parsed.data.url } });
    await recordAudit(tx, actor, { orgId: community.municipalityId, communityId, action: "community.witness.add", objectType: "community_witness", objectId: row.id, after: { name: row.name, verifierKey: row.verifierKey, url: row.url } });
    return view(row);
  });
}

export async function removeCommunityWitness(db: Db, actor: Actor, communityId: string, name: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const community = await tx.community.findUnique({ where: { id: communityId }, select: { municipalityId: true, witnessQuorum: true, _count: { select: { witnesses: true } } } });
    if (!community) throw notFound("Community");
    const row = await tx.communityWitness.findUnique({ where: { communityId_name: { communityId, name } } });
    if (!row) throw new AppError("NOT_FOUND", `No witness named ${name}`);
    if (community.witnessQuorum > community._count.witnesses - 1) throw new AppError("CONFLICT", `The quorum is ${community.witnessQuorum}; lower it before removing a witness.`, [{ where: "quorum", message: "would exceed the witnesses left" }]);
    await tx.communityWitness.delete({ where: { id: row.id } });
    await recordAudit(tx, actor, { orgId: community.municipalityId, communityId, action: "community.witness.remove", objectType: "community_witness", objectId: row.id, before: { name: row.name, verifierKey: row.verifierKey, url: row.url } });
  });
}

export async function setWitnessQuorum(db: Db, actor: Actor, communityId: string, quorum: number): Promise<void> {
  await db.$transaction(async (tx) => {
    const community = await tx.community.findUnique({ where: { id: communityId }, select: { municipalityId: true, witnessQuorum: true, _count: { select: { witnesses: true } } } });
    if (!community) throw notFound("Community");
    const n = community._count.witnesses;
    if (!Number.isInteger(quorum) || quorum < 0 || quorum > n) throw new AppError("BAD_REQUEST", `The quorum must be between 0 and ${n} (the witnesses listed).`, [{ where: "quorum", message: `between 0 and ${n}` }]);
    await tx.community.update({ where: { id: communityId }, data: { witnessQuorum: quorum } });
    await recordAudit(tx, actor, { orgId: community.municipalityId, communityId, action: "community.witness.quorum", objectType: "community", objectId: communityId, before: { witnessQuorum: community.witnessQuorum }, after: { witnessQuorum: quorum } });
  });
}

/**
 * A community's log and its witnesses as the console shows them: the log's origin and verifier key,
 * the witnesses, the quorum and the policy. `logSigner` gives the community's log key (http.ts:
 * communityLogFromEnv), passed in so this service reads no environment.
 */
export async function communityWitnessing(db: Tx, communityId: string, logSigner: (community: { id: string; slug: string; logOrigin: string | null }) => Promise<SignerKey>) {
  const community = await db.community.findUnique({ where: { id: communityId }, select: { id: true, slug: true, logOrigin: true } });
  if (!community) throw notFound("Community");
  const log = await logSigner(community);
  return { origin: log.name, vkey: log.vkey, ...(await listCommunityWitnesses(db, community.id)), policy: await communityPolicy(db, community.id, log) };
}

/** The community's policy in the c2sp tlog-policy format (witness URLs as submission prefixes). */
export async function communityPolicy(db: Tx, communityId: string, log: SignerKey, checkpointUrl?: string): Promise<string> {
  const { quorum, witnesses } = await listCommunityWitnesses(db, communityId);
  return formatTlogPolicy({
    log: { vkey: log.vkey, url: checkpointUrl },
    witnesses: witnesses.map((w) => ({ name: w.name, vkey: w.verifierKey, url: w.url.replace(/\/add-checkpoint$/, "") })),
    quorum,
  });
}

export type AskOutcome = { witness: string; outcome: "cosigned" | "up-to-date" | "refused" | "unreachable"; detail?: string };

const firstLine = (s: string) => s.split("\n", 1)[0]!.slice(0, 300);

/**
 * Sends the community's latest checkpoint to each of its witnesses. "unreachable" (network error,
 * 5xx, 429) is for the caller to retry later with back-off; "refused" sets the witness's alert.
 */
export async function askWitnesses(db: Tx, community: LogCommunity, log: SignerKey, opts: { post: PostText; now: Date }): Promise<AskOutcome[]> {
  const cp = await db.ledgerCheckpoint.findFirst({ where: { communityId: community.id }, orderBy: { treeSize: "desc" }, select: { treeSize: true, root: true } });
  if (!cp) return [];
  const witnesses = await db.communityWitness.findMany({ where: { communityId: community.id }, orderBy: { name: "asc" } });
  const size = cp.treeSize;
  const note = formatNote(await signNote(checkpointBody(log, { treeSize: size, root: new Uint8Array(cp.root) }), [log]));

  const outcomes: AskOutcome[] = [];
  for (const w of witnesses) {
    const refuse = async (detail: string) => {
      await db.communityWitness.update({ where: { id: w.id }, data: { alert: detail, alertAt: opts.now } });
      outcomes.push({ witness: w.name, outcome: "refused", detail });
    };
    if (w.cosignedSize === size && !w.alert) {
      outcomes.push({ witness: w.name, outcome: "up-to-date" });
      continue;
    }
    let old = w.cosignedSize > size ? 0n : w.cosignedSize; // our record ahead of our log cannot be: ask from scratch, the witness answers 409 with its size
    for (let attempt = 1; ; attempt++) {
      const proof = await storedConsistencyProof(db, community.id, Number(old), Number(size));
      let answer: WitnessAnswer;
      try {
        answer = await opts.post(w.url, formatAddCheckpoint({ oldSize: old, proof, checkpoint: note }));
      } catch (e) {
        outcomes.push({ witness: w.name, outcome: "unreachable", detail: (e as Error).message });
        break;
      }
      if (answer.status === 200) {
        try {
          const key = await parseVerifierKey(w.verifierKey);
          const { verified } = await recordCosignatures(db, community, log, size, answer.body, [key]);
          if (verified === 0) {
            await refuse("answered 200 without a cosignature by its key");
            break;
          }
        } catch (e) {
          await refuse(`answered with a cosignature that does not verify: ${(e as Error).message}`);
          break;
        }
        await db.communityWitness.update({ where: { id: w.id }, data: { cosignedSize: size, alert: null, alertAt: null } });
        outcomes.push({ witness: w.name, outcome: "cosigned" });
        break;
      }
      if (answer.status === 409) {
        const theirs = parseTlogSize(answer.body);
        if (theirs === null) await refuse(`409 without a size: ${firstLine(answer.body)}`);
        else if (theirs > size) await refuse(`the witness has cosigned size ${theirs} of this log, larger than ours (${size}): a split view?`);
        else if (theirs === old || attempt >= 2) await refuse(`409: the witness's checkpoint of size ${theirs} conflicts with ours (a rewritten history?)`);
        else {
          old = theirs;
          continue;
        }
        break;
      }
      if (answer.status >= 500 || answer.status === 429) {
        outcomes.push({ witness: w.name, outcome: "unreachable", detail: `${answer.status}: ${firstLine(answer.body)}` });
        break;
      }
      await refuse(`${answer.status}: ${firstLine(answer.body)}`);
      break;
    }
  }
  return outcomes;
}

/** The job's body: the community's log key from the environment; throws when a witness should be retried. */
export async function askCommunityWitnesses(db: Tx, communityId: string, opts: { post?: PostText; now: Date }): Promise<AskOutcome[]> {
  const community = await db.community.findUnique({ where: { id: communityId }, select: { id: true, slug: true, logOrigin: true } });
  if (!community) return [];
  const { communityLogFromEnv } = await import("./http");
  const outcomes = await askWitnesses(db, community, await communityLogFromEnv(community), { post: opts.post ?? httpPost, now: opts.now });
  const later = outcomes.filter((o) => o.outcome === "unreachable");
  if (later.length > 0) throw new Error(`witnesses to retry: ${later.map((o) => `${o.witness} (${o.detail})`).join(", ")}`);
  return outcomes;
}
