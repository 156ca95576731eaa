// Joining a community from its public page (/c/<slug>/join):
//   submit (public, rate-limited per client address by the route; a filled honeypot is dropped with
//   the same answer) → e-mail confirmation link (single use, expiring, only its SHA-256 stored)
//   → PENDING, seen by the community's administrators → approve (member, metering points, bank
//   account, document acceptances and the resident invitation in one transaction, audited) or decline
//   with a reason; the applicant is told by e-mail in the language they applied in.
// The public page never shows who applied: every answer to the applicant is the same whatever exists.
import { createHash, randomBytes } from "node:crypto";
import type { Prisma } from "@/generated/prisma/client";
import type { CommunityScope } from "@/server/access/scope";
import { recordAudit, type Actor } from "@/server/audit/audit";
import type { Db, Tx } from "@/server/db/client";
import { env } from "@/server/env";
import { AppError, notFound } from "@/server/errors";
import { createInvitationIn, INVITATION_DAYS } from "@/server/invitations/invitations";
import { newPseudonym } from "@/server/members/pseudonym";
import { createMeteringPointRows, findOverlappingPoints } from "@/server/metering-points/metering-points";
import { publicAddress } from "@/server/transparency/public-community";
import { dateToIso, isoToDate } from "@/server/shared/validation";
import { currentDocuments } from "./documents";
import { sendJoinMail } from "./join-mail";
import { z } from "zod";
import type { MemberType } from "@/generated/prisma/client";
import { directions } from "@/server/members/schemas";
import { DOCUMENT_KINDS, memberKindOf, type ApplicantType, type JoinApplication, type JoinPoint } from "./schemas";

/** How long the e-mail confirmation link works. */
export const JOIN_CONFIRM_HOURS = 48;
/** Declined requests are purged this many days after the decision (purgeJoinRequests). */
export const JOIN_REQUEST_RETENTION_DAYS = 30;

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");
const HOUR_MS = 3_600_000;

const acceptedDocumentSchema = z.object({
  documentId: z.uuid(),
  kind: z.enum(DOCUMENT_KINDS),
  version: z.number().int(),
  title: z.string(),
  url: z.string(),
  acceptedAt: z.string(),
});
type AcceptedDocument = z.infer<typeof acceptedDocumentSchema>;
/** The request's JSON columns as read back: checked, never cast. */
const storedPoints = z.array(z.object({ code: z.string(), direction: z.enum(directions), capacityKw: z.string() }));
const storedDocuments = z.array(acceptedDocumentSchema);

/** The member's type for an applicant's type (the same five words: PRIVATE … PUBLIC_BODY). */
export const memberTypeOf = (t: ApplicantType): MemberType => t;

const NOT_OPEN = "This community does not take join requests online.";

/** The join page's data: the community, whether it takes requests, and the documents to accept. */
export async function joinPage(db: Tx, slug: string) {
  const community = await db.community.findUnique({ where: { slug: publicAddress(slug) }, select: { id: true, slug: true, name: true, joinEnabled: true, municipality: { select: { name: true } } } });
  if (!community) throw new AppError("NOT_FOUND", "No community at this address.");
  return {
    community: { slug: community.slug, name: community.name, municipality: community.municipality.name },
    open: community.joinEnabled,
    documents: community.joinEnabled ? await currentDocuments(db, community.id) : [],
  };
}

/**
 * Stores an application and e-mails the confirmation link. A filled honeypot returns the same answer
 * and stores and sends nothing. Accepted documents must be exactly the current versions (a document
 * changed while the form was open → 409: read the new one).
 */
