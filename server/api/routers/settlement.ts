// Settlement in the console: periods and their state, preview, finalize, runs, and the ledger of the
// community and of a member. Reading needs "read" access; finalizing needs "settle".
import { z } from "zod";
import { ledgerListQuery } from "@/server/ledger/entry-list";
import { accountBalances, communityLedger, memberLedger } from "@/server/ledger/ledger";
import { finalizeRun, previewRun } from "@/server/settlement/finalize-run";
import { getRunDetail, periodOverview, previewDto } from "@/server/settlement/run-views";
import { runListQuery, searchRuns } from "@/server/settlement/run-list";
import { isoDate } from "@/server/shared/validation";
import { communityProcedure, router } from "../trpc";

const period = z.object({ start: isoDate, end: isoDate });

export const settlementRouter = router({
  periods: communityProcedure("read").query(({ ctx }) => periodOverview(ctx.db, ctx.scope.communityId, new Date())),

  preview: communityProcedure("read")
    .input(z.object({ period }))
    .query(async ({ ctx, input }) => previewDto(ctx.db, await previewRun(ctx.db, ctx.scope.communityId, input.period))),

  finalize: communityProcedure("settle")
    .input(z.object({ period, acceptGaps: z.boolean().default(false) }))
    .mutation(({ ctx, input }) =>
      finalizeRun(ctx.db, ctx.scope.communityId, input.period, { kind: "user", userId: ctx.user.id, requestId: ctx.requestId, orgId: ctx.scope.orgId }, { acceptGaps: input.acceptGaps }),
    ),

  /** The runs with search, filters and sort (run-list.ts); the download route reads the same schema. */
  runs: communityProcedure("read")
    .input(runListQuery)
    .query(({ ctx, input }) => searchRuns(ctx.db, ctx.scope.communityId, input)),

  run: communityProcedure("read")
    .input(z.object({ runId: z.uuid() }))
    .query(({ ctx, input }) => getRunDetail(ctx.db, ctx.scope.communityId, input.runId)),

  /** The entries with search, filters and sort (entry-list.ts, the download route's schema), a page at a time. */
  ledger: communityProcedure("read")
    .input(ledgerListQuery.extend({ offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(500).default(100) }))
    .query(async ({ ctx, input }) => ({
      ...(await communityLedger(ctx.db, ctx.scope.communityId, input)),
      balances: await accountBalances(ctx.db, ctx.scope.communityId),
    })),

  memberLedger: communityProcedure("read")
    .input(z.object({ memberId: z.uuid() }))
    .query(({ ctx, input }) => memberLedger(ctx.db, ctx.scope.communityId, input.memberId)),
});
