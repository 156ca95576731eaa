// `npm run -s dajie -- daily-energy [--community SLUG]`: brings the public figures' daily rows
// (server/transparency/daily-energy.ts) up to date now, for one community or all. The public page
// recomputes marked days on its next read; after an upgrade that adds the rows (every community is
// marked whole) or a large late import, run this first so no visitor waits for a year of readings.
// Prints JSON [{community, marks}] (marks consumed). Exit 0 done, 2 bad usage or unknown community.
import { parseCommand, usageError } from "./_args";
import { withCliDatabase } from "./_database";

const usage = `Usage: npm run -s dajie -- daily-energy [--community SLUG]
  --community SLUG   only this community (default: every community)
Uses DATABASE_URL, or the demo's embedded database in .dajie/postgres.
`;

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommand(args, usage, { community: { type: "string" } });
  if ("exit" in parsed) return parsed.exit;
  const slug = parsed.values.community;
  return withCliDatabase(async (db) => {
    const { refreshDailyEnergy } = await import("../transparency/daily-energy");
    const communities = await db.community.findMany({ where: slug === undefined ? {} : { slug }, select: { id: true, slug: true, timeZone: true, intervalMinutes: true }, orderBy: { slug: "asc" } });
    if (slug !== undefined && communities.length === 0) return usageError(usage, `daily-energy: no community with the address "${slug}"`);
    const done: { community: string; marks: number }[] = [];
    for (const c of communities) done.push({ community: c.slug, marks: await refreshDailyEnergy(db, c) });
    process.stdout.write(`${JSON.stringify(done, null, 2)}\n`);
    return 0;
  });
}
