// Meter data in the console: preview and import of a file uploaded through
// app/api/communities/[communityId]/uploads, the community's import batches, and per metering point
// daily totals and missing intervals. Every query is filtered by the caller's community.
import { z } from "zod";
import { csvMappingByName, deleteCsvMapping, listCsvMappings, saveCsvMapping } from "@/server/metering/import/csv-mapping-presets";
import { importFile, previewImport, type ImportRequest } from "@/server/metering/import/import-file";
import type { CommunityScope } from "@/server/access/scope";
import type { ScanOptions } from "@/server/metering/import/scan-file";
import { deleteUpload, getUpload } from "@/server/metering/import/uploads";
import { formatWh } from "@/server/metering/energy-units";
import { FORMAT_IDS, type FormatId, type ProblemCode } from "@/server/metering/types";
import type { Tx } from "@/server/db/client";
import { AppError, notFound } from "@/server/errors";
import { dateToIso, isoDate, timeZone } from "@/server/shared/validation";
import { communityProcedure, router } from "../trpc";

const PROBLEM_CODES = [
  "bad-timestamp",
  "nonexistent-local-time",
  "time-zone-missing",
  "bad-interval",
  "not-on-grid",
  "interval-mismatch",
  "duplicate-interval",
  "non-numeric",
  "negative-value",
  "excess-precision",
  "unit-missing",
  "unsupported-unit",
  "unsupported-reading-type",
  "unsupported-meter-code",
  "unsupported-quality",
  "missing-field",
  "metering-point-missing",
  "bad-row",
  "record-too-long",
  "bad-xml",
  "doctype-forbidden",
  "bad-edifact",
  "unknown-metering-point",
  "outside-validity",
] as const satisfies readonly ProblemCode[];

const optionsInput = z
  .object({
    format: z.enum(FORMAT_IDS as [FormatId, ...FormatId[]]).optional(),
    timeZone: timeZone.optional(),
    meteringPoint: z.string().trim().min(1).max(100).optional(),
    skip: z.array(z.enum(PROBLEM_CODES)).max(PROBLEM_CODES.length).optional(),
    aliases: z.record(z.string().max(200), z.string().trim().min(1).max(100)).optional(),
    /** A CSV mapping saved for the community (csv-mapping-presets), by name. */
    savedMapping: z.string().trim().min(1).max(100).optional(),
  })
  .default({});

const fileInput = z.object({ uploadId: z.uuid(), options: optionsInput });

async function scanOptions(db: Tx, communityId: string, o: z.infer<typeof optionsInput>): Promise<ScanOptions> {
  return {
    ...(o.savedMapping ? { csvMapping: await csvMappingByName(db, communityId, o.savedMapping) } : {}),
    ...(o.format ? { format: o.format } : {}),
    ...(o.timeZone ? { timeZone: o.timeZone } : {}),
    ...(o.meteringPoint ? { meteringPoint: o.meteringPoint } : {}),
    ...(o.skip?.length ? { skip: o.skip } : {}),
    ...(o.aliases && Object.keys(o.aliases).length ? { aliases: o.aliases } : {}),
  };
}

const DAY_MS = 86_400_000;
const addDays = (iso: string, n: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);

/** The metering point, looked up within the caller's community, with the community's clock. */
async function pointOf(db: Tx, communityId: string, meteringPointId: string) {
  const point = await db.meteringPoint.findFirst({
    where: { id: meteringPointId, communityId },
    select: { id: true, code: true, direction: true, validFrom: true, validTo: true, community: { select: { timeZone: true, intervalMinutes: true } } },
  });
  if (!point) throw notFound("Metering point");
  return point;
}

const periodInput = z
  .object({ meteringPointId: z.uuid(), from: isoDate, to: isoDate })
  .refine((p) => p.from < p.to, { message: "The period must end after it starts.", path: ["to"] })
  .refine((p) => Date.parse(p.to) - Date.parse(p.from) <= 366 * DAY_MS, { message: "Choose a period of at most 366 days.", path: ["to"] });

/** The caller's own upload (of this community) as an import request from the browser. */
async function uploadRequest(ctx: { db: Tx; scope: CommunityScope; actor: { userId: string; requestId?: string } }, input: z.infer<typeof fileInput>) {
  const upload = await getUpload(input.uploadId, { communityId: ctx.scope.communityId, userId: ctx.actor.userId });
  const request: ImportRequest = {
    communityId: ctx.scope.communityId,
    path: upload.path,
    fileName: upload.fileName,
    options: await scanOptions(ctx.db, ctx.scope.communityId, input.options),
    source: "BROWSER",
    actor: { userId: ctx.actor.userId, orgId: ctx.scope.orgId, requestId: ctx.actor.requestId },
  };
  return { upload, request };
}

