// What the console shows of settlement: a preview, the list of runs, one run with its per-member
// results and checkpoint, and the state of recent periods. DTOs carry exact numbers as strings.
import type { Tx } from "@/server/db/client";
import { notFound } from "@/server/errors";
import { addDays, localDate, periodContaining, periodUtc, type Period, type PeriodKind } from "./periods";
import type { Computation, GapRow, RunTotals } from "./run-computation";
import { figuresToStrings, type MemberFigures } from "./member-figures";
import { parseAcceptedGaps, parseRuleSnapshot, parseRunTotals, type AcceptedGap, type RuleSnapshot } from "./run-schemas";
import { dateToIso } from "@/server/shared/validation";
import { averagePriceEurPerKWh } from "@/server/residents/credit-calculation";
import { actorLabels } from "@/server/shared/actor-names";
import { loadRunInputs } from "./run-inputs";
import { missingShare, type MissingShare } from "./missing-share";


export interface MemberRowDto extends MemberFigures<string> {
  memberId: string;
  pseudonym: string;
  reference: string;
  kind: string;
  /** Market rule only (else null): the win in cents, and paid ÷ bought, earned ÷ sold in EUR/kWh. */
  winCents: string | null;
  buyPriceEurPerKWh: string | null;
  sellPriceEurPerKWh: string | null;
}

export interface RunSummaryDto {
  id: string;
  periodStart: string;
  periodEnd: string;
  version: number;
  correctsId: string | null;
  totals: RunTotals;
  checkpointSize: string;
  checkpointRoot: string;
  firstSeq: string;
  lastSeq: string;
  acceptedGaps: number;
  startedBy: string;
  /** Who finalized it, in words: "Name <e-mail>", "command line: name" or "scheduler". */
  startedByName: string;
  createdAt: string;
  /** A later run of the same period exists (this one has been reversed by it). */
  superseded: boolean;
}

export interface PreviewDto {
  period: Period;
  from: string;
  to: string;
  intervalMinutes: number;
  intervals: number;
  inputsDigest: string;
  members: MemberRowDto[];
  gaps: GapRow[];
  /** How much of the period's meter data is missing, over all metering points. */
  missing: MissingShare;
  totals: Computation["totals"];
  entries: number;
  /** The period's latest final run, and whether finalizing now would repeat it or correct it. */
  latest: { id: string; version: number; sameInputs: boolean } | null;
}

export function memberRowDto(m: Omit<Computation["members"][number], "winCents"> & { winCents: bigint | null }): MemberRowDto {
  const market = m.winCents !== null;
  return {
    memberId: m.memberId,
    pseudonym: m.pseudonym,
    reference: m.reference,
    kind: m.kind,
    ...figuresToStrings(m),
    winCents: m.winCents?.toString() ?? null,
    buyPriceEurPerKWh: market ? averagePriceEurPerKWh(m.debitCents, m.allocatedMWh) : null,
    sellPriceEurPerKWh: market ? averagePriceEurPerKWh(m.creditCents, m.deliveredMWh) : null,
  };
}

export async function previewDto(db: Tx, c: Computation): Promise<PreviewDto> {
  const latest = await db.settlementRun.findFirst({
    where: { communityId: c.inputs.community.id, periodStart: new Date(`${c.inputs.period.start}T00:00:00Z`), periodEnd: new Date(`${c.inputs.period.end}T00:00:00Z`) },
    orderBy: { version: "desc" },
    select: { id: true, version: true, inputsDigest: true },
  });
  return {
    period: c.inputs.period,
    from: c.inputs.from.toISOString(),
    to: c.inputs.to.toISOString(),
    intervalMinutes: c.inputs.community.intervalMinutes,
    intervals: c.inputs.intervalCount,
    inputsDigest: c.inputs.inputsDigest,
    members: c.members.map(memberRowDto),
    gaps: c.gaps,
    missing: missingShare(c.inputs.series),
    totals: c.totals,
    entries: c.postings.length,
    latest: latest ? { id: latest.id, version: latest.version, sameInputs: latest.inputsDigest === c.inputs.inputsDigest } : null,
  };
}

