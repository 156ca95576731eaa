import { z } from "zod";
import { text } from "@/server/shared/text";
import { acceptInvitation, inviteResident, listCommunityInvitations, lookupInvitation, revokeCommunityInvitation } from "@/server/invitations/invitations";
import { bulkInvite, bulkInviteInput } from "@/server/invitations/bulk-invite";
import { emailAddress } from "@/server/shared/validation";
import { communityProcedure, publicProcedure, router } from "../trpc";

const token = z.string().min(20).max(100);

export const invitationRouter = router({
  inviteResident: communityProcedure("manage")
    .input(z.object({ memberId: z.uuid(), email: emailAddress }))
    .mutation(({ ctx, input }) => inviteResident(ctx.db, ctx.actor, ctx.scope, input.memberId, input.email)),

  /** Invites many members at once; each is sent, given as a link (mail failed) or skipped with the reason. */
  bulkInvite: communityProcedure("manage")
    .input(bulkInviteInput)
    .mutation(({ ctx, input }) => bulkInvite(ctx.db, ctx.actor, ctx.scope, input.memberIds)),

  list: communityProcedure("manage").query(({ ctx }) => listCommunityInvitations(ctx.db, ctx.scope)),

  revoke: communityProcedure("manage")
    .input(z.object({ invitationId: z.uuid() }))
    .mutation(({ ctx, input }) => revokeCommunityInvitation(ctx.db, ctx.actor, ctx.scope, input.invitationId)),

  /** Public: holding the token is the permission; it reveals only the invitation itself. */
  lookup: publicProcedure.input(z.object({ token })).query(({ ctx, input }) => lookupInvitation(ctx.db, input.token)),

  accept: publicProcedure
    .input(z.object({ token, name: text().trim().min(1, "Enter your name.").max(200), password: z.string().max(200).optional() }))
    .mutation(({ ctx, input }) => acceptInvitation(ctx.db, { ...input, sessionUserId: ctx.user?.id ?? null })),
});
