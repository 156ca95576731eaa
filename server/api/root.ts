import { apiTokenRouter } from "./routers/api-token";
import { billingRouter } from "./routers/billing";
import { communityRouter } from "./routers/community";
import { invitationRouter } from "./routers/invitation";
import { joinRequestRouter } from "./routers/join-request";
import { passwordResetRouter } from "./routers/password-reset";
import { marketRouter } from "./routers/market";
import { meRouter } from "./routers/me";
import { memberRouter } from "./routers/member";
import { meteringPointRouter } from "./routers/metering-point";
import { organizationRouter } from "./routers/organization";
import { readingImportRouter } from "./routers/reading-import";
import { settlementRouter } from "./routers/settlement";
import { statementMailRouter } from "./routers/statement-mail";
import { transparencyRouter } from "./routers/transparency";
import { witnessRouter } from "./routers/witness";
import { createCallerFactory, router } from "./trpc";

export const appRouter = router({
  me: meRouter,
  organization: organizationRouter,
  community: communityRouter,
  member: memberRouter,
  meteringPoint: meteringPointRouter,
  invitation: invitationRouter,
  joinRequest: joinRequestRouter,
  passwordReset: passwordResetRouter,
  readingImport: readingImportRouter,
  apiToken: apiTokenRouter,
  settlement: settlementRouter,
  billing: billingRouter,
  transparency: transparencyRouter,
  market: marketRouter,
  witness: witnessRouter,
  statementMail: statementMailRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
