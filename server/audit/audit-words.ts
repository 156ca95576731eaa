// The audit log in words, for the console and its exports. Pure and isomorphic: the server sends an
// event as codes (its action, its object's type and label parts); the words are the catalogues'
// (messages `auditWords`, in the reader's language on the page, in English in the exports), put
// together here the same way for both. Also where an object lives in the console, and a before/after
// pair as a short list of changed fields.

/** The events the log knows by name; each has its words in messages `auditWords.action` (typed). */
export const AUDIT_ACTION_CODES = [
  "api-token.create",
  "api-token.revoke",
  "auth.account.locked",
  "auth.password-reset.issue",
  "auth.password-reset.use",
  "auth.sign-in.failed",
  "billing.export",
  "billing.invoices.issue",
  "billing.payment-file",
  "community.create",
  "community.set-escos",
  "community.update",
  "community.witness.add",
  "community.witness.quorum",
  "community.witness.remove",
  "csv-mapping.delete",
  "csv-mapping.save",
  "device-token.create",
  "device-token.revoke",
  "invitation.accept",
  "invitation.create",
  "invitation.revoke",
  "market.limits.delete",
  "market.limits.set",
  "member.bank-account",
  "member.create",
  "member.delete",
  "member.end",
  "member.erase",
  "member.erasure-request",
  "member.import-csv",
  "member.update",
  "metering-point.close",
  "metering-point.create",
  "organization.bank-account",
  "organization.billing-identity",
  "organization.create",
  "readings.import",
  "readings.import-correction",
  "settlement.correct",
  "settlement.finalize",
  "witness.log.add",
  "witness.log.remove",
] as const;
export type AuditActionCode = (typeof AUDIT_ACTION_CODES)[number];

/** The kinds of object the log names in words (messages `auditWords.object`). */
export const AUDIT_OBJECT_TYPES = ["member", "metering-point", "SettlementRun", "invitation", "import-batch", "market_limit", "community", "community_witness", "organization", "api_token", "device_token", "user", "csv-mapping", "witnessed_log"] as const;
export type AuditObjectType = (typeof AUDIT_OBJECT_TYPES)[number];

/** What a personal value is written as in the log (server/audit/audit.ts writes these markers). */
export const REDACTED = "[personal data]";
export const REDACTED_CHANGED = "[personal data, changed]";

const isAction = (a: string): a is AuditActionCode => (AUDIT_ACTION_CODES as readonly string[]).includes(a);
const isObjectType = (o: string): o is AuditObjectType => (AUDIT_OBJECT_TYPES as readonly string[]).includes(o);

/** An event's object as parts to word: its type, and the member reference or meter code that names it. */
export interface AuditObject {
  type: string;
  /** The reference of the member it is (type member) or belongs to (an invitation, market limits). */
  memberReference?: string;
  /** The code of the metering point it is. */
  pointCode?: string;
}

/** Who acted: a user by name ("Name <e-mail>"), or a kind worded by the catalogue (auditWords.actor). */
export type AuditActor = { kind: "user"; label: string } | { kind: "system" } | { kind: "former-user" } | { kind: "scheduler" } | { kind: "cli"; name: string };

/** The catalogue's words, from next-intl's translator of the `auditWords` namespace (page or server). */
export interface AuditWords {
  action(code: AuditActionCode): string;
  object(type: AuditObjectType): string;
  /** "member C-001" */
  member(reference: string): string;
  /** "invitation of member C-001" */
  ofMember(kind: string, reference: string): string;
  /** "metering point IT001…" */
  point(code: string): string;
  personalData(): string;
  personalDataChanged(): string;
  /** "system", "a former user", "scheduler" */
  actorKind(kind: "system" | "former-user" | "scheduler"): string;
  /** "command line: name" */
  cli(name: string): string;
}

/** Who acted, in words: a user's name as it is, a kind of actor worded. */
export function actorWords(w: AuditWords, a: AuditActor): string {
  return a.kind === "user" ? a.label : a.kind === "cli" ? w.cli(a.name) : w.actorKind(a.kind);
}

