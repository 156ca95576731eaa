// The public figures of a community (/c/[slug]): reads per-member daily energy, the final settlement
// runs and today's members, and hands them to the pure builder (public-figures.ts), which applies the
// privacy rule. Nothing per member leaves this module: member ids are only keys inside it.
//
// Shared energy (dynamic and Italian CER rules) is computed per settlement interval in SQL, exactly:
// E_t = min(Σ consumption_t, Σ injection_t) over the members valid at t. Each member's part of E_t is
// taken from the binding side — their injection when injection is the smaller sum (all of it is
// shared), their consumption otherwise (all of it is covered) — so the parts add up to E_t exactly and
// say whose data the figure is made of. Readings longer than the interval are spread over it as the
// settlement engine does (run-inputs.ts: evenly, the remainder to the first intervals). The page
// reads these rows precomputed per member and day (daily-energy.ts); memberDays stays the reference.
import type { Db, Tx } from "@/server/db/client";
import { dailyEnergy } from "./daily-energy";
import { notFound } from "@/server/errors";
import { publicFigures, type MemberDay, type MemberKind, type PublicFigures, type SettledPeriod } from "./public-figures";
import { KeptPromises } from "@/server/shared/kept-promises";
import { dateToIso } from "@/server/shared/validation";
import { parseRunTotals } from "@/server/settlement/run-schemas";
import { publicDataChanged, publicDataVersion, readPublicDataVersion } from "./public-data-version";

/** The municipality's public contact: its e-mail, telephone and postal address lines; null when it has none. */
export interface PublicContact {
  email: string | null;
  phone: string | null;
  address: string[];
}

export interface PublicCommunity {
  name: string;
  slug: string;
  municipality: string;
  contact: PublicContact | null;
  timeZone: string;
  intervalMinutes: number;
  ruleKind: "DYNAMIC" | "STATIC" | "STATIC_REDISTRIBUTE" | "IT_CER" | "MARKET";
  privacyThreshold: number;
  co2GramsPerKWh: number;
}

export interface PublicStats {
  community: PublicCommunity;
  /** Figures cover whole local days up to (not including) this date: today is not over yet. */
  until: string;
  figures: PublicFigures;
}

interface DayRow {
  member: string;
  day: string;
  c: string | null;
  p: string | null;
  s: string;
}

/**
 * The reference: per member and local day, from the readings. `until` (exclusive; null = no end) caps
 * the figures; `fromDay` (a local date) leaves out the days before it — the readings of the day
 * before are still read, since a reading longer than the interval spills into the next slots (an hour
 * at most, by the table's CHECK). daily-energy.ts keeps these rows precomputed; the public page reads those.
 */
