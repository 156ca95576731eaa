import { z } from "zod";
import { createCommunity, getCommunity, listCommunitiesForUser, listEscos, setCommunityEscos, updateCommunity } from "@/server/communities/communities";
import { communityInput } from "@/server/communities/schemas";
import { attentionFor } from "@/server/console/attention";
import { authedProcedure, communityProcedure, orgAdminProcedure, router } from "../trpc";

export const communityRouter = router({
  /** Communities the caller can see through their organizations. */
  list: authedProcedure.query(({ ctx }) => listCommunitiesForUser(ctx.db, ctx.user.id)),

  /** What needs attention in those communities, limited to what the caller may act on (console home). */
  attention: authedProcedure.query(({ ctx }) => attentionFor(ctx.db, ctx.user.id, new Date())),

  /** The community, how the caller relates to it, and what they may do there (server/access/scope.ts decides). */
  get: communityProcedure("read").query(async ({ ctx }) => ({
    ...(await getCommunity(ctx.db, ctx.scope.communityId)),
    access: ctx.scope.via,
    role: ctx.scope.role,
    permissions: ctx.scope.permissions,
  })),

  /** A municipality's administrator creates a community owned by that municipality. */
  create: orgAdminProcedure
    .input(z.object({ community: communityInput }))
    .mutation(({ ctx, input }) => createCommunity(ctx.db, { userId: ctx.user.id, requestId: ctx.requestId }, ctx.org.orgId, input.community)),

  update: communityProcedure("configure")
    .input(z.object({ community: communityInput }))
    .mutation(({ ctx, input }) => updateCommunity(ctx.db, ctx.actor, ctx.scope.communityId, input.community)),

  escoChoices: communityProcedure("configure").query(({ ctx }) => listEscos(ctx.db)),

  setEscos: communityProcedure("configure")
    .input(z.object({ escoIds: z.array(z.uuid()).max(50) }))
    .mutation(({ ctx, input }) => setCommunityEscos(ctx.db, ctx.actor, ctx.scope.communityId, input.escoIds)),
});
