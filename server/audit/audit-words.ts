// The audit log in words, for the console and its exports. Pure: event names as people say them,
// where an object lives in the console, and a before/after pair as a short list of changed fields.

const ACTIONS: Record<string, string> = {
  "api-token.create": "API token created",
  "api-token.revoke": "API token revoked",
  "auth.account.locked": "Account locked after failed sign-ins",
  "auth.password-reset.issue": "Password reset link issued",
  "auth.password-reset.use": "Password reset",
  "auth.sign-in.failed": "Sign-in failed",
  "billing.export": "Billing file downloaded",
  "billing.invoices.issue": "Invoices issued",
  "billing.payment-file": "Payment file created",
  "community.create": "Community created",
  "community.set-escos": "Serving ESCOs changed",
  "community.update": "Community settings changed",
  "community.witness.add": "Witness added",
  "community.witness.quorum": "Witness quorum changed",
  "community.witness.remove": "Witness removed",
  "csv-mapping.delete": "Column mapping deleted",
  "csv-mapping.save": "Column mapping saved",
  "device-token.create": "Device token created",
  "device-token.revoke": "Device token revoked",
  "invitation.accept": "Invitation accepted",
  "invitation.create": "Invitation sent",
  "invitation.revoke": "Invitation revoked",
  "market.limits.delete": "Market limits removed",
  "market.limits.set": "Market limits set",
  "member.bank-account": "Member's bank account changed",
  "member.create": "Member added",
  "member.delete": "Member deleted",
  "member.end": "Membership ended",
  "member.erase": "Member's personal data erased",
  "member.erasure-request": "Erasure requested",
  "member.import-csv": "Members imported",
  "member.update": "Member changed",
  "metering-point.close": "Metering point ended",
  "metering-point.create": "Metering point added",
  "organization.bank-account": "Organization's bank account changed",
  "organization.billing-identity": "Billing identity changed",
  "organization.create": "Organization created",
  "readings.import": "Meter data imported",
  "readings.import-correction": "Meter data imported with corrections",
  "settlement.correct": "Run corrected",
  "settlement.finalize": "Run finalized",
  "witness.log.add": "Witnessed log added",
  "witness.log.remove": "Witnessed log removed",
};

/** The known event names with their words, for the console's filter. */
export const AUDIT_ACTIONS = Object.entries(ACTIONS)
  .map(([action, label]) => ({ action, label }))
  .sort((a, b) => a.label.localeCompare(b.label));

/** "invitation.create" → "Invitation sent"; an unknown name reads as words from its parts. */
export function actionWords(action: string): string {
  const known = ACTIONS[action];
  if (known) return known;
  const words = action.replace(/[._-]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
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

const OBJECT_WORDS: Record<string, string> = {
  member: "member",
  "metering-point": "metering point",
  SettlementRun: "settlement run",
  invitation: "invitation",
  "import-batch": "meter data import",
  market_limit: "market limits",
  community: "community",
  community_witness: "witness",
  organization: "organization",
  api_token: "API token",
  device_token: "device token",
  user: "user",
  "csv-mapping": "column mapping",
  witnessed_log: "witnessed log",
};
export const objectWords = (objectType: string) => OBJECT_WORDS[objectType] ?? objectType.replace(/[_-]+/g, " ");

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
