import { isPlatformAdmin } from "@/server/access/scope";
import { myOrganizations } from "@/server/organizations/organizations";
import { myMemberships } from "@/server/residents/residents";
import { authedProcedure, residentProcedure, router } from "../trpc";

export const meRouter = router({
  /** Who am I: enough for the navigation to show the right places. */
  whoami: authedProcedure.query(async ({ ctx }) => ({
    user: ctx.user,
    platformAdmin: await isPlatformAdmin(ctx.db, ctx.user.id),
    organizations: await myOrganizations(ctx.db, ctx.user.id),
    residentOf: (await ctx.db.member.count({ where: { userId: ctx.user.id } })) > 0,
  })),

  /** The resident's own member records and metering points; nobody else's. */
  memberships: residentProcedure.query(({ ctx }) => myMemberships(ctx.db, ctx.memberIds)),
});