export async function submitJoinRequest(db: Db, slug: string, input: JoinApplication, now = new Date()): Promise<{ received: true }> {
  const community = await db.community.findUnique({ where: { slug: publicAddress(slug) }, select: { id: true, slug: true, name: true, joinEnabled: true } });
  if (!community) throw new AppError("NOT_FOUND", "No community at this address.");
  if (!community.joinEnabled) throw new AppError("NOT_FOUND", NOT_OPEN);
  if (input.website?.trim()) return { received: true };

  const documents = await currentDocuments(db, community.id);
  const accepted = new Set(input.acceptedDocumentIds);
  const missing = documents.filter((d) => !accepted.has(d.id));
  const stale = input.acceptedDocumentIds.filter((id) => !documents.some((d) => d.id === id));
  if (stale.length) throw new AppError("CONFLICT", "A document changed while you were filling in the form: read the new version and accept it.", [{ where: "acceptedDocumentIds", message: "Not the current version." }]);
  if (missing.length) throw new AppError("BAD_REQUEST", "Accept the community's documents to apply.", missing.map((d) => ({ where: `documents.${d.kind}`, message: `Accept ${d.title} (version ${d.version}).` })));

  const token = randomBytes(32).toString("base64url");
  const acceptedDocuments: AcceptedDocument[] = documents.map((d) => ({ documentId: d.id, kind: d.kind, version: d.version, title: d.title, url: d.url, acceptedAt: now.toISOString() }));
  await db.joinRequest.create({
    data: {
      communityId: community.id,
      locale: input.locale,
      applicantType: input.applicantType,
      name: input.name,
      email: input.email,
      address: input.address,
      points: input.points,
      acceptedDocuments,
      accountHolder: input.bank?.accountHolder ?? null,
      iban: input.bank?.iban ?? null,
      mandateConsentAt: input.mandateConsent ? now : null,
      tokenHash: hashToken(token),
      tokenExpiresAt: new Date(now.getTime() + JOIN_CONFIRM_HOURS * HOUR_MS),
      createdAt: now,
    },
  });
  const link = `${env().APP_URL}/c/${community.slug}/join/confirm/${token}`;
  await sendJoinMail(input.email, "confirm", input.locale, { community: community.name, link, hours: JOIN_CONFIRM_HOURS });
  return { received: true };
}

const INVALID_LINK = "This confirmation link is not valid or was already used.";

/** Confirms the e-mail address: the request now reaches the administrators. Single use; expiring. */
export async function confirmJoinRequest(db: Db, token: string, now = new Date()): Promise<{ community: string; slug: string }> {
  const req = await db.joinRequest.findUnique({ where: { tokenHash: hashToken(token) }, select: { id: true, tokenExpiresAt: true, community: { select: { name: true, slug: true } } } });
  if (!req) throw new AppError("NOT_FOUND", INVALID_LINK);
  if (req.tokenExpiresAt <= now) throw new AppError("CONFLICT", `This confirmation link has expired (it works for ${JOIN_CONFIRM_HOURS} hours). Send your request again.`);
  // Conditional on the token still being there: two clicks at once confirm once.
  const claimed = await db.joinRequest.updateMany({ where: { id: req.id, status: "UNCONFIRMED", tokenHash: hashToken(token) }, data: { status: "PENDING", confirmedAt: now, tokenHash: null } });
  if (claimed.count !== 1) throw new AppError("NOT_FOUND", INVALID_LINK);
  return { community: req.community.name, slug: req.community.slug };
}

export interface JoinRequestDto {
  id: string;
  status: "PENDING" | "APPROVED" | "DECLINED";
  locale: string;
  applicantType: ApplicantType;
  createdAt: string;
  confirmedAt: string | null;
  /** Null once approved (the data then lives on the member) or purged. */
  name: string | null;
  email: string | null;
  address: string | null;
  points: (JoinPoint & { registered: { validFrom: string; validTo: string | null } | null })[];
  acceptedDocuments: AcceptedDocument[];
  bank: { accountHolder: string; iban: string } | null;
  mandateConsentAt: string | null;
  decidedAt: string | null;
  declineReason: string | null;
  memberId: string | null;
}

