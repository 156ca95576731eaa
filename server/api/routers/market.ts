import { z } from "zod";
import { deleteMarketLimits, listMarketLimits, marketLimitInput, marketLimitVersionKey, setMarketLimits } from "@/server/market/limits";
import { communityProcedure, router } from "../trpc";

/** Members' limits for the market rule (docs/market.md). */
export const marketRouter = router({
  limits: communityProcedure("read")
    .input(z.object({ memberId: z.uuid().optional() }))
    .query(({ ctx, input }) => listMarketLimits(ctx.db, ctx.scope, input.memberId)),

  setLimits: communityProcedure("manage")
    .input(marketLimitInput)
    .mutation(({ ctx, input }) => setMarketLimits(ctx.db, ctx.actor, ctx.scope, input)),

  deleteLimits: communityProcedure("manage")
    .input(marketLimitVersionKey)
    .mutation(({ ctx, input }) => deleteMarketLimits(ctx.db, ctx.actor, ctx.scope, input)),
});
