// `npm run -s dajie -- verify --community SLUG [--json]`: re-hashes a community's whole ledger and
// checks the chain, every checkpoint root and every run's balance. Exit 0 when everything matches,
// 1 naming the first entry that does not, 2 for bad usage or an unknown community.
// `verify --audit [--org ID]`: the same for the audit log's chains (all, or one organization's),
// naming the first event of a chain that does not chain.
import { withCliDatabase } from "./_database";
import type { CommunityVerification } from "../ledger/verify-community";
import type { AuditVerification } from "../audit/verify-audit";
import { parseCommand } from "./_args";

const usage = `Usage: npm run -s dajie -- verify --community SLUG [--json]
       npm run -s dajie -- verify --audit [--org ID] [--json]
  --audit    the audit log's hash chains: every organization's and the one without (or only --org's)
  --json     print the result as JSON instead of one line
Uses DATABASE_URL, or the demo's embedded database in .dajie/postgres.
`;

const count = (n: number, one: string, many: string) => `${n.toLocaleString("en")} ${n === 1 ? one : many}`;

export function humanLine(slug: string, r: CommunityVerification): string {
  if (r.ok) return `ledger of ${slug}: ${count(r.entries, "entry", "entries")}, ${count(r.checkpoints, "checkpoint", "checkpoints")}, all hashes and roots match; root ${r.root}`;
  return `ledger of ${slug}: entry ${r.seq} fails verification: ${r.problem}`;
}

export function auditLine(r: AuditVerification): string {
  const which = r.orgId ? `audit log of organization ${r.orgId}` : "audit log without an organization";
  if (r.ok) return `${which}: ${count(r.events, "event", "events")}, every hash chains; head ${r.head}`;
  return `${which}: event ${r.seq} (${r.id}) fails verification: ${r.problem}`;
}

/** The result with bigints as strings, as every JSON the platform prints. */
export function jsonOf(slug: string, r: CommunityVerification): string {
  return JSON.stringify({ community: slug, ...r }, (_, v: unknown) => (typeof v === "bigint" ? v.toString() : v), 2);
}

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommand(args, usage, { community: { type: "string" }, audit: { type: "boolean" }, org: { type: "string" }, json: { type: "boolean" } });
  if ("exit" in parsed) return parsed.exit;
  const { values } = parsed;
  if (values.audit) {
    if (values.community) return process.stderr.write(usage), 2;
    return runAudit(values.org, values.json ?? false);
  }
  const slug = values.community;
  if (!slug || values.org) return process.stderr.write(usage), 2;

  return withCliDatabase(async (db) => {
    const { verifyCommunity } = await import("../ledger/verify-community");
    const community = await db.community.findUnique({ where: { slug }, select: { id: true } });
    if (!community) return process.stderr.write(`verify: no community with the address ${slug}\n`), 2;
    const result = await verifyCommunity(db, community.id);
    process.stdout.write(`${values.json ? jsonOf(slug, result) : humanLine(slug, result)}\n`);
    return result.ok ? 0 : 1;
  });
}

async function runAudit(orgId: string | undefined, json: boolean): Promise<number> {
  if (orgId !== undefined && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(orgId)) {
    return process.stderr.write(`verify: --org takes an organization id (a UUID)\n`), 2;
  }
  return withCliDatabase(async (db) => {
    const { verifyAuditLog } = await import("../audit/verify-audit");
    if (orgId && !(await db.organization.findUnique({ where: { id: orgId }, select: { id: true } }))) {
      return process.stderr.write(`verify: no organization ${orgId}\n`), 2;
    }
    const results = await verifyAuditLog(db, { orgId });
    process.stdout.write(json ? `${JSON.stringify(results, null, 2)}\n` : results.map((r) => `${auditLine(r)}\n`).join(""));
    return results.every((r) => r.ok) ? 0 : 1;
  });
}
