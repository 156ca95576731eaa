// `npm run -s dajie -- witness vkey`: prints this instance's witness verifier key (cosignature/v1,
//   type 0x04; name DAJIE_WITNESS_NAME, default APP_URL's host) — give it to the logs you witness.
// `npm run -s dajie -- witness add-log --origin ORIGIN --vkey VERIFIER_KEY`: witness a log.
// `npm run -s dajie -- witness remove-log --origin ORIGIN`: stop witnessing it.
// `npm run -s dajie -- witness list`: the witnessed logs with the latest size cosigned (JSON).
// The log side, per community (SLUG):
// `witness log-vkey --community SLUG`: the community log's origin and verifier key (give it to witnesses).
// `witness community-add --community SLUG --name NAME --vkey WITNESS_KEY --url ADD_CHECKPOINT_URL`,
// `witness community-remove --community SLUG --name NAME`, `witness community-quorum --community SLUG
// --quorum K`, `witness community-list --community SLUG` (JSON, with alerts), `witness community-policy
// --community SLUG` (c2sp tlog-policy), `witness community-ask --community SLUG` (ask them now).
// Changes are audited (actor "cli"). Exit 0 on success, 1 when refused, 2 for bad usage.
import { AppError } from "../errors";
import { parseCommand, usageError } from "./_args";

const usage = `Usage: npm run -s dajie -- witness vkey
       npm run -s dajie -- witness add-log --origin ORIGIN --vkey VERIFIER_KEY
       npm run -s dajie -- witness remove-log --origin ORIGIN
       npm run -s dajie -- witness list
       npm run -s dajie -- witness log-vkey --community SLUG
       npm run -s dajie -- witness community-add --community SLUG --name NAME --vkey WITNESS_KEY --url URL
       npm run -s dajie -- witness community-remove --community SLUG --name NAME
       npm run -s dajie -- witness community-quorum --community SLUG --quorum K
       npm run -s dajie -- witness community-list|community-policy|community-ask --community SLUG
`;

const COMMUNITY_SUBS = ["log-vkey", "community-add", "community-remove", "community-quorum", "community-list", "community-policy", "community-ask"];

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommand(args, usage, { origin: { type: "string" }, vkey: { type: "string" }, community: { type: "string" }, name: { type: "string" }, url: { type: "string" }, quorum: { type: "string" } }, 1);
  if ("exit" in parsed) return parsed.exit;
  const { values, positionals } = parsed;
  const sub = positionals[0];
  if (!sub || ![...["vkey", "add-log", "remove-log", "list"], ...COMMUNITY_SUBS].includes(sub)) return usageError(usage);
  if (COMMUNITY_SUBS.includes(sub) && !values.community) return process.stderr.write(`${sub} needs --community SLUG\n${usage}`), 2;
  if (sub === "community-add" && (!values.name || !values.vkey || !values.url)) return process.stderr.write(`community-add needs --name, --vkey and --url\n${usage}`), 2;
  if (sub === "community-remove" && !values.name) return process.stderr.write(`community-remove needs --name\n${usage}`), 2;
  if (sub === "community-quorum" && !/^\d+$/.test(values.quorum ?? "")) return process.stderr.write(`community-quorum needs --quorum K (a whole number)\n${usage}`), 2;
  if (sub === "add-log" && (!values.origin || !values.vkey)) return process.stderr.write(`add-log needs --origin and --vkey\n${usage}`), 2;
  if (sub === "remove-log" && !values.origin) return process.stderr.write(`remove-log needs --origin\n${usage}`), 2;

  const { withCliDatabase } = await import("./_database");
  return withCliDatabase(async (db) => {
    const { env } = await import("../env");
    const { witnessFromEnv } = await import("../witness/http");
    const witness = await import("../witness/witness");
    const actor = { userId: "cli" };
    try {
      if (COMMUNITY_SUBS.includes(sub)) {
        const community = await db.community.findUnique({ where: { slug: values.community! }, select: { id: true, slug: true, logOrigin: true } });
        if (!community) return process.stderr.write(`No community with slug ${values.community}\n`), 1;
        const { communityLogFromEnv } = await import("../witness/http");
        const lw = await import("../witness/log-witnesses");
        const log = await communityLogFromEnv(community);
        if (sub === "log-vkey") process.stdout.write(`${JSON.stringify({ origin: log.name, vkey: log.vkey }, null, 2)}\n`);
        else if (sub === "community-add") process.stdout.write(`${JSON.stringify(await lw.addCommunityWitness(db, actor, community.id, { name: values.name, verifierKey: values.vkey, url: values.url }), null, 2)}\n`);
        else if (sub === "community-remove") await lw.removeCommunityWitness(db, actor, community.id, values.name!);
        else if (sub === "community-quorum") await lw.setWitnessQuorum(db, actor, community.id, Number(values.quorum));
        else if (sub === "community-list") process.stdout.write(`${JSON.stringify(await lw.listCommunityWitnesses(db, community.id), null, 2)}\n`);
        else if (sub === "community-policy") process.stdout.write(await lw.communityPolicy(db, community.id, log));
        else {
          try {
            const outcomes = await lw.askWitnesses(db, community, log, { post: lw.httpPost, now: new Date() });
            process.stdout.write(`${JSON.stringify(outcomes, null, 2)}\n`);
            return outcomes.every((o) => o.outcome === "cosigned" || o.outcome === "up-to-date") ? 0 : 1;
          } catch (e) {
            process.stderr.write(`${(e as Error).message}\n`);
            return 1;
          }
        }
        return 0;
      }
      if (sub === "vkey") {
        process.stdout.write(`${(await witnessFromEnv()).vkey}\n`);
      } else if (sub === "list") {
        process.stdout.write(`${JSON.stringify(await witness.listWitnessedLogs(db), null, 2)}\n`);
      } else if (sub === "add-log") {
        const e = env();
        const allowSelf = e.NODE_ENV === "test" || e.DAJIE_TEST === "1";
        const log = await witness.addWitnessedLog(db, actor, { origin: values.origin!, verifierKey: values.vkey! }, { ownOrigins: await witness.ownLogOrigins(db, e.APP_URL), allowSelf });
        process.stdout.write(`${JSON.stringify(log, null, 2)}\n`);
        process.stderr.write(`Now witnessing ${log.origin}.\n`);
      } else {
        await witness.removeWitnessedLog(db, actor, values.origin!);
        process.stderr.write(`No longer witnessing ${values.origin}.\n`);
      }
      return 0;
    } catch (e) {
      if (e instanceof AppError) {
        process.stderr.write(`${e.message}${e.problems.length ? ` (${e.problems.map((p) => `${p.where}: ${p.message}`).join("; ")})` : ""}\n`);
        return 1;
      }
      throw e;
    }
  });
}