/** Confirmed requests of the community: the pending ones first (oldest first), then recent decisions. */
export async function listJoinRequests(db: Tx, scope: CommunityScope, now = new Date()): Promise<JoinRequestDto[]> {
  const rows = await db.joinRequest.findMany({
    where: { communityId: scope.communityId, status: { in: ["PENDING", "APPROVED", "DECLINED"] } },
    orderBy: [{ confirmedAt: "asc" }],
  });
  const today = dateToIso(now);
  const pendingPoints = rows.filter((r) => r.status === "PENDING").flatMap((r) => storedPoints.parse(r.points));
  const clashes = await findOverlappingPoints(db, pendingPoints.map((p) => ({ ...p, validFrom: today, validTo: null })), undefined, scope.communityId);
  const clashOf = (p: JoinPoint) => {
    const i = clashes.find((c) => pendingPoints[c.index]!.code === p.code && pendingPoints[c.index]!.direction === p.direction);
    return i ? { validFrom: i.validFrom, validTo: i.validTo } : null;
  };
  const order = { PENDING: 0, APPROVED: 1, DECLINED: 1, UNCONFIRMED: 2 } as const;
  return rows
    .sort((a, b) => order[a.status] - order[b.status] || (a.status === "PENDING" ? 0 : (b.decidedAt?.getTime() ?? 0) - (a.decidedAt?.getTime() ?? 0)))
    .map((r) => ({
      id: r.id,
      status: r.status as JoinRequestDto["status"],
      locale: r.locale,
      applicantType: r.applicantType,
      createdAt: r.createdAt.toISOString(),
      confirmedAt: r.confirmedAt?.toISOString() ?? null,
      name: r.name,
      email: r.email,
      address: r.address,
      points: storedPoints.parse(r.points).map((p) => ({ ...p, registered: r.status === "PENDING" ? clashOf(p) : null })),
      acceptedDocuments: storedDocuments.parse(r.acceptedDocuments),
      bank: r.iban && r.accountHolder ? { accountHolder: r.accountHolder, iban: r.iban } : null,
      mandateConsentAt: r.mandateConsentAt?.toISOString() ?? null,
      decidedAt: r.decidedAt?.toISOString() ?? null,
      declineReason: r.declineReason,
      memberId: r.memberId,
    }));
}

async function pendingRequest(db: Tx, scope: CommunityScope, requestId: string) {
  // Unconfirmed requests do not exist for administrators.
  const req = await db.joinRequest.findFirst({ where: { id: requestId, communityId: scope.communityId, status: { not: "UNCONFIRMED" } }, include: { community: { select: { name: true } } } });
  if (!req) throw notFound("Join request");
  if (req.status !== "PENDING") throw new AppError("CONFLICT", `This request was already ${req.status.toLowerCase()}.`);
  return req;
}

/** Claims a PENDING request for a decision (conditional: two admins deciding at once → one wins). */
async function claim(tx: Tx, id: string, data: Prisma.JoinRequestUpdateManyMutationInput) {
  const claimed = await tx.joinRequest.updateMany({ where: { id, status: "PENDING" }, data });
  if (claimed.count !== 1) throw new AppError("CONFLICT", "This request was just decided by someone else.");
}

/** The direct-debit mandate's reference: unique across Dajie because the pseudonym is. */
export const joinMandateReference = (pseudonym: string) => `DJ-${pseudonym}`;

/**
 * Approves a request: in ONE transaction the member (with its personal data), its metering points from
 * `joinedOn`, the bank account and mandate if given, the document acceptances, the resident invitation
 * and the audit events; the request keeps what was accepted and loses its personal columns. Any
 * failure (a reference or metering point already taken, …) leaves nothing. Then the applicant gets
 * the invitation link by e-mail, in their language.
 */
