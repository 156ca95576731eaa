// `npm run -s dajie -- anchor verify --community SLUG | --file EXPORT.jsonl`: checks anchor receipts.
// `npm run -s dajie -- anchor verify-feed FEED.json [--feed-key HEX]`: checks a copy of the signed
// checkpoint feed (/c/<slug>/checkpoints.json): statements, signatures, consistency proofs.
// With --community, every anchored receipt of the community against its checkpoints in the database
// (and lists anchors still pending); with --file, the receipts inside a public ledger export against
// the export's checkpoints (run `verify-export` to check those against the entries). One line per
// receipt; exit 0 when all verify, 1 when any fails or cannot be checked, 2 for bad usage.
// Trust comes from the environment (DAJIE_TSA_CA_FILE, DAJIE_EVM_RPC_URL/CHAIN_ID, the feed key)
// or from the flags, which win.
import { createReadStream, existsSync, readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import type { AnchorCheck } from "../anchors/anchors";
import { checkLine, summarize } from "../anchors/report";
import type { VerifyContext } from "../anchors/sinks";
import { parseCommand } from "./_args";

const usage = `Usage: npm run -s dajie -- anchor verify (--community SLUG | --file EXPORT.jsonl) [options]
       npm run -s dajie -- anchor verify-feed FEED.json [--feed-key HEX]
  --tsa-ca FILE        trust anchor (PEM) of the timestamp authority
  --evm-rpc URL        JSON-RPC endpoint of the chain of EVM receipts, with --evm-chain-id N
  --feed-key HEX       the signed feed's public key (64 hex digits), as published at /c/SLUG/checkpoints
  --json               print the checks as JSON
With --community: uses DATABASE_URL (or the demo's embedded database) and the anchoring settings of
the environment; with --file: no database.
`;

function contextFrom(values: { "tsa-ca"?: string; "evm-rpc"?: string; "evm-chain-id"?: string; "feed-key"?: string }, base: VerifyContext): VerifyContext | string {
  const ctx: VerifyContext = { ...base };
  if (values["tsa-ca"]) {
    if (!existsSync(values["tsa-ca"])) return `no file ${values["tsa-ca"]}`;
    ctx.tsaTrustPem = readFileSync(values["tsa-ca"], "utf8");
  }
  if (values["evm-rpc"]) {
    const chainId = Number(values["evm-chain-id"]);
    if (!Number.isInteger(chainId) || chainId <= 0) return "--evm-rpc needs --evm-chain-id N (a positive whole number)";
    ctx.evm = { rpcUrl: values["evm-rpc"], chainId };
  }
  if (values["feed-key"]) {
    if (!/^[0-9a-fA-F]{64}$/.test(values["feed-key"])) return "--feed-key must be 64 hex digits";
    ctx.feedPublicKey = values["feed-key"].toLowerCase();
  }
  return ctx;
}

function print(checks: AnchorCheck[], pending: string[], json: boolean, name: string): number {
  const s = summarize(checks);
  if (json) process.stdout.write(`${JSON.stringify({ source: name, ...s, checks, pending }, null, 2)}\n`);
  else {
    for (const c of checks) process.stdout.write(`${checkLine(c)}\n`);
    for (const p of pending) process.stdout.write(`${p}\n`);
    process.stdout.write(`${name}: ${s.ok} receipt(s) verified, ${s.failed} failed, ${s.unchecked} not checked${pending.length ? `, ${pending.length} anchor(s) not yet anchored` : ""}\n`);
  }
  return s.failed === 0 && s.unchecked === 0 ? 0 : 1;
}

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommand(args, usage, {
    community: { type: "string" },
    file: { type: "string" },
    "tsa-ca": { type: "string" },
    "evm-rpc": { type: "string" },
    "evm-chain-id": { type: "string" },
    "feed-key": { type: "string" },
    json: { type: "boolean" },
  }, 2);
  if ("exit" in parsed) return parsed.exit;
  const { values, positionals } = parsed;
  if (positionals[0] === "verify-feed") {
    const file = positionals[1];
    if (!file || positionals.length !== 2) return process.stderr.write(usage), 2;
    if (!existsSync(file)) return process.stderr.write(`anchor verify-feed: no file ${file}\n`), 2;
    if (values["feed-key"] && !/^[0-9a-fA-F]{64}$/.test(values["feed-key"])) return process.stderr.write("anchor verify-feed: --feed-key must be 64 hex digits\n"), 2;
    const { verifyCheckpointFeed } = await import("../anchors/feed-format");
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(file, "utf8"));
    } catch {
      return process.stderr.write(`anchor verify-feed: ${file} is not JSON\n`), 2;
    }
    const verdict = await verifyCheckpointFeed(json, values["feed-key"]);
    if (values.json) process.stdout.write(`${JSON.stringify(verdict, null, 2)}\n`);
    else if (verdict.ok) process.stdout.write(`${file}: ${verdict.checkpoints} checkpoint(s), ${verdict.signed} signed; every statement, signature and consistency proof verifies${values["feed-key"] ? "" : " (signatures by the key the file names: pass --feed-key to pin it)"}\n`);
    else process.stdout.write(`${file}: ${verdict.treeSize === null ? "" : `checkpoint ${verdict.treeSize} fails: `}${verdict.problem}\n`);
    return verdict.ok ? 0 : verdict.treeSize === null ? 2 : 1;
  }
  if (positionals.length !== 1 || positionals[0] !== "verify" || Boolean(values.community) === Boolean(values.file)) return process.stderr.write(usage), 2;
  const { checkAnchors } = await import("../anchors/anchors");

  if (values.file) {
    if (!existsSync(values.file)) return process.stderr.write(`anchor verify: no file ${values.file}\n`), 2;
    const ctx = contextFrom(values, {});
    if (typeof ctx === "string") return process.stderr.write(`anchor verify: ${ctx}\n`), 2;
    const { verifyExport } = await import("../ledger/export-format");
    const lines = createInterface({ input: createReadStream(values.file, { encoding: "utf8" }), crlfDelay: Infinity });
    const verdict = await verifyExport(lines);
    if (!verdict.communityId) return process.stderr.write(`anchor verify: ${values.file} is not a ledger export${verdict.ok ? "" : `: ${verdict.problem}`}\n`), 2;
    if (!verdict.ok) process.stderr.write(`anchor verify: warning: the export's ledger does not verify (${verdict.problem}); run verify-export\n`);
    const checks = await checkAnchors(verdict.communityId, verdict.anchorReceipts, verdict.checkpointRoots, ctx);
    return print(checks, [], Boolean(values.json), `anchors in ${values.file}`) || (verdict.ok ? 0 : 1);
  }

  const { withCliDatabase } = await import("./_database");
  return withCliDatabase(async (db) => {
    const { anchorStatuses, publishedAnchors } = await import("../anchors/anchors");
    const { anchorSetupFromEnv } = await import("../anchors/sinks");
    const { hex } = await import("../ledger/merkle");
    const community = await db.community.findUnique({ where: { slug: values.community! }, select: { id: true } });
    if (!community) return process.stderr.write(`anchor verify: no community with the address ${values.community}\n`), 2;
    const ctx = contextFrom(values, anchorSetupFromEnv().verify);
    if (typeof ctx === "string") return process.stderr.write(`anchor verify: ${ctx}\n`), 2;
    const checkpoints = await db.ledgerCheckpoint.findMany({ where: { communityId: community.id }, select: { treeSize: true, root: true } });
    const roots = new Map(checkpoints.map((c) => [c.treeSize.toString(), hex(c.root)]));
    const checks = await checkAnchors(community.id, await publishedAnchors(db, community.id), roots, ctx);
    const pending = (await anchorStatuses(db, community.id))
      .filter((a) => a.status !== "ANCHORED")
      .map((a) => `checkpoint ${a.treeSize} · ${a.sink}: ${a.status.toLowerCase()} (${a.attempts} attempt(s) so far; not a receipt yet)`);
    return print(checks, pending, Boolean(values.json), `anchors of ${values.community}`);
  });
}
