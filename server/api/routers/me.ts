// The signed-in user's own things. Resident procedures accept a member id only when it is one of the
// caller's own (residentProcedure's memberIds, checked by ownMember); anyone else gets NOT_FOUND.
import { z } from "zod";
import { whoAmI } from "@/server/access/who-am-i";
import { residentBank } from "@/server/billing/bank-accounts";
import { myLimitInput, myLimitPreviewInput, myMarketLimits, previewMyLimits, setMyMarketLimit } from "@/server/market/resident-limits";
import { myCredits } from "@/server/residents/credits";
import { dayInput, myDay, myLatestDay } from "@/server/residents/day-view";
import { createDeviceToken, deviceTokenInput, listDeviceTokens, revokeDeviceToken } from "@/server/residents/device-tokens";
import { requestErasure } from "@/server/residents/erasure";
import { myProofs } from "@/server/residents/proofs";
import { myEnergy } from "@/server/residents/readings";
import { myStatementMails, setMyStatementMails, statementMailsInput } from "@/server/residents/statement-mails";
import { myMemberships } from "@/server/residents/residents";
import { authedProcedure, residentProcedure, router } from "../trpc";

const forMember = z.object({ memberId: z.uuid() });

export const meRouter = router({
  /** Who am I: enough for the navigation to show the right places. */
  whoami: authedProcedure.query(({ ctx }) => whoAmI(ctx.db, ctx.user)),

  /** The resident's own member records and metering points; nobody else's. */
  memberships: residentProcedure.query(({ ctx }) => myMemberships(ctx.db, ctx.memberIds)),

  /** Energy per local day (last 31 days) or month (last 24 months), consumption and injection. */
  energy: residentProcedure
    .input(forMember.extend({ resolution: z.enum(["day", "month"]) }))
    .query(async ({ ctx, input }) => myEnergy(ctx.db, await ctx.ownMember(input.memberId), input.resolution)),

  /** One local day, interval by interval: own consumption from the community vs the grid; production to neighbours vs the grid. */
  day: residentProcedure
    .input(forMember.extend({ day: dayInput.optional() }))
    .query(async ({ ctx, input }) => {
      const member = await ctx.ownMember(input.memberId);
      // Without a day: the latest with a reading of theirs (null when they have none yet).
      const day = input.day ?? (await myLatestDay(ctx.db, member));
      return day ? myDay(ctx.db, member, day) : null;
    }),

  /** Read-only tokens for the resident's own devices (GET /api/v1/me/…); the secret is returned once. */
  deviceTokens: residentProcedure.input(forMember).query(async ({ ctx, input }) => listDeviceTokens(ctx.db, await ctx.ownMember(input.memberId))),
  createDeviceToken: residentProcedure
    .input(deviceTokenInput)
    .mutation(async ({ ctx, input }) => createDeviceToken(ctx.db, { userId: ctx.user.id, requestId: ctx.requestId }, await ctx.ownMember(input.memberId), input.name)),
  revokeDeviceToken: residentProcedure
    .input(forMember.extend({ tokenId: z.uuid() }))
    .mutation(async ({ ctx, input }) => revokeDeviceToken(ctx.db, { userId: ctx.user.id, requestId: ctx.requestId }, await ctx.ownMember(input.memberId), input.tokenId)),

  /** Prosumer Credit per settled period with its calculation, and the PC account with running balance. */
  credits: residentProcedure.input(forMember).query(async ({ ctx, input }) => myCredits(ctx.db, await ctx.ownMember(input.memberId))),

  /** Inclusion proofs of the PC account's entries against the community's latest checkpoint. */
  proofs: residentProcedure.input(forMember).query(async ({ ctx, input }) => myProofs(ctx.db, await ctx.ownMember(input.memberId))),

  /** Their bank account and mandate, IBAN masked, read only (the municipality changes them). */
  /** The resident's own market limits (market communities only), in ct/kWh. */
  marketLimits: residentProcedure.input(forMember).query(async ({ ctx, input }) => myMarketLimits(ctx.db, await ctx.ownMember(input.memberId), new Date())),
  setMarketLimit: residentProcedure
    .input(myLimitInput)
    .mutation(async ({ ctx, input }) => setMyMarketLimit(ctx.db, { userId: ctx.user.id, requestId: ctx.requestId }, await ctx.ownMember(input.memberId), input, new Date())),
  /** What the proposed limits would have meant last month: the resident's own figures only. */
  previewMarketLimits: residentProcedure
    .input(myLimitPreviewInput)
    .query(async ({ ctx, input }) => previewMyLimits(ctx.db, await ctx.ownMember(input.memberId), input, new Date())),

  bank: residentProcedure.input(forMember).query(async ({ ctx, input }) => residentBank(ctx.db, (await ctx.ownMember(input.memberId)).id)),

  /** "Your statement is ready" e-mails: off by default; on in the language the resident is using. */
  statementMails: residentProcedure.input(forMember).query(async ({ ctx, input }) => myStatementMails(ctx.db, await ctx.ownMember(input.memberId), ctx.user.email)),
  setStatementMails: residentProcedure
    .input(statementMailsInput)
    .mutation(async ({ ctx, input }) => setMyStatementMails(ctx.db, { userId: ctx.user.id, requestId: ctx.requestId }, await ctx.ownMember(input.memberId), ctx.user.email, input)),

  /** Asks the municipality to erase the resident's personal data (recorded and audited). */
  requestErasure: residentProcedure
    .input(forMember)
    .mutation(async ({ ctx, input }) => requestErasure(ctx.db, { userId: ctx.user.id, requestId: ctx.requestId }, await ctx.ownMember(input.memberId))),
});
