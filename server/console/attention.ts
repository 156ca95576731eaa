// The console home's "needs attention": for each community the caller reaches through their
// organizations, what is waiting and where it is done — periods to review (with how much meter data
// is missing), failed imports, members without an account, requests to join, witness and anchor alerts, final runs
// without invoices. Only what the caller may act on (server/access/scope.ts decides who may what).
import type { Tx } from "@/server/db/client";
import { communityPermissions, type CommunityPermissions } from "@/server/access/scope";
import { periodOverview } from "@/server/settlement/run-views";
import { periodUtc } from "@/server/settlement/periods";

export type AttentionKind = "period" | "failed-imports" | "members-without-account" | "witness-alerts" | "anchor-alerts" | "invoices-to-issue" | "join-requests";

/** How much of a period's meter data is missing: nothing was expected, all is there, under 1 %, or N % (rounded down). */
export type MissingShare = { state: "noneExpected" } | { state: "complete" } | { state: "belowOnePercent" } | { state: "percent"; percent: number };

/**
 * One thing waiting, as a code and its figures: the console words it in the reader's language
 * (messages: console.attention). No text here, so the service knows nothing of languages.
 */
export interface AttentionItem {
  kind: AttentionKind;
  count: number;
  /** For kind "period": the period [start, end) of local dates, why it waits, and the missing data. */
  period?: { start: string; end: string; state: "due" | "changed"; missing: MissingShare };
  /** For kind "failed-imports": over how many days. */
  days?: number;
  /** The console page where it is done. */
  href: string;
}

export interface CommunityAttention {
  communityId: string;
  name: string;
  via: "municipality" | "esco";
  items: AttentionItem[];
}

/** Imports that failed in this many days count as needing attention. */
export const FAILED_IMPORT_DAYS = 30;
const DAY_MS = 86_400_000;

/** The period's expected intervals (every metering point over its validity within the period, up to
 *  now) and the readings present: what "% missing" is made of. */
export async function missingShare(db: Tx, communityId: string, intervalMinutes: number, from: Date, to: Date, now: Date): Promise<{ expected: number; present: number }> {
  const end = to < now ? to : now;
  if (end <= from) return { expected: 0, present: 0 };
  const [row] = await db.$queryRaw<{ expected: bigint; present: bigint }[]>`
    WITH spans AS (
      SELECT GREATEST(mp.valid_from::timestamptz, ${from}::timestamptz) AS s,
             LEAST(COALESCE(mp.valid_to::timestamptz, ${end}::timestamptz), ${end}::timestamptz) AS e
      FROM metering_point mp WHERE mp.community_id = ${communityId}::uuid)
    SELECT
      COALESCE((SELECT sum(GREATEST(0, floor(EXTRACT(EPOCH FROM (e - s)) / ${intervalMinutes * 60})))::bigint FROM spans), 0) AS expected,
      (SELECT count(*) FROM reading r JOIN metering_point mp ON mp.meter_id = r.metering_point_id
        WHERE mp.community_id = ${communityId}::uuid AND r.interval_start >= ${from} AND r.interval_start < ${end}
          AND r.interval_start >= mp.valid_from::timestamptz AND (mp.valid_to IS NULL OR r.interval_start < mp.valid_to::timestamptz)) AS present`;
  return { expected: Number(row?.expected ?? 0n), present: Number(row?.present ?? 0n) };
}

/** Rounded down, so that a period with anything missing never reads as complete. */
export function missingShareOf(share: { expected: number; present: number }): MissingShare {
  if (share.expected === 0) return { state: "noneExpected" };
  const missing = Math.max(0, share.expected - share.present);
  if (missing === 0) return { state: "complete" };
  const percent = Math.floor((missing * 100) / share.expected);
  return percent < 1 ? { state: "belowOnePercent" } : { state: "percent", percent };
}

