// The organization's audit log as the console shows it: filtered (event, who, date range) in the
// query, newest first, a page at a time; each event as codes the page words in the reader's language
// (its action, its object's type with the member reference or meter code that names it), its actor's
// name, a link to its object where the console has a page, and its before/after as the fields that
// changed. The export is the same list under the same filters, worded in English from the catalogue.
import { z } from "zod";
import type { Prisma } from "@/generated/prisma/client";
import type { Tx } from "@/server/db/client";
import type { ListFile, ListFormat } from "@/server/members/member-list";
import { listFile } from "@/server/members/member-list";
import { actorLabel, actorLabels } from "@/server/shared/actor-names";
import { text } from "@/server/shared/text";
import { isoDate } from "@/server/shared/validation";
import { createTranslator } from "next-intl";
import { MESSAGES } from "@/server/i18n/messages";
import { actionWords, actorWords, changedFields, changesText, objectHref, objectWords, type AuditActor, type AuditObject, type AuditWords, type FieldChange } from "./audit-words";

export const auditListQuery = z
  .object({
    action: text().trim().max(100).optional(),
    actor: text().trim().max(200).optional(),
    /** Calendar days in UTC, both included. */
    from: isoDate.optional(),
    to: isoDate.optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ["to"], message: "The end is before the start." });
export type AuditListQuery = z.input<typeof auditListQuery>;

/** An event's actor from its user id and the users looked up (null = no user acted: the system). */
export function auditActor(id: string | null, users: Map<string, { name: string; email: string }>): AuditActor {
  if (id === null) return { kind: "system" };
  if (id === "scheduler") return { kind: "scheduler" };
  if (id.startsWith("cli:")) return { kind: "cli", name: id.slice(4) };
  return users.has(id) ? { kind: "user", label: actorLabel(id, users) } : { kind: "former-user" };
}

export interface AuditItem {
  id: string;
  at: string;
  /** Who acted: a user by name ("Name <e-mail>", as actor-names.ts names them), or a kind the page words. */
  actor: AuditActor;
  actorId: string | null;
  /** The event's code ("invitation.create"); the page words it ("Invitation sent"). */
  action: string;
  objectType: string;
  objectId: string;
  /** What names the object, for its words: "member C-001", "invitation of member C-001", "metering point IT001…", or its kind. */
  object: AuditObject;
  objectHref: string | null;
  communityId: string | null;
  changes: FieldChange[];
}

function where(orgId: string, q: z.output<typeof auditListQuery>): Prisma.AuditEventWhereInput {
  const and: Prisma.AuditEventWhereInput[] = [{ orgId }];
  if (q.action) and.push({ action: q.action });
  if (q.actor) and.push({ actorUserId: q.actor });
  if (q.from) and.push({ createdAt: { gte: new Date(`${q.from}T00:00:00Z`) } });
  if (q.to) and.push({ createdAt: { lt: new Date(new Date(`${q.to}T00:00:00Z`).getTime() + 86_400_000) } });
  return { AND: and };
}

type Row = Awaited<ReturnType<Tx["auditEvent"]["findMany"]>>[number];

const uuid = z.uuid();

