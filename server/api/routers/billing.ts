// Invoices of a final run in the console: issuing them (who may settle: municipality administrators
// and serving ESCOs) and listing them (who may read the community).
import { z } from "zod";
import { ensureInvoices, invoicePlan, invoiceSummary, issuedInvoices } from "@/server/billing/run-billing";
import { communityProcedure, router } from "../trpc";

export const billingRouter = router({
  invoices: communityProcedure("read")
    .input(z.object({ runId: z.uuid() }))
    .query(async ({ ctx, input }) => (await issuedInvoices(ctx.db, ctx.scope.communityId, input.runId)).map(invoiceSummary)),

  /** How many documents issuing would create: named in the confirmation before issuing. */
  issuePlan: communityProcedure("read")
    .input(z.object({ runId: z.uuid() }))
    .query(({ ctx, input }) => invoicePlan(ctx.db, ctx.scope.communityId, input.runId)),

  issueInvoices: communityProcedure("settle")
    .input(z.object({ runId: z.uuid() }))
    .mutation(async ({ ctx, input }) => (await ensureInvoices(ctx.db, ctx.actor, ctx.scope.communityId, input.runId)).map(invoiceSummary)),
});
