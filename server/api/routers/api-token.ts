import { z } from "zod";
import { apiTokenInput, createApiToken, listApiTokens, revokeApiToken } from "@/server/api-tokens/api-tokens";
import { orgAdminProcedure, router } from "../trpc";

/** API tokens are managed by the organization's administrators only. */
export const apiTokenRouter = router({
  list: orgAdminProcedure.query(({ ctx }) => listApiTokens(ctx.db, ctx.org.orgId)),

  /** Returns the token itself; this is the only time it is shown. */
  create: orgAdminProcedure.input(apiTokenInput).mutation(({ ctx, input }) => createApiToken(ctx.db, { userId: ctx.user.id, requestId: ctx.requestId }, ctx.org.orgId, input)),

  revoke: orgAdminProcedure
    .input(z.object({ tokenId: z.uuid() }))
    .mutation(({ ctx, input }) => revokeApiToken(ctx.db, { userId: ctx.user.id, requestId: ctx.requestId }, ctx.org.orgId, input.tokenId)),
});
