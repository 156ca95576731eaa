// `npm run -s dajie -- join-purge [--days N]`: erases join requests that hold personal data no longer
// needed: declined ones N days (default 30) after the decision, and ones never confirmed whose link has
// expired (server/join/join-requests.ts purgeJoinRequests; approved requests hold none). Run it daily,
// e.g. from cron. Prints JSON {declined, unconfirmed} (the numbers erased). Exit 0 done, 2 bad usage.
import { parseCommand, usageError } from "./_args";
import { withCliDatabase } from "./_database";

const usage = `Usage: npm run -s dajie -- join-purge [--days N]
  --days N   erase declined requests N days after the decision (default 30)
Uses DATABASE_URL, or the demo's embedded database in .dajie/postgres.
`;

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommand(args, usage, { days: { type: "string" } });
  if ("exit" in parsed) return parsed.exit;
  const days = parsed.values.days === undefined ? undefined : Number(parsed.values.days);
  if (days !== undefined && !(Number.isInteger(days) && days >= 0 && days <= 3650)) return usageError(usage, "join-purge: --days takes a whole number of days (0 to 3650)");
  return withCliDatabase(async (db) => {
    const { purgeJoinRequests } = await import("../join/join-requests");
    process.stdout.write(`${JSON.stringify(await purgeJoinRequests(db, new Date(), days), null, 2)}\n`);
    return 0;
  });
}
