import { z } from "zod";
import { getMemberBank, setMemberBank } from "@/server/billing/bank-accounts";
import { memberBankInput } from "@/server/billing/bank-schemas";
import { createMember, endMembership, getMember, importMembersCsv, listMembers, updateMember } from "@/server/members/members";
import { importMembersXlsx, memberListQuery, searchMembers } from "@/server/members/member-list";
import { memberInput } from "@/server/members/schemas";
import { eraseMember } from "@/server/residents/erasure";
import { isoDate } from "@/server/shared/validation";
import { communityProcedure, router } from "../trpc";

/** Member lists are capped at 2 MB of text; larger lists are split (the limit keeps one request bounded). */
const MAX_CSV_BYTES = 2 * 1024 * 1024;

export const memberRouter = router({
  list: communityProcedure("read").query(({ ctx }) => listMembers(ctx.db, ctx.scope)),

  get: communityProcedure("read")
    .input(z.object({ memberId: z.uuid() }))
    .query(({ ctx, input }) => getMember(ctx.db, ctx.scope, input.memberId)),

  create: communityProcedure("manage")
    .input(z.object({ member: memberInput }))
    .mutation(({ ctx, input }) => createMember(ctx.db, ctx.actor, ctx.scope, input.member)),

  update: communityProcedure("manage")
    .input(z.object({ memberId: z.uuid(), member: memberInput }))
    .mutation(({ ctx, input }) => updateMember(ctx.db, ctx.actor, ctx.scope, input.memberId, input.member)),

  end: communityProcedure("manage")
    .input(z.object({ memberId: z.uuid(), leftOn: isoDate }))
    .mutation(({ ctx, input }) => endMembership(ctx.db, ctx.actor, ctx.scope, input.memberId, input.leftOn)),

  /** Erases the member's personal data (a resident's request, or on the administrator's own motion). */
  erase: communityProcedure("configure")
    .input(z.object({ memberId: z.uuid() }))
    .mutation(({ ctx, input }) => eraseMember(ctx.db, ctx.actor, ctx.scope, input.memberId)),

  /** Bank account and mandate: read by the municipality, set by its administrators (personal data). */
  bank: communityProcedure("manage")
    .input(z.object({ memberId: z.uuid() }))
    .query(({ ctx, input }) => getMemberBank(ctx.db, ctx.scope, input.memberId)),

  setBank: communityProcedure("configure")
    .input(z.object({ memberId: z.uuid(), bank: memberBankInput.nullable() }))
    .mutation(({ ctx, input }) => setMemberBank(ctx.db, ctx.actor, ctx.scope, input.memberId, input.bank)),

  /** The list with search, filters and sort (member-list.ts). */
  search: communityProcedure("read")
    .input(memberListQuery)
    .query(({ ctx, input }) => searchMembers(ctx.db, ctx.scope, input)),

  /** A member list as an Excel workbook (base64), checked and imported as the CSV is. */
  importXlsx: communityProcedure("manage")
    .input(z.object({ xlsxBase64: z.base64("The file is not base64.").max(Math.ceil((MAX_CSV_BYTES * 4) / 3) + 4, "The file is larger than 2 MB; split it.") }))
    .mutation(({ ctx, input }) => importMembersXlsx(ctx.db, ctx.actor, ctx.scope, Buffer.from(input.xlsxBase64, "base64"))),

  importCsv: communityProcedure("manage")
    .input(z.object({ csv: z.string().max(MAX_CSV_BYTES, "The file is larger than 2 MB; split it.") }))
    .mutation(({ ctx, input }) => importMembersCsv(ctx.db, ctx.actor, ctx.scope, input.csv)),
});
