// `npm run -s dajie -- verify --community SLUG [--json]`: re-hashes a community's whole ledger and
// checks the chain, every checkpoint root and every run's balance. Exit 0 when everything matches,
// 1 naming the first entry that does not, 2 for bad usage or an unknown community.
import { withCliDatabase } from "./_database";
import type { CommunityVerification } from "../ledger/verify-community";
import { parseCommand } from "./_args";

const usage = `Usage: npm run -s dajie -- verify --community SLUG [--json]
  --json     print the result as JSON instead of one line
Uses DATABASE_URL, or the demo's embedded database in .dajie/postgres.
`;

const count = (n: number, one: string, many: string) => `${n.toLocaleString("en")} ${n === 1 ? one : many}`;

export function humanLine(slug: string, r: CommunityVerification): string {
  if (r.ok) return `ledger of ${slug}: ${count(r.entries, "entry", "entries")}, ${count(r.checkpoints, "checkpoint", "checkpoints")}, all hashes and roots match; root ${r.root}`;
  return `ledger of ${slug}: entry ${r.seq} fails verification: ${r.problem}`;
}

/** The result with bigints as strings, as every JSON the platform prints. */
export function jsonOf(slug: string, r: CommunityVerification): string {
  return JSON.stringify({ community: slug, ...r }, (_, v: unknown) => (typeof v === "bigint" ? v.toString() : v), 2);
}

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommand(args, usage, { community: { type: "string" }, json: { type: "boolean" } });
  if ("exit" in parsed) return parsed.exit;
  const { values } = parsed;
  const slug = values.community;
  if (!slug) return process.stderr.write(usage), 2;

  return withCliDatabase(async (db) => {
    const { verifyCommunity } = await import("../ledger/verify-community");
    const community = await db.community.findUnique({ where: { slug }, select: { id: true } });
    if (!community) return process.stderr.write(`verify: no community with the address ${slug}\n`), 2;
    const result = await verifyCommunity(db, community.id);
    process.stdout.write(`${values.json ? jsonOf(slug, result) : humanLine(slug, result)}\n`);
    return result.ok ? 0 : 1;
  });
}