/** Words from a code's parts, for a code the catalogue does not know: "thing.did-stuff" → "Thing did stuff". */
export function wordsFromCode(code: string): string {
  const words = code.replace(/[._-]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** "invitation.create" → "Invitation sent" (in the words' language). */
export function actionWords(w: AuditWords, action: string): string {
  return isAction(action) ? w.action(action) : wordsFromCode(action);
}

/** The object in words: "member C-001", "invitation of member C-001", "metering point IT001…", or its kind. */
export function objectWords(w: AuditWords, o: AuditObject): string {
  const kind = isObjectType(o.type) ? w.object(o.type) : o.type.replace(/[_-]+/g, " ");
  if (o.memberReference !== undefined) return o.type === "member" ? w.member(o.memberReference) : w.ofMember(kind, o.memberReference);
  if (o.type === "metering-point" && o.pointCode !== undefined) return w.point(o.pointCode);
  return kind;
}

/** A value as the reader's language shows it: the personal-data markers worded, anything else as it is. */
export function valueWords(w: AuditWords, value: string): string {
  return value === REDACTED ? w.personalData() : value === REDACTED_CHANGED ? w.personalDataChanged() : value;
}

/** The known events with their words, sorted by the words in the given language, for the console's filter. */
export function auditActionOptions(w: AuditWords, locale: string): { action: AuditActionCode; label: string }[] {
  return AUDIT_ACTION_CODES.map((action) => ({ action, label: w.action(action) })).sort((a, b) => a.label.localeCompare(b.label, locale));
}

/** The console page of an event's object, where there is one. */
export function objectHref(e: { objectType: string; objectId: string; communityId: string | null; after?: unknown; before?: unknown }): string | null {
  const c = e.communityId ? `/console/communities/${e.communityId}` : null;
  const memberOf = (v: unknown) => (v && typeof v === "object" && typeof (v as { memberId?: unknown }).memberId === "string" ? (v as { memberId: string }).memberId : null);
  switch (e.objectType) {
    case "member":
      return c && `${c}/members/${e.objectId}`;
    case "metering-point":
      return c && `${c}/readings?point=${e.objectId}`;
    case "SettlementRun":
      return c && `${c}/settlement/runs/${e.objectId}`;
    case "invitation": {
      const member = memberOf(e.after) ?? memberOf(e.before);
      return c && (member ? `${c}/members/${member}` : `${c}/invitations`);
    }
    case "import-batch":
      return c && `${c}/readings`;
    case "market_limit":
      // The id is "memberId:side:validFrom".
      return c && `${c}/members/${e.objectId.split(":")[0]}`;
    case "community":
      return `/console/communities/${e.objectId}`;
    case "community_witness":
      return c && `${c}/settings`;
    case "organization":
      return `/console/orgs/${e.objectId}`;
    default:
      return null;
  }
}

export interface FieldChange {
  field: string;
  before: string | null;
  after: string | null;
}

const MAX_VALUE = 120;
function valueText(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  const s = typeof v === "string" ? v : JSON.stringify(v);
  return s.length > MAX_VALUE ? `${s.slice(0, MAX_VALUE - 1)}…` : s;
}

/** Nested objects to dotted keys, two levels deep (deeper values as JSON text). */
function flatten(v: unknown, prefix = "", depth = 0, out = new Map<string, unknown>()): Map<string, unknown> {
  if (v && typeof v === "object" && !Array.isArray(v) && depth < 2) {
    for (const [k, x] of Object.entries(v)) flatten(x, prefix ? `${prefix}.${k}` : k, depth + 1, out);
  } else if (prefix) out.set(prefix, v);
  return out;
}

/** The fields an event changed (both sides), or every field of a one-sided snapshot; unchanged fields are left out. */
export function changedFields(before: unknown, after: unknown): FieldChange[] {
  const b = flatten(before);
  const a = flatten(after);
  const fields = [...new Set([...b.keys(), ...a.keys()])];
  const changes: FieldChange[] = [];
  for (const field of fields) {
    const x = valueText(b.get(field));
    const y = valueText(a.get(field));
    if (before !== null && before !== undefined && after !== null && after !== undefined && x === y) continue;
    if (x === null && y === null) continue;
    changes.push({ field, before: x, after: y });
  }
  return changes;
}

/** A change list as one line of text (for exports): "kind: consumer → prosumer; name: [personal data, changed]". */
export function changesText(changes: FieldChange[]): string {
  return changes.map((c) => (c.before === null ? `${c.field}: ${c.after}` : c.after === null ? `${c.field}: ${c.before} (removed)` : `${c.field}: ${c.before} → ${c.after}`)).join("; ");
}