export async function memberDays(db: Tx, c: { id: string; timeZone: string; intervalMinutes: number }, until: Date | null, fromDay: string | null = null): Promise<MemberDay[]> {
  const step = `${c.intervalMinutes} minutes`;
  const stepSeconds = c.intervalMinutes * 60;
  const tz = c.timeZone;
  const rows = await db.$queryRaw<DayRow[]>`
    WITH w0 AS (
      SELECT mp.id, mp.meter_id, mp.direction::text AS direction, m.id AS member_id,
             greatest(mp.valid_from::timestamp AT TIME ZONE ${tz}, m.joined_on::timestamp AT TIME ZONE ${tz}) AS w_from,
             least(coalesce(mp.valid_to::timestamp AT TIME ZONE ${tz}, 'infinity'::timestamptz),
                   coalesce(m.left_on::timestamp AT TIME ZONE ${tz}, 'infinity'::timestamptz), coalesce(${until}::timestamptz, 'infinity'::timestamptz)) AS w_to
      FROM metering_point mp JOIN member m ON m.id = mp.member_id
      WHERE mp.community_id = ${c.id}::uuid
    ),
    -- The community's share of each meter (ADR 0009): the windows split by factor version, 100 % before the first.
    f AS (
      SELECT meter_id, valid_from::timestamp AT TIME ZONE ${tz} AS f_from,
             coalesce((lead(valid_from) OVER (PARTITION BY meter_id ORDER BY valid_from))::timestamp AT TIME ZONE ${tz}, 'infinity'::timestamptz) AS f_to,
             basis_points AS bp
      FROM participation_factor WHERE community_id = ${c.id}::uuid
    ),
    w AS (
      SELECT w0.id, w0.meter_id, w0.direction, w0.member_id, w0.w_from,
             least(w0.w_to, coalesce((SELECT min(f.f_from) FROM f WHERE f.meter_id = w0.meter_id), 'infinity'::timestamptz)) AS w_to, 10000 AS bp
      FROM w0
      UNION ALL
      SELECT w0.id, w0.meter_id, w0.direction, w0.member_id, greatest(w0.w_from, f.f_from), least(w0.w_to, f.f_to), f.bp
      FROM w0 JOIN f ON f.meter_id = w0.meter_id WHERE f.bp > 0
    ),
    o AS (SELECT '2000-01-03'::timestamp AT TIME ZONE ${tz} AS origin,
                 coalesce(${fromDay}::date::timestamp AT TIME ZONE ${tz}, '-infinity'::timestamptz) AS first_slot),
    r AS (
      SELECT w.member_id, w.direction, date_bin(${step}::interval, rd.interval_start, o.origin) AS slot, rd.energy_mwh * w.bp / 10000 AS e
      FROM w CROSS JOIN o JOIN reading rd ON rd.metering_point_id = w.meter_id AND rd.interval_start >= w.w_from AND rd.interval_start < w.w_to
        AND rd.interval_start >= o.first_slot - interval '1 day'
      WHERE w.w_from < w.w_to AND rd.interval_seconds <= ${stepSeconds}
      UNION ALL
      SELECT w.member_id, w.direction, date_bin(${step}::interval, rd.interval_start, o.origin) + j * ${step}::interval,
             (rd.energy_mwh / n.parts + CASE WHEN j < rd.energy_mwh % n.parts THEN 1 ELSE 0 END) * w.bp / 10000
      FROM w CROSS JOIN o JOIN reading rd ON rd.metering_point_id = w.meter_id AND rd.interval_start >= w.w_from AND rd.interval_start < w.w_to
        AND rd.interval_start >= o.first_slot - interval '1 day'
      CROSS JOIN LATERAL (SELECT ((rd.interval_seconds + ${stepSeconds} - 1) / ${stepSeconds})::int AS parts) n
      CROSS JOIN LATERAL generate_series(0, n.parts - 1) AS j
      WHERE w.w_from < w.w_to AND rd.interval_seconds > ${stepSeconds}
        AND date_bin(${step}::interval, rd.interval_start, o.origin) + j * ${step}::interval < w.w_to
    ),
    ms AS (
      SELECT member_id, slot, sum(e) FILTER (WHERE direction = 'CONSUMPTION') AS c, sum(e) FILTER (WHERE direction = 'INJECTION') AS p
      FROM r GROUP BY member_id, slot
    ),
    ts AS (SELECT slot, coalesce(sum(c), 0) AS c, coalesce(sum(p), 0) AS p FROM ms GROUP BY slot)
    SELECT ms.member_id::text AS member, to_char((ms.slot AT TIME ZONE ${tz})::date, 'YYYY-MM-DD') AS day,
           sum(ms.c)::text AS c, sum(ms.p)::text AS p,
           sum(CASE WHEN ts.p <= ts.c THEN coalesce(ms.p, 0) ELSE coalesce(ms.c, 0) END)::text AS s
    FROM ms JOIN ts USING (slot) CROSS JOIN o
    WHERE ms.slot >= o.first_slot
    GROUP BY 1, 2 ORDER BY 2, 1`;
  return rows.map((r) => ({
    member: r.member,
    day: r.day,
    consumptionMWh: r.c === null ? null : BigInt(r.c),
    injectionMWh: r.p === null ? null : BigInt(r.p),
    sharedMWh: BigInt(r.s),
  }));
}

const CREDIT_KINDS = ["SHARED_ENERGY_CREDIT", "INCENTIVE_CREDIT"];

/** The latest final run of every settled period, with members' results and the credits in the ledger. */
async function settledPeriods(db: Tx, communityId: string): Promise<SettledPeriod[]> {
  const runs = await db.settlementRun.findMany({
    where: { communityId },
    orderBy: [{ periodStart: "asc" }, { version: "desc" }],
    select: { id: true, periodStart: true, periodEnd: true, version: true, totals: true },
  });
  const latest = new Map<string, (typeof runs)[number]>();
  for (const r of runs) {
    const key = `${dateToIso(r.periodStart)}/${dateToIso(r.periodEnd)}`;
    if (!latest.has(key)) latest.set(key, r);
  }
  const ids = [...latest.values()].map((r) => r.id);
  const members = await db.settlementRunMember.findMany({
    where: { runId: { in: ids } },
    select: { runId: true, memberId: true, allocatedMWh: true, deliveredMWh: true, creditCents: true, winCents: true },
  });
  // Credits posted to PC accounts, with reversals of them: net over all versions of the period.
  const paid = await db.$queryRaw<{ start: Date; end: Date; cents: string }[]>`
    SELECT r.period_start AS start, r.period_end AS end, sum(e.amount_cents)::text AS cents
    FROM ledger_entry e
    JOIN settlement_run r ON r.id = e.run_id
    LEFT JOIN ledger_entry o ON o.community_id = e.community_id AND o.seq = e.reverses_seq
    WHERE e.community_id = ${communityId}::uuid AND e.account LIKE 'PC:%' AND coalesce(o.kind, e.kind) = ANY(${CREDIT_KINDS})
    GROUP BY 1, 2`;
  const paidBy = new Map(paid.map((p) => [`${dateToIso(p.start)}/${dateToIso(p.end)}`, BigInt(p.cents)]));
  return [...latest.entries()].map(([key, r]) => {
    const totals = parseRunTotals(r.totals);
    return {
      start: dateToIso(r.periodStart),
      end: dateToIso(r.periodEnd),
      version: r.version,
      sharedMWh: BigInt(totals.sharedMWh),
      communityCreditCents: BigInt(totals.communityCreditCents),
      creditsPaidCents: paidBy.get(key) ?? 0n,
      market: totals.market ? { paidCents: BigInt(totals.valueCents), valueKeptCents: BigInt(totals.market.winCents) } : null,
      members: members
        .filter((m) => m.runId === r.id)
        .map((m) => ({ member: m.memberId, allocatedMWh: m.allocatedMWh, deliveredMWh: m.deliveredMWh, creditCents: m.creditCents, winCents: m.winCents })),
    };
  });
}

