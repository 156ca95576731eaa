import { z } from "zod";
import { resolveCommunityScope } from "@/server/access/scope";
import { meteringPointInput } from "@/server/members/schemas";
import { addMeteringPoint, closeMeteringPoint, listMeteringPoints } from "@/server/metering-points/metering-points";
import {
  factorHistory,
  moveMember,
  moveMemberInput,
  moveMeteringPoint,
  movePointInput,
  percentInput,
  setFactorInput,
  setParticipationFactor,
} from "@/server/metering-points/participation";
import { pointListQuery, searchMeteringPoints } from "@/server/metering-points/point-list";
import { isoDate } from "@/server/shared/validation";
import { communityProcedure, router } from "../trpc";

export const meteringPointRouter = router({
  list: communityProcedure("read").query(({ ctx }) => listMeteringPoints(ctx.db, ctx.scope)),

  /** The list with search, filters and sort (point-list.ts). */
  search: communityProcedure("read")
    .input(pointListQuery)
    .query(({ ctx, input }) => searchMeteringPoints(ctx.db, ctx.scope, input)),

  add: communityProcedure("manage")
    .input(z.object({ memberId: z.uuid(), point: meteringPointInput, percent: percentInput.optional() }))
    .mutation(({ ctx, input }) => addMeteringPoint(ctx.db, ctx.actor, ctx.scope, input.memberId, input.point, input.percent)),

  close: communityProcedure("manage")
    .input(z.object({ pointId: z.uuid(), validTo: isoDate }))
    .mutation(({ ctx, input }) => closeMeteringPoint(ctx.db, ctx.actor, ctx.scope, input.pointId, input.validTo)),

  // Participation factors and moves (docs/adr/0009).
  factors: communityProcedure("read")
    .input(z.object({ pointId: z.uuid() }))
    .query(({ ctx, input }) => factorHistory(ctx.db, ctx.scope, input.pointId)),

  setFactor: communityProcedure("manage")
    .input(setFactorInput)
    .mutation(({ ctx, input }) => setParticipationFactor(ctx.db, ctx.actor, ctx.scope, input)),

  move: communityProcedure("manage")
    .input(movePointInput)
    .mutation(({ ctx, input }) => moveMeteringPoint(ctx.db, ctx.actor, ctx.scope, input)),

  moveMember: communityProcedure("manage")
    .input(moveMemberInput)
    .mutation(async ({ ctx, input }) => {
      // The caller must manage the target community too (NOT_FOUND if they cannot see it).
      const target = await resolveCommunityScope(ctx.db, ctx.actor.userId, input.toCommunityId, "manage");
      return moveMember(ctx.db, ctx.actor, ctx.scope, target, input);
    }),
});
