// Meter data in the console: preview and import of a file uploaded through
// app/api/communities/[communityId]/uploads, saved CSV mappings, the community's import batches, and
// per metering point daily totals and missing intervals (server/metering/meter-data.ts).
import { z } from "zod";
import { text } from "@/server/shared/text";
import { importUpload, previewUpload, uploadedFileInput } from "@/server/metering/import/console-import";
import { deleteCsvMapping, listCsvMappings, saveCsvMapping } from "@/server/metering/import/csv-mapping-presets";
import { dailyReadings, importBatches, MAX_VIEW_DAYS, missingIntervals } from "@/server/metering/meter-data";
import { daysBetween, isIsoDate } from "@/server/shared/iso-date";
import { isoDate } from "@/server/shared/validation";
import { communityProcedure, router } from "../trpc";

const periodInput = z
  .object({ meteringPointId: z.uuid(), from: isoDate, to: isoDate })
  .refine((p) => p.from < p.to, { message: "The period must end after it starts.", path: ["to"] })
  .refine((p) => !isIsoDate(p.from) || !isIsoDate(p.to) || daysBetween(p.from, p.to) <= MAX_VIEW_DAYS, { message: `Choose a period of at most ${MAX_VIEW_DAYS} days.`, path: ["to"] });

export const readingImportRouter = router({
  preview: communityProcedure("import")
    .input(uploadedFileInput)
    .mutation(({ ctx, input }) => previewUpload(ctx.db, ctx.scope, ctx.actor, input)),

  import: communityProcedure("import")
    .input(uploadedFileInput)
    .mutation(({ ctx, input }) => importUpload(ctx.db, ctx.scope, ctx.actor, input)),

  /** CSV mappings saved for the community, reusable by name for the next files of the same layout. */
  mappings: communityProcedure("read").query(({ ctx }) => listCsvMappings(ctx.db, ctx.scope.communityId)),

  saveMapping: communityProcedure("import")
    .input(z.object({ name: text().trim().min(1, "Give the mapping a name.").max(100), mapping: z.unknown() }))
    .mutation(({ ctx, input }) => saveCsvMapping(ctx.db, ctx.actor, ctx.scope, input.name, input.mapping)),

  deleteMapping: communityProcedure("import")
    .input(z.object({ name: text().trim().min(1).max(100) }))
    .mutation(({ ctx, input }) => deleteCsvMapping(ctx.db, ctx.actor, ctx.scope, input.name)),

  batches: communityProcedure("read").query(({ ctx }) => importBatches(ctx.db, ctx.scope.communityId)),

  readings: communityProcedure("read")
    .input(z.object({ meteringPointId: z.uuid(), from: isoDate.optional(), to: isoDate.optional() }))
    .query(({ ctx, input }) => dailyReadings(ctx.db, ctx.scope.communityId, input)),

  gaps: communityProcedure("read")
    .input(periodInput)
    .query(({ ctx, input }) => missingIntervals(ctx.db, ctx.scope.communityId, input)),
});
