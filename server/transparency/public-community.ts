// A community as the public sees it, by its address (/c/<slug>): the one lookup behind the public
// pages, the checkpoint feed and the ledger export, and what each of them shows. An address that is
// malformed or unknown is NOT_FOUND, the same answer for both.
import { anchorStatuses } from "@/server/anchors/anchors";
import { buildCheckpointFeed } from "@/server/anchors/feed";
import type { Tx } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { ledgerExportAudience, mayReadMembersOnlyExport } from "@/server/ledger/export-access";
import { exportLedgerLines, publicCheckpoints } from "@/server/ledger/export-ledger";
import { publicSlug } from "./schemas";

export interface PublicCommunityRef {
  id: string;
  slug: string;
  name: string;
  timeZone: string;
  privacyThreshold: number;
  /** The transparency log's origin when set per community (else derived from APP_URL). */
  logOrigin: string | null;
}

const NO_COMMUNITY = "No community at this address.";

/** A public address as stored: trimmed, lower-cased; NOT_FOUND when it cannot be one (no query needed). */
export function publicAddress(slug: string): string {
  const parsed = publicSlug.safeParse({ slug });
  if (!parsed.success) throw new AppError("NOT_FOUND", NO_COMMUNITY);
  return parsed.data.slug;
}

/** The community at `slug` (see publicAddress); NOT_FOUND otherwise. */
export async function publicCommunityBySlug(db: Tx, slug: string): Promise<PublicCommunityRef> {
  const community = await db.community.findUnique({ where: { slug: publicAddress(slug) }, select: { id: true, slug: true, name: true, timeZone: true, privacyThreshold: true, logOrigin: true } });
  if (!community) throw new AppError("NOT_FOUND", NO_COMMUNITY);
  return community;
}

/** Every community with a public page (all have one, at /c/<slug>), by name, with its municipality: the landing page's list. */
export async function publicCommunityList(db: Tx): Promise<{ slug: string; name: string; municipality: string }[]> {
  const rows = await db.community.findMany({ select: { slug: true, name: true, municipality: { select: { name: true } } }, orderBy: [{ name: "asc" }, { slug: "asc" }] });
  return rows.map((r) => ({ slug: r.slug, name: r.name, municipality: r.municipality.name }));
}

/** The ledger's public checkpoints, newest first (the public page shows the latest). */
export async function publicCheckpointsBySlug(db: Tx, slug: string) {
  return publicCheckpoints(db, (await publicCommunityBySlug(db, slug)).id);
}

/** The public ledger page: checkpoints, their external anchors and who may download the export. */
export async function publicLedgerPage(db: Tx, slug: string) {
  const community = await publicCommunityBySlug(db, slug);
  const [checkpoints, anchors, audience] = await Promise.all([publicCheckpoints(db, community.id), anchorStatuses(db, community.id), ledgerExportAudience(db, community)]);
  return { community, checkpoints, anchors, audience };
}

/** The signed checkpoint feed (dajie-checkpoint-feed/1), signed with `publicKey`'s feed key. */
export async function publicCheckpointFeed(db: Tx, slug: string, publicKey: string) {
  const community = await publicCommunityBySlug(db, slug);
  return { community, feed: await buildCheckpointFeed(db, community, publicKey) };
}

/**
 * The ledger export's lines, if `userId` may have them: anyone when the export is public (ADR 0005),
 * else the community's members and staff — UNAUTHORIZED for an anonymous caller, FORBIDDEN for others.
 * `userId` is asked only when needed (reading the session costs a query).
 */
export async function publicLedgerExport(db: Tx, slug: string, userId: () => Promise<string | null>) {
  const community = await publicCommunityBySlug(db, slug);
  const audience = await ledgerExportAudience(db, community);
  if (!audience.public) {
    const user = await userId();
    if (!user || !(await mayReadMembersOnlyExport(db, user, community.id))) {
      throw new AppError(
        user ? "FORBIDDEN" : "UNAUTHORIZED",
        `The ledger export of ${community.name} is for its members only: a settlement run has ${audience.smallestRun} members, fewer than the ${audience.k} needed to publish per-member figures. Sign in as a member to download it. The checkpoints (/c/${community.slug}/checkpoints) stay public.`,
      );
    }
  }
  return { community, lines: exportLedgerLines(db, community) };
}
