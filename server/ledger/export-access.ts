// Who may download a community's ledger export. The export lists each pseudonym's energy and credits
// per period: in a run with fewer members than the community's privacy threshold (k) that is as good
// as the figures the public page hides (ADR 0005). So the export is public only when every run has at
// least k members; otherwise only the community's own members and the people who run it (console
// read access) get it. Checkpoints, the signed feed and anchors stay public either way.
import { resolveCommunityScope } from "@/server/access/scope";
import type { Tx } from "@/server/db/client";
import { AppError } from "@/server/errors";

export type ExportAudience = { public: true } | { public: false; k: number; smallestRun: number };

/** Public when every run of the community has at least k members (a community with no runs: public). */
export async function ledgerExportAudience(db: Tx, community: { id: string; privacyThreshold: number }): Promise<ExportAudience> {
  const rows = await db.$queryRaw<{ smallest: number | null }[]>`
    SELECT MIN(n)::int AS smallest FROM (
      SELECT COUNT(*) AS n FROM settlement_run_member m JOIN settlement_run r ON r.id = m.run_id
      WHERE r.community_id = ${community.id}::uuid GROUP BY m.run_id) per_run`;
  const smallest = rows[0]?.smallest ?? null;
  if (smallest === null || smallest >= community.privacyThreshold) return { public: true };
  return { public: false, k: community.privacyThreshold, smallestRun: smallest };
}

/** For a members-only export: true when the user is a member of the community or may read it in the console. */
export async function mayReadMembersOnlyExport(db: Tx, userId: string, communityId: string): Promise<boolean> {
  if ((await db.member.count({ where: { communityId, userId } })) > 0) return true;
  try {
    await resolveCommunityScope(db, userId, communityId, "read");
    return true;
  } catch (err) {
    if (err instanceof AppError) return false;
    throw err;
  }
}
