// Join requests from the public join page, and the community's join settings and documents: for the
// municipality's administrators (configure), since approving writes personal and bank data.
import { getJoinSettings, updateJoinSettings } from "@/server/join/documents";
import { approveJoinRequest, declineJoinRequest, listJoinRequests } from "@/server/join/join-requests";
import { approveInput, declineInput, joinSettingsInput } from "@/server/join/schemas";
import { communityProcedure, router } from "../trpc";

export const joinRequestRouter = router({
  list: communityProcedure("configure").query(({ ctx }) => listJoinRequests(ctx.db, ctx.scope)),

  approve: communityProcedure("configure")
    .input(approveInput)
    .mutation(({ ctx, input }) => approveJoinRequest(ctx.db, ctx.actor, ctx.scope, input)),

  decline: communityProcedure("configure")
    .input(declineInput)
    .mutation(({ ctx, input }) => declineJoinRequest(ctx.db, ctx.actor, ctx.scope, input)),

  settings: communityProcedure("configure").query(({ ctx }) => getJoinSettings(ctx.db, ctx.scope)),

  updateSettings: communityProcedure("configure")
    .input(joinSettingsInput)
    .mutation(({ ctx, input }) => updateJoinSettings(ctx.db, ctx.actor, ctx.scope, input)),
});
