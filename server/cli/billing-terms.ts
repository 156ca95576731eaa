// `npm run -s dajie -- billing-terms --community SLUG [--run RUN_ID]`: fixes the billing terms of runs
// finalized before terms were fixed at finalize (their downloads answer 409 until then), from the
// community's current settings — what their first export used to do. Runs with terms keep them.
// Prints JSON {fixed: [run ids]}. Exit 0 done, 1 refused (unknown run), 2 bad usage.
import { AppError } from "../errors";
import { parseCommand, usageError } from "./_args";
import { withCliDatabase } from "./_database";

const usage = `Usage: npm run -s dajie -- billing-terms --community SLUG [--run RUN_ID]
  --run RUN_ID   only this run (default: every run of the community without terms)
Uses DATABASE_URL, or the demo's embedded database in .dajie/postgres.
`;

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommand(args, usage, { community: { type: "string" }, run: { type: "string" } });
  if ("exit" in parsed) return parsed.exit;
  const v = parsed.values;
  if (!v.community) return usageError(usage);
  if (v.run !== undefined && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v.run)) return usageError(usage, "billing-terms: --run takes a run id (a UUID)");

  return withCliDatabase(async (db) => {
    const { fixMissingRunTerms, fixRunTermsOnce } = await import("../billing/run-terms");
    try {
      const community = await db.community.findUnique({ where: { slug: v.community }, select: { id: true } });
      if (!community) return usageError(usage, `billing-terms: no community with the address ${v.community}`);
      const now = new Date();
      const fixed = v.run ? [(await fixRunTermsOnce(db, community.id, v.run, now)).runId] : await fixMissingRunTerms(db, community.id, now);
      process.stdout.write(`${JSON.stringify({ fixed }, null, 2)}\n`);
      return 0;
    } catch (e) {
      if (e instanceof AppError) {
        process.stdout.write(`${JSON.stringify({ error: { code: e.code, message: e.message } }, null, 2)}\n`);
        return 1;
      }
      throw e;
    }
  });
}
