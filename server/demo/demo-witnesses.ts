// The demo's witnesses: Solaria's ledger is witnessed by two neighbours, Comune di Borgo and Helios
// ESCO, quorum 2 of 2, so the resident's "Verify my credit" names who vouched. There is no second
// instance in the demo, so this one plays both neighbours: their cosignature/v1 keys are derived from
// the demo's secret (HKDF of BETTER_AUTH_SECRET, one label per witness), the log is registered in
// this instance's witnessed_log, and the log's own job (askWitnesses) sends the latest checkpoint to
// the witness service (addCheckpoint) in process instead of over HTTP. The cosignatures are made and
// stored by the real code paths, never written by hand.
import { hkdfSync } from "node:crypto";
import type { Db } from "@/server/db/client";
import { env } from "@/server/env";
import { SIG_COSIGNATURE_V1, signerFromSeed, type SignerKey } from "@/server/ledger/c2sp/signed-note";
import { communityLogSigner, keyConfigFromEnv } from "@/server/ledger/tlog-keys";
import { addCommunityWitness, askWitnesses, setWitnessQuorum, type AskOutcome } from "@/server/witness/log-witnesses";
import { addCheckpoint, addWitnessedLog } from "@/server/witness/witness";

export const DEMO_WITNESSES = [
  { name: "comune-di-borgo", keyName: "dajie.comune-di-borgo.example", url: "https://dajie.comune-di-borgo.example/api/witness/add-checkpoint" },
  { name: "helios-esco", keyName: "witness.helios.example", url: "https://witness.helios.example/api/witness/add-checkpoint" },
] as const;

/** A demo witness's signer: deterministic from the demo's secret, so every seed of one install agrees. */
export function demoWitnessSigner(authSecret: string, w: (typeof DEMO_WITNESSES)[number]): Promise<SignerKey> {
  return signerFromSeed(w.keyName, SIG_COSIGNATURE_V1, new Uint8Array(hkdfSync("sha256", authSecret, "dajie-demo", `dajie-demo-witness/1/${w.name}`, 32)));
}

/**
 * Lists the two witnesses for the community (audited, as the municipality's administrator), sets the
 * quorum to 2, and has them cosign the latest checkpoint. Throws unless both cosigned.
 */
export async function witnessDemoLog(db: Db, community: { id: string; slug: string; logOrigin: string | null }, actors: { platformAdmin: string; communityAdmin: string }, now: Date): Promise<AskOutcome[]> {
  const config = keyConfigFromEnv(env());
  const log = await communityLogSigner(config, community);
  const signers = new Map<string, SignerKey>();
  for (const w of DEMO_WITNESSES) signers.set(w.url, await demoWitnessSigner(config.authSecret, w));
  // This instance stands in for both neighbours: it witnesses the log (one state for both, which is
  // why the second witness is asked once more from the size the first one left: the 409 path).
  await addWitnessedLog(db, { userId: actors.platformAdmin }, { origin: log.name, verifierKey: log.vkey }, { ownOrigins: [], allowSelf: true });
  for (const w of DEMO_WITNESSES) await addCommunityWitness(db, { userId: actors.communityAdmin }, community.id, { name: w.name, verifierKey: signers.get(w.url)!.vkey, url: w.url });
  await setWitnessQuorum(db, { userId: actors.communityAdmin }, community.id, DEMO_WITNESSES.length);
  const outcomes = await askWitnesses(db, community, log, {
    now,
    post: async (url, body) => {
      const answer = await addCheckpoint(db, signers.get(url)!, body, now);
      return { status: answer.status, contentType: answer.contentType, body: answer.body };
    },
  });
  const missing = outcomes.filter((o) => o.outcome !== "cosigned");
  if (outcomes.length !== DEMO_WITNESSES.length || missing.length > 0) throw new Error(`demo witnesses did not cosign: ${JSON.stringify(outcomes)}`);
  return outcomes;
}