/** The local date of an instant in a time zone. */
function localDate(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(instant);
}

export async function publicStats(db: Db, slug: string, opts: { now?: Date } = {}): Promise<PublicStats> {
  const c = await db.community.findUnique({ where: { slug }, include: { municipality: { select: { name: true, legalName: true, street: true, postcode: true, city: true, billingEmail: true, publicPhone: true } } } });
  if (!c) throw notFound("Community");
  const today = localDate(opts.now ?? new Date(), c.timeZone);
  // The daily rows precomputed (daily-energy.ts), equal to memberDays(db, c, <today's local midnight>).
  const [days, periods, members] = await Promise.all([
    dailyEnergy(db, c, today),
    settledPeriods(db, c.id),
    db.member.findMany({
      where: { communityId: c.id, joinedOn: { lte: new Date(`${today}T00:00:00Z`) }, OR: [{ leftOn: null }, { leftOn: { gt: new Date(`${today}T00:00:00Z`) } }] },
      select: { id: true, kind: true },
    }),
  ]);
  const figures = publicFigures({
    policy: { k: c.privacyThreshold },
    co2GramsPerKWh: c.co2GramsPerKWh,
    sharedPerInterval: c.ruleKind === "DYNAMIC" || c.ruleKind === "IT_CER",
    days,
    periods,
    members: members.map((m) => ({ member: m.id, kind: m.kind as MemberKind })),
  });
  return {
    community: {
      name: c.name,
      slug: c.slug,
      municipality: c.municipality.name,
      contact: publicContact(c.municipality),
      timeZone: c.timeZone,
      intervalMinutes: c.intervalMinutes,
      ruleKind: c.ruleKind,
      privacyThreshold: c.privacyThreshold,
      co2GramsPerKWh: c.co2GramsPerKWh,
    },
    until: today,
    figures,
  };
}

/** The contact a municipality's identity gives (legal name, street, postcode and city, e-mail, public telephone). */
export function publicContact(o: { legalName: string | null; street: string | null; postcode: string | null; city: string | null; billingEmail: string | null; publicPhone: string | null }): PublicContact | null {
  const town = [o.postcode, o.city].filter(Boolean).join(" ");
  const address = [o.legalName, o.street, town].filter((l): l is string => !!l && l.trim() !== "");
  return o.billingEmail || o.publicPhone || address.length > 0 ? { email: o.billingEmail || null, phone: o.publicPhone || null, address } : null;
}

const CACHE_MS = 60_000;
const CACHE_MAX = 500;
// On globalThis: Next.js bundles route handlers and pages apart, so a module-level memo would be one per
// bundle, and a finalize through tRPC could not clear what the public page keeps.
const holder = globalThis as typeof globalThis & { dajiePublicStats?: KeptPromises<PublicStats> };
const cached = (holder.dajiePublicStats ??= new KeptPromises<PublicStats>(CACHE_MS, CACHE_MAX));

/**
 * publicStats, kept per community while the public data's version (public-data-version.ts) stays the
 * same, and a minute at most: the public page needs no login, and even from the precomputed daily rows
 * (daily-energy.ts) the figures are a year of member-days, so repeated visits must not repeat the work.
 * Failures (an unknown address) are not kept. A finalize in this process shows at once
 * (forgetPublicStats); an import or a finalize in another process (the CLI, a job) within about a
 * second; anything the version does not see, and a new day, within the minute.
 */
export async function publicStatsCached(db: Db, slug: string, now = Date.now()): Promise<PublicStats> {
  const version = await publicDataVersion(now, () => readPublicDataVersion(db));
  return cached.get(slug, version, now, () => publicStats(db, slug));
}

/**
 * The data of the community at `slug` just changed (after the commit): its kept figures are dropped,
 * and the public data's version moves, so kept pages (server/http/page-cache.ts) are rendered again.
 */
export function forgetPublicStats(slug: string): void {
  cached.delete(slug);
  publicDataChanged();
}