type RunRow = {
  id: string;
  periodStart: Date;
  periodEnd: Date;
  version: number;
  correctsId: string | null;
  totals: unknown;
  gaps: unknown;
  checkpointSize: bigint;
  checkpointRoot: string;
  firstSeq: bigint;
  lastSeq: bigint;
  startedBy: string;
  createdAt: Date;
};

function summary(r: RunRow, superseded: boolean, names: Map<string, string>): RunSummaryDto {
  return {
    id: r.id,
    periodStart: dateToIso(r.periodStart),
    periodEnd: dateToIso(r.periodEnd),
    version: r.version,
    correctsId: r.correctsId,
    totals: parseRunTotals(r.totals),
    checkpointSize: r.checkpointSize.toString(),
    checkpointRoot: r.checkpointRoot,
    firstSeq: r.firstSeq.toString(),
    lastSeq: r.lastSeq.toString(),
    acceptedGaps: parseAcceptedGaps(r.gaps).length,
    startedBy: r.startedBy,
    startedByName: names.get(r.startedBy) ?? r.startedBy,
    createdAt: r.createdAt.toISOString(),
    superseded,
  };
}

/** Newest first. */
export async function listRuns(db: Tx, communityId: string): Promise<RunSummaryDto[]> {
  const rows = await db.settlementRun.findMany({ where: { communityId }, orderBy: [{ createdAt: "desc" }, { version: "desc" }] });
  const corrected = new Set(rows.map((r) => r.correctsId).filter((id): id is string => id !== null));
  const names = await actorLabels(db, rows.map((r) => r.startedBy));
  return rows.map((r) => summary(r, corrected.has(r.id), names));
}

/** A run as the REST API documents it (server/api/rest/router.ts). */
export function apiRun(r: RunSummaryDto) {
  const { members, consumptionMWh, injectionMWh, sharedMWh, surplusMWh, valueCents, communityCreditCents, entries } = r.totals;
  return {
    id: r.id,
    periodStart: r.periodStart,
    periodEnd: r.periodEnd,
    version: r.version,
    correctsId: r.correctsId,
    superseded: r.superseded,
    checkpoint: { treeSize: r.checkpointSize, root: r.checkpointRoot },
    totals: { members, consumptionMWh, injectionMWh, sharedMWh, surplusMWh, valueCents, communityCreditCents, entries },
    createdAt: r.createdAt,
  };
}

export interface RunDetailDto extends RunSummaryDto {
  ruleSnapshot: RuleSnapshot;
  inputsDigest: string;
  gaps: AcceptedGap[];
  members: MemberRowDto[];
}

export async function getRunDetail(db: Tx, communityId: string, runId: string): Promise<RunDetailDto> {
  const run = await db.settlementRun.findFirst({ where: { id: runId, communityId } });
  if (!run) throw notFound("Settlement run");
  const [members, later] = await Promise.all([
    db.settlementRunMember.findMany({ where: { runId }, include: { run: false } }),
    db.settlementRun.count({ where: { correctsId: runId } }),
  ]);
  const refs = new Map(
    (await db.member.findMany({ where: { id: { in: members.map((m) => m.memberId) } }, select: { id: true, reference: true, kind: true } })).map((m) => [m.id, m]),
  );
  return {
    ...summary(run, later > 0, await actorLabels(db, [run.startedBy])),
    ruleSnapshot: parseRuleSnapshot(run.ruleSnapshot),
    inputsDigest: run.inputsDigest,
    gaps: parseAcceptedGaps(run.gaps),
    members: members
      .map((m) =>
        memberRowDto({
          ...m,
          reference: refs.get(m.memberId)?.reference ?? "",
          kind: refs.get(m.memberId)?.kind ?? "",
        }),
      )
      .sort((a, b) => (a.reference < b.reference ? -1 : a.reference > b.reference ? 1 : 0)),
  };
}

export const PERIOD_STATES = ["open", "grace", "due", "final", "changed"] as const;
export type PeriodState = (typeof PERIOD_STATES)[number];

export interface PeriodStatusDto {
  period: Period;
  state: PeriodState;
  latestRun: { id: string; version: number } | null;
  /** For an ended period not settled yet: how much meter data is missing (a period with gaps needs review). */
  missing: MissingShare | null;
}

