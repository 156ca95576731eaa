import { z } from "zod";
import { text } from "@/server/shared/text";
import { completePasswordReset, issuePasswordReset, lookupPasswordReset } from "@/server/auth/password-reset";
import { MAX_PASSWORD_LENGTH } from "@/server/auth/password-policy";
import { authedProcedure, publicProcedure, router } from "../trpc";

const token = z.string().min(20).max(100);

export const passwordResetRouter = router({
  /** An organization's ADMIN (for a user of that organization only) or a platform administrator; the service decides. */
  issue: authedProcedure
    .input(z.object({ orgId: z.uuid(), userId: text().min(1).max(100) }))
    .mutation(({ ctx, input }) => issuePasswordReset(ctx.db, { userId: ctx.user.id, requestId: ctx.requestId }, input.orgId, input.userId)),
  lookup: publicProcedure.input(z.object({ token })).query(({ ctx, input }) => lookupPasswordReset(ctx.db, input.token)),
  complete: publicProcedure
    .input(z.object({ token, password: z.string().max(MAX_PASSWORD_LENGTH * 4) }))
    .mutation(({ ctx, input }) => completePasswordReset(ctx.db, input.token, input.password)),
});