async function toItems(db: Tx, rows: Row[]): Promise<AuditItem[]> {
  const userIds = [...new Set(rows.map((r) => r.actorUserId).filter((a): a is string => a !== null && a !== "scheduler" && !a.startsWith("cli:")))];
  const users = new Map((userIds.length ? await db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true, email: true } }) : []).map((u) => [u.id, u]));
  const memberOf = (v: unknown) => (v && typeof v === "object" && typeof (v as { memberId?: unknown }).memberId === "string" ? (v as { memberId: string }).memberId : null);
  const memberIds = new Set<string>();
  const pointIds = new Set<string>();
  for (const r of rows) {
    if (r.objectType === "member") memberIds.add(r.objectId);
    if (r.objectType === "market_limit") memberIds.add(r.objectId.split(":")[0]!);
    if (r.objectType === "invitation") for (const m of [memberOf(r.after), memberOf(r.before)]) if (m) memberIds.add(m);
    if (r.objectType === "metering-point") pointIds.add(r.objectId);
  }
  const ids = (s: Set<string>) => [...s].filter((x) => uuid.safeParse(x).success);
  const [members, points] = await Promise.all([
    db.member.findMany({ where: { id: { in: ids(memberIds) } }, select: { id: true, reference: true } }),
    db.meteringPoint.findMany({ where: { id: { in: ids(pointIds) } }, select: { id: true, code: true } }),
  ]);
  const reference = new Map(members.map((m) => [m.id, m.reference]));
  const code = new Map(points.map((p) => [p.id, p.code]));
  return rows.map((r) => {
    const member = r.objectType === "member" ? r.objectId : r.objectType === "market_limit" ? r.objectId.split(":")[0]! : r.objectType === "invitation" ? (memberOf(r.after) ?? memberOf(r.before)) : null;
    const memberReference = member ? reference.get(member) : undefined;
    const pointCode = r.objectType === "metering-point" ? code.get(r.objectId) : undefined;
    return {
      id: r.id,
      at: r.createdAt.toISOString(),
      actor: auditActor(r.actorUserId, users),
      actorId: r.actorUserId,
      action: r.action,
      objectType: r.objectType,
      objectId: r.objectId,
      object: { type: r.objectType, ...(memberReference !== undefined ? { memberReference } : {}), ...(pointCode !== undefined ? { pointCode } : {}) },
      objectHref: objectHref({ ...r, after: r.after, before: r.before }),
      communityId: r.communityId,
      changes: changedFields(r.before, r.after),
    };
  });
}

/** The catalogue's audit words in English: the export's columns and words are English, like its header. */
export function englishAuditWords(): AuditWords {
  const t = createTranslator({ locale: "en", messages: MESSAGES.en, namespace: "auditWords" });
  return {
    action: (code) => t(`action.${code}`),
    object: (type) => t(`object.${type}`),
    member: (ref) => t("member", { reference: ref }),
    ofMember: (kind, ref) => t("ofMember", { kind, reference: ref }),
    point: (pointCode) => t("point", { code: pointCode }),
    personalData: () => t("personalData"),
    personalDataChanged: () => t("personalDataChanged"),
    actorKind: (kind) => t(`actor.${kind}`),
    cli: (name) => t("actor.cli", { name }),
  };
}

/** One page of the log under the filters, newest first; `nextCursor` continues it. */
export async function searchAudit(db: Tx, orgId: string, query: AuditListQuery, page: { cursor?: string; limit: number }) {
  const q = auditListQuery.parse(query);
  const rows = await db.auditEvent.findMany({
    where: where(orgId, q),
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: page.limit + 1,
    ...(page.cursor ? { cursor: { id: page.cursor }, skip: 1 } : {}),
  });
  const items = await toItems(db, rows.slice(0, page.limit));
  return { items, nextCursor: rows.length > page.limit ? items[items.length - 1]?.id : undefined };
}

/** Who appears in the log, for the filter (labelled as in the list). */
export async function auditActors(db: Tx, orgId: string): Promise<{ id: string; label: string }[]> {
  const rows = await db.auditEvent.findMany({ where: { orgId, actorUserId: { not: null } }, distinct: ["actorUserId"], select: { actorUserId: true } });
  const names = await actorLabels(db, rows.map((r) => r.actorUserId));
  return rows.map((r) => ({ id: r.actorUserId!, label: names.get(r.actorUserId!) ?? r.actorUserId! })).sort((a, b) => a.label.localeCompare(b.label));
}

export const MAX_AUDIT_EXPORT = 10_000;

/** The log under the filters as a file, newest first (at most MAX_AUDIT_EXPORT events: narrow the dates for more). */
export async function exportAudit(db: Tx, orgId: string, query: AuditListQuery, format: ListFormat): Promise<ListFile> {
  const q = auditListQuery.parse(query);
  const rows = await db.auditEvent.findMany({ where: where(orgId, q), orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: MAX_AUDIT_EXPORT });
  const items = await toItems(db, rows);
  const words = englishAuditWords();
  const header = ["time_utc", "event", "event_code", "actor", "object", "object_type", "object_id", "changes"];
  return listFile(format, "audit-log", "Audit log", header, items.map((i) => [i.at, actionWords(words, i.action), i.action, actorWords(words, i.actor), objectWords(words, i.object), i.objectType, i.objectId, changesText(i.changes)]));
}
