// Invoices of a final run in the console: issuing them (who may settle: municipality administrators
// and serving ESCOs) and listing them (who may read the community).
import { z } from "zod";
import { ensureInvoices, invoiceSummary, issuedInvoices } from "@/server/billing/run-billing";
import { communityProcedure, router } from "../trpc";

export const billingRouter = router({
  invoices: communityProcedure("read")
    .input(z.object({ runId: z.uuid() }))
    .query(async ({ ctx, input }) => (await issuedInvoices(ctx.db, ctx.scope.communityId, input.runId)).map(invoiceSummary)),

  issueInvoices: communityProcedure("settle")
    .input(z.object({ runId: z.uuid() }))
    .mutation(async ({ ctx, input }) => (await ensureInvoices(ctx.db, ctx.actor, ctx.scope.communityId, input.runId)).map(invoiceSummary)),
});
