import { z } from "zod";
import { meteringPointInput } from "@/server/members/schemas";
import { addMeteringPoint, closeMeteringPoint, listMeteringPoints } from "@/server/metering-points/metering-points";
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
    .input(z.object({ memberId: z.uuid(), point: meteringPointInput }))
    .mutation(({ ctx, input }) => addMeteringPoint(ctx.db, ctx.actor, ctx.scope, input.memberId, input.point)),

  close: communityProcedure("manage")
    .input(z.object({ pointId: z.uuid(), validTo: isoDate }))
    .mutation(({ ctx, input }) => closeMeteringPoint(ctx.db, ctx.actor, ctx.scope, input.pointId, input.validTo)),
});
