// The HTTP faces of the witness and of a community's log, kept out of app/ so the route handlers stay
// one line and the integration tests call the same code with a Request.
import { db, type Tx } from "@/server/db/client";
import { env } from "@/server/env";
import type { SignerKey } from "@/server/ledger/c2sp/signed-note";
import { signedCheckpoint } from "@/server/ledger/tlog";
import { communityLogSigner, keyConfigFromEnv, witnessSigner } from "@/server/ledger/tlog-keys";
import { publicCommunityBySlug } from "@/server/transparency/public-community";
import { addCheckpoint } from "./witness";

/** A request body larger than this is refused: 63 proof lines and a checkpoint with 100 signatures fit well. */
export const MAX_BODY_BYTES = 64 * 1024;

const TEXT = "text/plain; charset=utf-8";
const plain = (status: number, body: string, headers: Record<string, string> = {}) => new Response(body, { status, headers: { "Content-Type": TEXT, "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff", ...headers } });

let cachedWitness: { config: string; signer: Promise<SignerKey> } | undefined;

/** This instance's witness signer (DAJIE_WITNESS_KEY / DAJIE_WITNESS_NAME, or derived). */
export function witnessFromEnv(): Promise<SignerKey> {
  const config = keyConfigFromEnv(env());
  const id = JSON.stringify(config);
  if (cachedWitness?.config !== id) cachedWitness = { config: id, signer: witnessSigner(config) };
  return cachedWitness.signer;
}

export function communityLogFromEnv(community: { id: string; slug: string; logOrigin: string | null }): Promise<SignerKey> {
  return communityLogSigner(keyConfigFromEnv(env()), community);
}

async function readBody(req: Request): Promise<string | Response> {
  const length = Number(req.headers.get("content-length") ?? "0");
  if (length > MAX_BODY_BYTES) return plain(413, `the body exceeds ${MAX_BODY_BYTES} bytes\n`);
  // Read at most MAX_BODY_BYTES + 1, whatever the (absent or false) Content-Length says.
  const chunks: Uint8Array[] = [];
  let total = 0;
  if (req.body) {
    const reader = req.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > MAX_BODY_BYTES) {
        await reader.cancel();
        return plain(413, `the body exceeds ${MAX_BODY_BYTES} bytes\n`);
      }
      chunks.push(value);
    }
  }
  const buf = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    buf.set(c, at);
    at += c.length;
  }
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(buf);
  } catch {
    return plain(400, "the body is not valid UTF-8\n");
  }
}

/**
 * POST /api/witness/add-checkpoint (c2sp.org/tlog-witness@v1.0.0). `instance` binds it to another
 * database and witness key than the environment's (a test running two instances in one process).
 */
export async function handleAddCheckpoint(req: Request, now = new Date(), instance?: { db: Tx; witness: SignerKey }): Promise<Response> {
  const body = await readBody(req);
  if (body instanceof Response) return body;
  const res = await addCheckpoint(instance?.db ?? db(), instance?.witness ?? (await witnessFromEnv()), body, now);
  return plain(res.status, res.body, { "Content-Type": res.contentType });
}

/** GET /c/<slug>/checkpoint: the latest checkpoint, signed, with every cosignature collected. */
export async function handleCheckpoint(db: Tx, slug: string): Promise<Response> {
  const community = await publicCommunityBySlug(db, slug);
  const { note } = await signedCheckpoint(db, community, await communityLogFromEnv(community));
  return plain(200, note, { "Access-Control-Allow-Origin": "*" });
}
