// `npm run -s dajie -- witness vkey`: prints this instance's witness verifier key (cosignature/v1,
//   type 0x04; name DAJIE_WITNESS_NAME, default APP_URL's host) — give it to the logs you witness.
// `npm run -s dajie -- witness add-log --origin ORIGIN --vkey VERIFIER_KEY`: witness a log.
// `npm run -s dajie -- witness remove-log --origin ORIGIN`: stop witnessing it.
// `npm run -s dajie -- witness list`: the witnessed logs with the latest size cosigned (JSON).
// Adding and removing are audited (actor "cli"). Exit 0 on success, 1 when refused, 2 for bad usage.
import { parseArgs } from "node:util";
import { AppError } from "../errors";

const usage = `Usage: npm run -s dajie -- witness vkey
       npm run -s dajie -- witness add-log --origin ORIGIN --vkey VERIFIER_KEY
       npm run -s dajie -- witness remove-log --origin ORIGIN
       npm run -s dajie -- witness list
`;

export async function run(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { origin: { type: "string" }, vkey: { type: "string" }, help: { type: "boolean" } } });
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${usage}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const sub = positionals[0];
  if (values.help) return process.stderr.write(usage), 0;
  if (!sub || !["vkey", "add-log", "remove-log", "list"].includes(sub) || positionals.length > 1) return process.stderr.write(usage), 2;
  if (sub === "add-log" && (!values.origin || !values.vkey)) return process.stderr.write(`add-log needs --origin and --vkey\n${usage}`), 2;
  if (sub === "remove-log" && !values.origin) return process.stderr.write(`remove-log needs --origin\n${usage}`), 2;

  const { cliDatabase } = await import("./_database");
  const database = await cliDatabase();
  const { db } = await import("../db/client");
  const { env } = await import("../env");
  const { witnessFromEnv } = await import("../witness/http");
  const witness = await import("../witness/witness");
  const actor = { userId: "cli" };
  try {
    if (sub === "vkey") {
      process.stdout.write(`${(await witnessFromEnv()).vkey}\n`);
    } else if (sub === "list") {
      process.stdout.write(`${JSON.stringify(await witness.listWitnessedLogs(db()), null, 2)}\n`);
    } else if (sub === "add-log") {
      const e = env();
      const allowSelf = e.NODE_ENV === "test" || e.DAJIE_TEST === "1";
      const log = await witness.addWitnessedLog(db(), actor, { origin: values.origin!, verifierKey: values.vkey! }, { ownOrigins: await witness.ownLogOrigins(db(), e.APP_URL), allowSelf });
      process.stdout.write(`${JSON.stringify(log, null, 2)}\n`);
      process.stderr.write(`Now witnessing ${log.origin}.\n`);
    } else {
      await witness.removeWitnessedLog(db(), actor, values.origin!);
      process.stderr.write(`No longer witnessing ${values.origin}.\n`);
    }
    return 0;
  } catch (e) {
    if (e instanceof AppError) {
      process.stderr.write(`${e.message}${e.problems.length ? ` (${e.problems.map((p) => `${p.where}: ${p.message}`).join("; ")})` : ""}\n`);
      return 1;
    }
    throw e;
  } finally {
    await db().$disconnect();
    await database.stop();
  }
}