export const readingImportRouter = router({
  preview: communityProcedure("import")
    .input(fileInput)
    .mutation(async ({ ctx, input }) => {
      const { upload, request } = await uploadRequest(ctx, input);
      return { ...(await previewImport(ctx.db, request)), fileName: upload.fileName };
    }),

  import: communityProcedure("import")
    .input(fileInput)
    .mutation(async ({ ctx, input }) => {
      const { upload, request } = await uploadRequest(ctx, input);
      const result = await importFile(ctx.db, request);
      await deleteUpload(upload.uploadId);
      return { ...result, fileName: upload.fileName };
    }),

  /** CSV mappings saved for the community, reusable by name for the next files of the same layout. */
  mappings: communityProcedure("read").query(({ ctx }) => listCsvMappings(ctx.db, ctx.scope.communityId)),

  saveMapping: communityProcedure("import")
    .input(z.object({ name: z.string().trim().min(1, "Give the mapping a name.").max(100), mapping: z.unknown() }))
    .mutation(({ ctx, input }) => saveCsvMapping(ctx.db, ctx.actor, ctx.scope, input.name, input.mapping)),

  deleteMapping: communityProcedure("import")
    .input(z.object({ name: z.string().trim().min(1).max(100) }))
    .mutation(({ ctx, input }) => deleteCsvMapping(ctx.db, ctx.actor, ctx.scope, input.name)),

  batches: communityProcedure("read").query(async ({ ctx }) => {
    const rows = await ctx.db.importBatch.findMany({
      where: { communityId: ctx.scope.communityId },
      orderBy: { createdAt: "desc" },
      take: 200,
      select: { id: true, fileName: true, format: true, source: true, status: true, createdAt: true, sizeBytes: true, readingCount: true, readingsNew: true, readingsUnchanged: true, readingsCorrected: true, summary: true },
    });
    return rows.map(({ summary, sizeBytes, createdAt, ...b }) => ({
      ...b,
      createdAt: createdAt.toISOString(),
      sizeBytes: Number(sizeBytes),
      skippedCount: typeof (summary as { skippedCount?: unknown } | null)?.skippedCount === "number" ? (summary as { skippedCount: number }).skippedCount : 0,
    }));
  }),

  readings: communityProcedure("read")
    .input(z.object({ meteringPointId: z.uuid(), from: isoDate.optional(), to: isoDate.optional() }))
    .query(async ({ ctx, input }) => {
      const point = await pointOf(ctx.db, ctx.scope.communityId, input.meteringPointId);
      const tz = point.community.timeZone;
      let to = input.to;
      if (!to) {
        // The day after the last day with data, in the community's time zone.
        const [last] = await ctx.db.$queryRaw<{ day: string | null }[]>`
          SELECT to_char((max(interval_start) AT TIME ZONE ${tz})::date, 'YYYY-MM-DD') AS day FROM reading WHERE metering_point_id = ${point.id}::uuid`;
        to = last?.day ? addDays(last.day, 1) : addDays(new Date().toISOString().slice(0, 10), 1);
      }
      const from = input.from ?? addDays(to, -31);
      if (from >= to || Date.parse(to) - Date.parse(from) > 366 * DAY_MS) throw new AppError("BAD_REQUEST", "Choose a period of 1 to 366 days.");
      const rows = await ctx.db.$queryRaw<{ day: string; mwh: string; intervals: number }[]>`
        SELECT to_char((interval_start AT TIME ZONE ${tz})::date, 'YYYY-MM-DD') AS day, sum(energy_mwh)::text AS mwh, count(*)::int AS intervals
        FROM reading
        WHERE metering_point_id = ${point.id}::uuid
          AND interval_start >= (${from}::date::timestamp AT TIME ZONE ${tz})
          AND interval_start < (${to}::date::timestamp AT TIME ZONE ${tz})
        GROUP BY 1 ORDER BY 1`;
      return {
        meteringPoint: { id: point.id, code: point.code, direction: point.direction },
        timeZone: tz,
        from,
        to,
        days: rows.map((r) => ({ date: r.day, mwh: r.mwh, wh: formatWh(BigInt(r.mwh)), intervals: r.intervals })),
      };
    }),

  gaps: communityProcedure("read")
    .input(periodInput)
    .query(async ({ ctx, input }) => {
      const point = await pointOf(ctx.db, ctx.scope.communityId, input.meteringPointId);
      const tz = point.community.timeZone;
      const stepSeconds = point.community.intervalMinutes * 60;
      // Slots of the community's interval inside the period, the point's validity and the past; a
      // slot is covered when a reading's [start, start + seconds) contains it. Missing slots are
      // merged into runs (gaps and islands).
      const rows = await ctx.db.$queryRaw<{ start: Date; end: Date; intervals: number }[]>`
        WITH bounds AS (
          SELECT greatest((${input.from}::date::timestamp AT TIME ZONE ${tz}), (${dateToIso(point.validFrom)}::date::timestamp AT TIME ZONE ${tz})) AS lo,
                 least((${input.to}::date::timestamp AT TIME ZONE ${tz}),
                       coalesce((${point.validTo ? dateToIso(point.validTo) : null}::date::timestamp AT TIME ZONE ${tz}), 'infinity'::timestamptz),
                       to_timestamp(floor(extract(epoch FROM now()) / ${stepSeconds}) * ${stepSeconds})) AS hi,
                 make_interval(secs => ${stepSeconds}) AS step
        ),
        slots AS (
          SELECT s FROM bounds, generate_series(bounds.lo, bounds.hi - bounds.step, bounds.step) AS s
        ),
        covered AS (
          SELECT generate_series(r.interval_start, r.interval_start + make_interval(secs => r.interval_seconds) - b.step, b.step) AS s
          FROM reading r, bounds b
          WHERE r.metering_point_id = ${point.id}::uuid AND r.interval_start >= b.lo - interval '1 day' AND r.interval_start < b.hi
        ),
        missing AS (SELECT s FROM slots EXCEPT SELECT s FROM covered),
        runs AS (SELECT s, s - (row_number() OVER (ORDER BY s)) * (SELECT step FROM bounds) AS grp FROM missing)
        SELECT min(s) AS start, max(s) + (SELECT step FROM bounds) AS "end", count(*)::int AS intervals
        FROM runs GROUP BY grp ORDER BY 1 LIMIT 1001`;
      return {
        meteringPoint: { id: point.id, code: point.code, direction: point.direction },
        intervalMinutes: point.community.intervalMinutes,
        gaps: rows.slice(0, 1000).map((r) => ({ start: r.start.toISOString(), end: r.end.toISOString(), intervals: r.intervals })),
        more: rows.length > 1000,
      };
    }),
});
