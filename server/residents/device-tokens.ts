// A resident's read-only tokens for their own devices (a Home Assistant sensor, a wall display): each is
// scoped to one member, shown once at creation, stored only as its SHA-256 (like API tokens) and
// revocable. It reads `GET /api/v1/me/…` of that member and nothing else.
import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { recordAudit, type Actor } from "@/server/audit/audit";
import type { Db, Tx } from "@/server/db/client";
import { AppError, notFound } from "@/server/errors";
import { text } from "@/server/shared/text";
import type { OwnMember } from "./own-member";

export const deviceTokenInput = z.object({
  memberId: z.uuid(),
  name: text().trim().min(1, "Give the token a name, e.g. the device that will use it.").max(100, "At most 100 characters."),
});
export type DeviceTokenInput = z.input<typeof deviceTokenInput>;

/** "djd_" + 32 bytes in base64url: told apart from organization API tokens ("dj_") at a glance. */
const TOKEN_PREFIX = "djd_";
const TOKEN_PATTERN = /^djd_[A-Za-z0-9_-]{43}$/;
const PREFIX_LENGTH = 11;
/** lastUsedAt is refreshed at most this often, so a sensor polling every 30 s doesn't write each time. */
const LAST_USED_RESOLUTION_MS = 60_000;
const INVALID = "Invalid or revoked device token";

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export interface IssuedDeviceToken {
  id: string;
  name: string;
  prefix: string;
  /** The secret itself: returned here once and never stored. */
  token: string;
}

export interface DeviceTokenDto {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

async function municipalityOf(tx: Tx, communityId: string): Promise<string> {
  return (await tx.community.findUniqueOrThrow({ where: { id: communityId }, select: { municipalityId: true } })).municipalityId;
}

/** A new token for `member` (already checked to be the caller's own: ownMember). */
export async function createDeviceToken(db: Db, actor: Actor, member: OwnMember, name: string): Promise<IssuedDeviceToken> {
  const parsed = deviceTokenInput.shape.name.safeParse(name);
  if (!parsed.success) throw new AppError("BAD_REQUEST", parsed.error.issues[0]?.message ?? "Invalid name.", [{ where: "name", message: parsed.error.issues[0]?.message ?? "Invalid name." }]);
  const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  const prefix = token.slice(0, PREFIX_LENGTH);
  const row = await db.$transaction(async (tx) => {
    const created = await tx.deviceToken.create({ data: { memberId: member.id, name: parsed.data, prefix, tokenHash: hashToken(token), createdBy: actor.userId } });
    await recordAudit(tx, actor, {
      orgId: await municipalityOf(tx, member.communityId),
      communityId: member.communityId,
      action: "device-token.create",
      objectType: "device_token",
      objectId: created.id,
      after: { member: member.pseudonym, name: parsed.data, prefix },
    });
    return created;
  });
  return { id: row.id, name: row.name, prefix, token };
}

/** The member's tokens, newest first, revoked ones included. Never the hash. */
export async function listDeviceTokens(db: Tx, member: OwnMember): Promise<DeviceTokenDto[]> {
  const rows = await db.deviceToken.findMany({
    where: { memberId: member.id },
    select: { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, revokedAt: true },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    createdAt: r.createdAt.toISOString(),
    lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
    revokedAt: r.revokedAt?.toISOString() ?? null,
  }));
}

export async function revokeDeviceToken(db: Db, actor: Actor, member: OwnMember, tokenId: string): Promise<{ id: string; revokedAt: string }> {
  // Looked up within the member: another member's token is simply not found.
  const token = await db.deviceToken.findFirst({ where: { id: tokenId, memberId: member.id }, select: { id: true, name: true, prefix: true, revokedAt: true } });
  if (!token) throw notFound("Device token");
  if (token.revokedAt) throw new AppError("CONFLICT", "This device token is already revoked.");
  const revokedAt = new Date();
  await db.$transaction(async (tx) => {
    // Conditional, so two concurrent revokes record one event.
    const done = await tx.deviceToken.updateMany({ where: { id: token.id, revokedAt: null }, data: { revokedAt } });
    if (done.count !== 1) throw new AppError("CONFLICT", "This device token is already revoked.");
    await recordAudit(tx, actor, {
      orgId: await municipalityOf(tx, member.communityId),
      communityId: member.communityId,
      action: "device-token.revoke",
      objectType: "device_token",
      objectId: token.id,
      before: { name: token.name, prefix: token.prefix },
      after: { revokedAt },
    });
  });
  return { id: token.id, revokedAt: revokedAt.toISOString() };
}

export interface DevicePrincipal {
  tokenId: string;
  member: OwnMember;
}

/**
 * The member behind an `Authorization: Bearer djd_…` header, if the token is valid and not revoked.
 * Every failure gets the same message. Looked up by SHA-256 through a unique index (no timing leak).
 */
export async function authenticateDeviceToken(db: Tx, authorizationHeader: string | null): Promise<DevicePrincipal> {
  const match = /^Bearer +(\S+)$/i.exec(authorizationHeader?.trim() ?? "");
  const presented = match?.[1];
  if (!presented || !TOKEN_PATTERN.test(presented)) throw new AppError("UNAUTHORIZED", INVALID);
  const token = await db.deviceToken.findUnique({
    where: { tokenHash: hashToken(presented) },
    select: {
      id: true,
      lastUsedAt: true,
      revokedAt: true,
      member: { select: { id: true, pseudonym: true, reference: true, kind: true, communityId: true, community: { select: { id: true, name: true, slug: true, timeZone: true } } } },
    },
  });
  if (!token || token.revokedAt) throw new AppError("UNAUTHORIZED", INVALID);
  const now = new Date();
  const threshold = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
  if (!token.lastUsedAt || token.lastUsedAt < threshold) {
    await db.deviceToken.updateMany({ where: { id: token.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: threshold } }] }, data: { lastUsedAt: now } });
  }
  return { tokenId: token.id, member: token.member };
}
