// The console's send log of "your statement is ready" e-mails (server/residents/statement-mails.ts):
// who of a community's members got one for which run, and why not. Names for the owning municipality only.
import { z } from "zod";
import { statementMailLog } from "@/server/residents/statement-mails";
import { communityProcedure, router } from "../trpc";

export const statementMailRouter = router({
  log: communityProcedure("read")
    .input(z.object({ runId: z.uuid().optional() }))
    .query(({ ctx, input }) => statementMailLog(ctx.db, ctx.scope, { runId: input.runId })),
});