async function forCommunity(db: Tx, c: { id: string; timeZone: string; intervalMinutes: number; billingOrgId: string | null }, may: CommunityPermissions, now: Date): Promise<AttentionItem[]> {
  const base = `/console/communities/${c.id}`;
  const items: AttentionItem[] = [];
  if (may.settle) {
    for (const p of await periodOverview(db, c.id, now)) {
      if (p.state !== "due" && p.state !== "changed") continue;
      const { from, to } = periodUtc(p.period, c.timeZone);
      const share = await missingShare(db, c.id, c.intervalMinutes, from, to, now);
      items.push({ kind: "period", count: 1, period: { start: p.period.start, end: p.period.end, state: p.state, missing: missingShareOf(share) }, href: `${base}/settlement` });
    }
  }
  if (may.import) {
    const failed = await db.importBatch.count({ where: { communityId: c.id, status: "FAILED", createdAt: { gte: new Date(now.getTime() - FAILED_IMPORT_DAYS * DAY_MS) } } });
    if (failed) items.push({ kind: "failed-imports", count: failed, days: FAILED_IMPORT_DAYS, href: `${base}/readings` });
  }
  if (may.manage) {
    const today = new Date(now.toISOString().slice(0, 10));
    const noAccount = await db.member.count({ where: { communityId: c.id, userId: null, OR: [{ leftOn: null }, { leftOn: { gt: today } }] } });
    if (noAccount) items.push({ kind: "members-without-account", count: noAccount, href: `${base}/members` });
  }
  if (may.configure) {
    const waiting = await db.joinRequest.count({ where: { communityId: c.id, status: "PENDING" } });
    if (waiting) items.push({ kind: "join-requests", count: waiting, href: `${base}/join-requests` });
  }
  if (may.read) {
    const witnesses = await db.communityWitness.count({ where: { communityId: c.id, alert: { not: null } } });
    if (witnesses) items.push({ kind: "witness-alerts", count: witnesses, href: `${base}/settings` });
    const anchors = await db.anchor.count({ where: { communityId: c.id, status: "FAILED" } });
    if (anchors) items.push({ kind: "anchor-alerts", count: anchors, href: `${base}/ledger` });
  }
  if (may.payments && c.billingOrgId) {
    const [row] = await db.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM settlement_run r
      WHERE r.community_id = ${c.id}::uuid AND NOT EXISTS (SELECT 1 FROM invoice i WHERE i.run_id = r.id)
        AND NOT EXISTS (SELECT 1 FROM settlement_run later WHERE later.corrects_id = r.id)`;
    const runs = Number(row?.n ?? 0n);
    if (runs) items.push({ kind: "invoices-to-issue", count: runs, href: `${base}/settlement` });
  }
  return items;
}

/** What needs attention in every community the user reaches, with what they may do there. */
export async function attentionFor(db: Tx, userId: string, now: Date): Promise<CommunityAttention[]> {
  const memberships = await db.orgMembership.findMany({ where: { userId }, select: { orgId: true, role: true } });
  const orgIds = memberships.map((m) => m.orgId);
  if (!orgIds.length) return [];
  const communities = await db.community.findMany({
    where: { OR: [{ municipalityId: { in: orgIds } }, { escos: { some: { escoId: { in: orgIds } } } }] },
    select: { id: true, name: true, timeZone: true, intervalMinutes: true, billingOrgId: true, municipalityId: true, escos: { select: { escoId: true } } },
    orderBy: { name: "asc" },
  });
  const out: CommunityAttention[] = [];
  for (const c of communities) {
    const municipalRole = memberships.find((m) => m.orgId === c.municipalityId)?.role ?? null;
    const esco = c.escos.some((e) => orgIds.includes(e.escoId));
    const items = await forCommunity(db, c, communityPermissions(municipalRole, esco), now);
    out.push({ communityId: c.id, name: c.name, via: municipalRole ? "municipality" : "esco", items });
  }
  return out;
}
