// Per-organization API tokens for machine clients (meter data importers, exports).
// The token (256 random bits) is shown once at creation; only its SHA-256 is stored, like invitations.
import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import type { CommunityScope } from "@/server/access/scope";
import { recordAudit, type Actor } from "@/server/audit/audit";
import type { Db, Tx } from "@/server/db/client";
import { AppError, notFound } from "@/server/errors";
import { API_SCOPES, type ApiScope } from "./scopes";
import { text } from "@/server/shared/text";

export { API_SCOPES, API_SCOPE_LABELS, type ApiScope } from "./scopes";

export const apiScope = z.enum(API_SCOPES);

export const apiTokenInput = z.object({
  name: text().trim().min(1, "Give the token a name, e.g. the system that will use it.").max(100, "At most 100 characters."),
  // Deduplicated and in a fixed order, so equal permissions always look the same.
  scopes: z
    .array(apiScope)
    .min(1, "Choose at least one scope.")
    .transform((s) => API_SCOPES.filter((x) => s.includes(x))),
});
export type ApiTokenInput = z.input<typeof apiTokenInput>;

const TOKEN_PREFIX = "dj_";
/** "dj_" + 32 bytes in base64url (43 characters, no padding). */
const TOKEN_PATTERN = /^dj_[A-Za-z0-9_-]{43}$/;
const PREFIX_LENGTH = 10;
/** lastUsedAt is refreshed at most this often, so busy clients don't cause a write per request. */
const LAST_USED_RESOLUTION_MS = 60_000;
const INVALID = "Invalid or revoked API token";

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export interface IssuedApiToken {
  id: string;
  name: string;
  prefix: string;
  scopes: ApiScope[];
  /** The secret itself: returned here once and never stored. */
  token: string;
}

export interface ApiPrincipal {
  orgId: string;
  tokenId: string;
  scopes: ApiScope[];
}

export async function createApiToken(db: Db, actor: Actor, orgId: string, input: ApiTokenInput): Promise<IssuedApiToken> {
  const parsed = apiTokenInput.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => ({ where: i.path.join(".") || "input", message: i.message }));
    throw new AppError("BAD_REQUEST", problems[0]?.message ?? "Invalid API token.", problems);
  }
  const { name, scopes } = parsed.data;
  const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  const prefix = token.slice(0, PREFIX_LENGTH);
  const row = await db.$transaction(async (tx) => {
    const created = await tx.apiToken.create({ data: { orgId, name, prefix, tokenHash: hashToken(token), scopes, createdById: actor.userId } });
    // The prefix identifies the token for people; neither the token nor its hash goes into the log.
    await recordAudit(tx, actor, { orgId, action: "api-token.create", objectType: "api_token", objectId: created.id, after: { name, prefix, scopes } });
    return created;
  });
  return { id: row.id, name, prefix, scopes, token };
}

/** The organization's tokens, newest first, revoked ones included (so the history stays visible). Never the hash. */
export async function listApiTokens(db: Tx, orgId: string) {
  const rows = await db.apiToken.findMany({
    where: { orgId },
    select: { id: true, name: true, prefix: true, scopes: true, createdAt: true, lastUsedAt: true, revokedAt: true },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    scopes: r.scopes as ApiScope[],
    createdAt: r.createdAt.toISOString(),
    lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
    revokedAt: r.revokedAt?.toISOString() ?? null,
  }));
}

export async function revokeApiToken(db: Db, actor: Actor, orgId: string, tokenId: string): Promise<{ id: string; revokedAt: string }> {
  // Looked up within the organization: another organization's token is simply not found.
  const token = await db.apiToken.findFirst({ where: { id: tokenId, orgId }, select: { id: true, name: true, prefix: true, scopes: true, revokedAt: true } });
  if (!token) throw notFound("API token");
  if (token.revokedAt) throw new AppError("CONFLICT", "This API token is already revoked.");
  const revokedAt = new Date();
  await db.$transaction(async (tx) => {
    // Conditional, so two concurrent revokes record one event.
    const done = await tx.apiToken.updateMany({ where: { id: token.id, revokedAt: null }, data: { revokedAt } });
    if (done.count !== 1) throw new AppError("CONFLICT", "This API token is already revoked.");
    await recordAudit(tx, actor, {
      orgId,
      action: "api-token.revoke",
      objectType: "api_token",
      objectId: token.id,
      before: { name: token.name, prefix: token.prefix, scopes: token.scopes },
      after: { revokedAt },
    });
  });
  return { id: token.id, revokedAt: revokedAt.toISOString() };
}

/**
 * The organization behind an `Authorization: Bearer dj_…` header, if the token is valid, not revoked
 * and carries `needScope`. Every failure to identify gets the same message, so callers learn nothing
 * about which tokens exist. No constant-time comparison is needed: the token is looked up by its
 * SHA-256 through a unique index, so timing reveals nothing about the stored secret.
 */
export async function authenticateApiToken(db: Tx, authorizationHeader: string | null, needScope: ApiScope): Promise<ApiPrincipal> {
  const match = /^Bearer +(\S+)$/i.exec(authorizationHeader?.trim() ?? "");
  const presented = match?.[1];
  if (!presented || !TOKEN_PATTERN.test(presented)) throw new AppError("UNAUTHORIZED", INVALID);
  const token = await db.apiToken.findUnique({ where: { tokenHash: hashToken(presented) }, select: { id: true, orgId: true, scopes: true, lastUsedAt: true, revokedAt: true } });
  if (!token || token.revokedAt) throw new AppError("UNAUTHORIZED", INVALID);

  const now = new Date();
  const threshold = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
  if (!token.lastUsedAt || token.lastUsedAt < threshold) {
    // Conditional, so a burst of parallel requests still writes once.
    await db.apiToken.updateMany({ where: { id: token.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: threshold } }] }, data: { lastUsedAt: now } });
  }

  const scopes = token.scopes as ApiScope[];
  if (!scopes.includes(needScope)) throw new AppError("FORBIDDEN", `This API token lacks the scope "${needScope}". Create a token with that scope.`);
  return { orgId: token.orgId, tokenId: token.id, scopes };
}

/**
 * The community `communitySlug` as the token's organization reaches it: through the municipality that
 * owns it or an ESCO serving it (the same scope a console user of that organization would get).
 * Anything else is not found (its existence is not revealed). A token acts with an operator's rights:
 * it reads and builds files; it never settles nor changes the community's settings.
 */
export async function apiCommunityScope(db: Tx, orgId: string, communitySlug: string): Promise<CommunityScope> {
  const community = await db.community.findFirst({
    where: { slug: communitySlug, OR: [{ municipalityId: orgId }, { escos: { some: { escoId: orgId } } }] },
    select: { id: true, municipalityId: true },
  });
  if (!community) throw notFound("Community");
  const via = community.municipalityId === orgId ? "municipality" : "esco";
  return { communityId: community.id, municipalityId: community.municipalityId, via, orgId, role: "OPERATOR" };
}

/** The id of the community `communitySlug` if the token's organization may use it (apiCommunityScope). */
export async function apiCommunityAccess(db: Tx, orgId: string, communitySlug: string): Promise<string> {
  return (await apiCommunityScope(db, orgId, communitySlug)).communityId;
}
