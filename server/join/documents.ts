// A community's join settings: whether its public join page takes requests, and the documents an
// applicant accepts (statutes, privacy notice). Documents are versioned: a row per version, never
// changed; publishing a different title or link inserts the next version, and an applicant's acceptance
// names the version they saw.
import type { CommunityScope } from "@/server/access/scope";
import { recordAudit, type Actor } from "@/server/audit/audit";
import type { Db, Tx } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { DOCUMENT_KINDS, type DocumentKind, type JoinSettingsInput } from "./schemas";

export interface CommunityDocumentDto {
  id: string;
  kind: DocumentKind;
  version: number;
  title: string;
  url: string;
  publishedAt: string;
}

const toDto = (d: { id: string; kind: DocumentKind; version: number; title: string; url: string; createdAt: Date }): CommunityDocumentDto => ({
  id: d.id,
  kind: d.kind,
  version: d.version,
  title: d.title,
  url: d.url,
  publishedAt: d.createdAt.toISOString(),
});

/** The latest version of each document the community publishes, statutes first. */
export async function currentDocuments(db: Tx, communityId: string): Promise<CommunityDocumentDto[]> {
  const rows = await db.communityDocument.findMany({ where: { communityId }, orderBy: [{ kind: "asc" }, { version: "desc" }], distinct: ["kind"] });
  return DOCUMENT_KINDS.flatMap((k) => rows.filter((r) => r.kind === k)).map(toDto);
}

export interface JoinSettingsDto {
  joinEnabled: boolean;
  documents: CommunityDocumentDto[];
  /** Every version ever published, newest first (acceptances name them). */
  history: CommunityDocumentDto[];
}

export async function getJoinSettings(db: Tx, scope: CommunityScope): Promise<JoinSettingsDto> {
  const community = await db.community.findUniqueOrThrow({ where: { id: scope.communityId }, select: { joinEnabled: true } });
  const history = await db.communityDocument.findMany({ where: { communityId: scope.communityId }, orderBy: [{ kind: "asc" }, { version: "desc" }] });
  return { joinEnabled: community.joinEnabled, documents: await currentDocuments(db, scope.communityId), history: history.map(toDto) };
}

/**
 * Turns the join page on or off and publishes the documents: a title or link that differs from the
 * current version becomes version n + 1; the same one changes nothing. A published document cannot be
 * withdrawn (members accepted it), only replaced; the join page cannot open without a privacy notice.
 */
export async function updateJoinSettings(db: Db, actor: Actor, scope: CommunityScope, input: JoinSettingsInput): Promise<JoinSettingsDto> {
  await db.$transaction(async (tx) => {
    // One writer at a time per community, so two admins cannot both publish version n + 1.
    await tx.$queryRaw`SELECT id FROM community WHERE id = ${scope.communityId}::uuid FOR UPDATE`;
    const current = await currentDocuments(tx, scope.communityId);
    const published: { kind: DocumentKind; version: number }[] = [];
    for (const kind of DOCUMENT_KINDS) {
      const want = input.documents[kind];
      const have = current.find((d) => d.kind === kind);
      if (!want) {
        if (have) throw new AppError("BAD_REQUEST", "A published document cannot be withdrawn, only replaced by a new version.", [{ where: `documents.${kind}`, message: `Version ${have.version} is published; give its new title and link.` }]);
        continue;
      }
      if (have && have.title === want.title && have.url === want.url) continue;
      const version = (have?.version ?? 0) + 1;
      await tx.communityDocument.create({ data: { communityId: scope.communityId, kind, version, title: want.title, url: want.url, createdById: actor.userId } });
      published.push({ kind, version });
    }
    if (input.joinEnabled && !input.documents.PRIVACY) {
      throw new AppError("BAD_REQUEST", "Publish a privacy notice before opening the join page: applicants must be told how their data is used.", [{ where: "documents.PRIVACY", message: "Required to open the join page." }]);
    }
    const before = await tx.community.findUniqueOrThrow({ where: { id: scope.communityId }, select: { joinEnabled: true } });
    if (before.joinEnabled !== input.joinEnabled) await tx.community.update({ where: { id: scope.communityId }, data: { joinEnabled: input.joinEnabled } });
    if (published.length || before.joinEnabled !== input.joinEnabled) {
      await recordAudit(tx, actor, {
        orgId: scope.orgId,
        communityId: scope.communityId,
        action: "community.join-settings",
        objectType: "community",
        objectId: scope.communityId,
        before: { joinEnabled: before.joinEnabled },
        after: { joinEnabled: input.joinEnabled, published },
      });
    }
  });
  return getJoinSettings(db, scope);
}
