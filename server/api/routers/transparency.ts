// Public figures of a community, for anyone (no login): aggregates that passed the privacy rule and
// the ledger's checkpoints. Outputs are parsed through zod so nothing undeclared leaves.
import { publicCheckpointsBySlug } from "@/server/transparency/public-community";
import { publicStatsCached } from "@/server/transparency/public-stats";
import { publicCheckpointsOutput, publicSlug, publicStatsOutput } from "@/server/transparency/schemas";
import { publicProcedure, router } from "../trpc";

export const transparencyRouter = router({
  stats: publicProcedure
    .input(publicSlug)
    .output(publicStatsOutput)
    .query(({ ctx, input }) => publicStatsCached(ctx.db, input.slug)),

  checkpoints: publicProcedure
    .input(publicSlug)
    .output(publicCheckpointsOutput)
    .query(async ({ ctx, input }) => ({ checkpoints: await publicCheckpointsBySlug(ctx.db, input.slug) })),
});
