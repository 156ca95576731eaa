// Witnessing (docs/witnessing.md): the platform administrator's list of logs this instance witnesses,
// and a community's own witnesses and quorum (read: its readers; change: its configurators).
import { z } from "zod";
import { text } from "@/server/shared/text";
import { env } from "@/server/env";
import { communityLogFromEnv, witnessFromEnv } from "@/server/witness/http";
import { addCommunityWitness, communityWitnessing, removeCommunityWitness, setWitnessQuorum } from "@/server/witness/log-witnesses";
import { addWitnessedLog, listWitnessedLogs, ownLogOrigins, removeWitnessedLog } from "@/server/witness/witness";
import { communityProcedure, platformAdminProcedure, router } from "../trpc";

const origin = text().trim().min(1, "Enter the log's origin.").max(500);

export const witnessRouter = router({
  logs: platformAdminProcedure.query(async ({ ctx }) => ({ vkey: (await witnessFromEnv()).vkey, logs: await listWitnessedLogs(ctx.db) })),

  addLog: platformAdminProcedure
    .input(z.object({ origin, verifierKey: text().trim().min(1, "Enter the log's verifier key.").max(500) }))
    .mutation(async ({ ctx, input }) => {
      const e = env();
      return addWitnessedLog(ctx.db, { userId: ctx.user.id, requestId: ctx.requestId }, input, { ownOrigins: await ownLogOrigins(ctx.db, e.APP_URL), allowSelf: e.NODE_ENV === "test" || e.DAJIE_TEST === "1" });
    }),

  removeLog: platformAdminProcedure.input(z.object({ origin })).mutation(({ ctx, input }) => removeWitnessedLog(ctx.db, { userId: ctx.user.id, requestId: ctx.requestId }, input.origin)),

  community: communityProcedure("read").query(({ ctx }) => communityWitnessing(ctx.db, ctx.scope.communityId, communityLogFromEnv)),

  addCommunityWitness: communityProcedure("configure")
    .input(z.object({ name: text().max(100), verifierKey: text().max(500), url: text().max(2000) }))
    .mutation(({ ctx, input }) => addCommunityWitness(ctx.db, ctx.actor, ctx.scope.communityId, input)),

  removeCommunityWitness: communityProcedure("configure")
    .input(z.object({ name: text().min(1).max(100) }))
    .mutation(({ ctx, input }) => removeCommunityWitness(ctx.db, ctx.actor, ctx.scope.communityId, input.name)),

  setQuorum: communityProcedure("configure")
    .input(z.object({ quorum: z.number().int().min(0).max(100) }))
    .mutation(({ ctx, input }) => setWitnessQuorum(ctx.db, ctx.actor, ctx.scope.communityId, input.quorum)),
});