/** Readings imported after the run that fall in its period: the run no longer matches the data. */
export async function readingsChangedSince(db: Tx, communityId: string, from: Date, to: Date, since: Date): Promise<boolean> {
  const [row] = await db.$queryRaw<{ changed: boolean }[]>`
    SELECT EXISTS (
      SELECT 1 FROM import_batch b
      JOIN reading r ON r.batch_id = b.id
      JOIN metering_point mp ON mp.meter_id = r.metering_point_id
      -- Any community's batch: a meter shared with another community may be corrected there (ADR 0009).
      WHERE b.created_at > ${since} AND b.status = 'COMPLETED'
        AND mp.community_id = ${communityId}::uuid AND r.interval_start >= ${from} AND r.interval_start < ${to}
    ) AS changed`;
  return row?.changed ?? false;
}

/** The start of the community's earliest reading, or null when it has none. */
export async function firstReadingAt(db: Tx, communityId: string): Promise<Date | null> {
  const [row] = await db.$queryRaw<{ first: Date | null }[]>`
    SELECT min(r.interval_start) AS first FROM reading r JOIN metering_point mp ON mp.meter_id = r.metering_point_id
      JOIN community c ON c.id = mp.community_id
      WHERE mp.community_id = ${communityId}::uuid AND r.interval_start >= mp.valid_from::timestamp AT TIME ZONE c.time_zone
        AND (mp.valid_to IS NULL OR r.interval_start < mp.valid_to::timestamp AT TIME ZONE c.time_zone)`;
  return row?.first ?? null;
}

/** When the period's final run was last known to match the data: its creation or a later check. */
export async function lastMatched(db: Tx, communityId: string, period: Period, runCreatedAt: Date): Promise<Date> {
  const check = await db.settlementCheck.findUnique({
    where: { communityId_periodStart_periodEnd: { communityId, periodStart: new Date(`${period.start}T00:00:00Z`), periodEnd: new Date(`${period.end}T00:00:00Z`) } },
    select: { checkedAt: true },
  });
  return check && check.checkedAt > runCreatedAt ? check.checkedAt : runCreatedAt;
}

/** The last `count` periods of the community's kind up to the current one, newest first. */
export async function periodOverview(db: Tx, communityId: string, now: Date, count = 6): Promise<PeriodStatusDto[]> {
  const c = await db.community.findUnique({ where: { id: communityId }, select: { timeZone: true, settlementPeriod: true, settlementGraceDays: true } });
  if (!c) throw notFound("Community");
  const kind = c.settlementPeriod as PeriodKind;
  const today = localDate(now, c.timeZone);
  // From the current period back, but not before the first reading: earlier periods have nothing to settle.
  const first = await firstReadingAt(db, communityId);
  const since = first ? localDate(first, c.timeZone) : today;
  const periods: Period[] = [];
  let p = periodContaining(kind, today);
  for (let i = 0; i < count && (i === 0 || p.end > since); i++) {
    periods.push(p);
    p = periodContaining(kind, addDays(p.start, -1));
  }
  const runs = await db.settlementRun.findMany({ where: { communityId }, orderBy: { version: "desc" }, select: { id: true, version: true, periodStart: true, periodEnd: true, createdAt: true } });
  const out: PeriodStatusDto[] = [];
  for (const period of periods) {
    const run = runs.find((r) => dateToIso(r.periodStart) === period.start && dateToIso(r.periodEnd) === period.end);
    let state: PeriodState;
    if (run) {
      const { from, to } = periodUtc(period, c.timeZone);
      state = (await readingsChangedSince(db, communityId, from, to, await lastMatched(db, communityId, period, run.createdAt))) ? "changed" : "final";
    } else if (period.end > today) state = "open";
    else if (addDays(period.end, c.settlementGraceDays) > today) state = "grace";
    else state = "due";
    // An ended, unsettled period is checked for gaps, so that one with missing data does not read "ready".
    const missing = !run && state !== "open" ? missingShare((await loadRunInputs(db, communityId, period)).series) : null;
    out.push({ period, state, latestRun: run ? { id: run.id, version: run.version } : null, missing });
  }
  return out;
}