export async function approveJoinRequest(db: Db, actor: Actor, scope: CommunityScope, input: { requestId: string; reference: string; joinedOn: string }, now = new Date()) {
  const req = await pendingRequest(db, scope, input.requestId);
  const points: JoinPoint[] = storedPoints.parse(req.points);
  const email = req.email!;
  const result = await db.$transaction(async (tx) => {
    await claim(tx, req.id, { status: "APPROVED", decidedAt: now, decidedById: actor.userId, name: null, email: null, address: null, accountHolder: null, iban: null });
    const taken = await tx.member.findUnique({ where: { communityId_reference: { communityId: scope.communityId, reference: input.reference } }, select: { id: true } });
    if (taken) throw new AppError("CONFLICT", "Another member already has this reference.", [{ where: "reference", message: `${input.reference} is already used in this community.` }]);
    const member = await tx.member.create({
      data: {
        communityId: scope.communityId,
        pseudonym: newPseudonym(),
        reference: input.reference,
        kind: memberKindOf(points),
        memberType: memberTypeOf(req.applicantType),
        joinedOn: isoToDate(input.joinedOn),
        personal: { create: { name: req.name, email: req.email, address: req.address } },
      },
    });
    const pointInputs = points.map((p) => ({ code: p.code, direction: p.direction, capacityKw: p.capacityKw, validFrom: input.joinedOn, validTo: null }));
    // Checked after the member is written, inside the transaction: a clash undoes the member too.
    const clashes = await findOverlappingPoints(tx, pointInputs, undefined, scope.communityId);
    if (clashes.length) {
      throw new AppError(
        "CONFLICT",
        `Not approved: ${clashes.map((c) => c.code).join(", ")} ${clashes.length === 1 ? "is" : "are"} already registered for an overlapping period. Nothing was created.`,
        clashes.map((c) => ({ where: `points.${c.index}.code`, message: `${c.code} is registered from ${c.validFrom}${c.validTo ? ` to ${c.validTo}` : " with no end"}.` })),
      );
    }
    await createMeteringPointRows(tx, scope.communityId, member.id, pointInputs);
    const mandateReference = req.mandateConsentAt ? joinMandateReference(member.pseudonym) : null;
    if (req.iban && req.accountHolder) {
      await tx.memberBankAccount.create({ data: { memberId: member.id, accountHolder: req.accountHolder, iban: req.iban } });
      // The consent given on the join page is a CORE mandate (a household's scheme), signed that day.
      if (mandateReference && req.mandateConsentAt) {
        await tx.memberMandate.create({ data: { memberId: member.id, reference: mandateReference, scheme: "CORE", signedOn: isoToDate(dateToIso(req.mandateConsentAt)) } });
      }
    }
    const accepted = storedDocuments.parse(req.acceptedDocuments);
    if (accepted.length) await tx.memberDocumentAcceptance.createMany({ data: accepted.map((d) => ({ memberId: member.id, documentId: d.documentId, acceptedAt: new Date(d.acceptedAt) })) });
    await tx.joinRequest.update({ where: { id: req.id }, data: { memberId: member.id } });
    const invitation = await createInvitationIn(tx, actor, { kind: "RESIDENT", email, memberId: member.id, auditOrgId: scope.orgId, communityId: scope.communityId });
    await recordAudit(tx, actor, {
      orgId: scope.orgId,
      communityId: scope.communityId,
      action: "join-request.approve",
      objectType: "join-request",
      objectId: req.id,
      after: {
        memberId: member.id,
        reference: input.reference,
        joinedOn: input.joinedOn,
        applicantType: req.applicantType,
        meteringPoints: pointInputs.map((p) => `${p.code} ${p.direction}`),
        documents: accepted.map((d) => ({ kind: d.kind, version: d.version, acceptedAt: d.acceptedAt })),
        bankAccount: req.iban !== null,
        mandateReference,
        invitationId: invitation.id,
        personal: { name: req.name, email: req.email, address: req.address },
      },
    });
    return { memberId: member.id, invitationId: invitation.id, link: invitation.link };
  });
  const emailed = await sendJoinMail(email, "approved", req.locale, { community: req.community.name, link: result.link, days: INVITATION_DAYS });
  return { memberId: result.memberId, invitationId: result.invitationId, emailed };
}

/** Declines a request with a reason the applicant reads (by e-mail, in their language). */
export async function declineJoinRequest(db: Db, actor: Actor, scope: CommunityScope, input: { requestId: string; reason: string }, now = new Date()) {
  const req = await pendingRequest(db, scope, input.requestId);
  await db.$transaction(async (tx) => {
    await claim(tx, req.id, { status: "DECLINED", decidedAt: now, decidedById: actor.userId, declineReason: input.reason });
    // The reason is about a person: the audit log keeps only that one was given.
    await recordAudit(tx, actor, { orgId: scope.orgId, communityId: scope.communityId, action: "join-request.decline", objectType: "join-request", objectId: req.id, after: { personal: { reason: input.reason } } });
  });
  const emailed = await sendJoinMail(req.email!, "declined", req.locale, { community: req.community.name, reason: input.reason });
  return { emailed };
}

/**
 * Erases what is no longer needed (personal data): declined requests `days` after the decision, and
 * requests never confirmed once their link has expired. Approved requests hold no personal data.
 */
export async function purgeJoinRequests(db: Tx, now = new Date(), days = JOIN_REQUEST_RETENTION_DAYS): Promise<{ declined: number; unconfirmed: number }> {
  const declined = await db.joinRequest.deleteMany({ where: { status: "DECLINED", decidedAt: { lt: new Date(now.getTime() - days * 24 * HOUR_MS) } } });
  const unconfirmed = await db.joinRequest.deleteMany({ where: { status: "UNCONFIRMED", tokenExpiresAt: { lt: now } } });
  return { declined: declined.count, unconfirmed: unconfirmed.count };
}
