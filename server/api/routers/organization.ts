import { z } from "zod";
import { text } from "@/server/shared/text";
import { auditActors, auditListQuery, searchAudit } from "@/server/audit/audit-list";
import { getOrgBank, setOrgBank } from "@/server/billing/bank-accounts";
import { orgBankInput } from "@/server/billing/bank-schemas";
import { inviteOrgUser } from "@/server/invitations/invitations";
import { billingIdentityInput } from "@/server/billing/billing-identity";
import { createOrganization, getBillingIdentity, listOrganizations, listOrgUsers, myOrganizations, setBillingIdentity } from "@/server/organizations/organizations";
import { emailAddress } from "@/server/shared/validation";
import { authedProcedure, orgAdminProcedure, orgMemberProcedure, platformAdminProcedure, router } from "../trpc";

const orgRole = z.enum(["ADMIN", "OPERATOR"]);

export const organizationRouter = router({
  mine: authedProcedure.query(({ ctx }) => myOrganizations(ctx.db, ctx.user.id)),

  /** Platform administrators create tenants and invite their first administrator. */
  listAll: platformAdminProcedure.query(({ ctx }) => listOrganizations(ctx.db)),

  create: platformAdminProcedure
    .input(z.object({ name: text().trim().min(2, "Enter the organization's name.").max(200), kind: z.enum(["MUNICIPALITY", "ESCO"]) }))
    .mutation(({ ctx, input }) => createOrganization(ctx.db, { userId: ctx.user.id, requestId: ctx.requestId }, input)),

  inviteFirstAdmin: platformAdminProcedure
    .input(z.object({ orgId: z.uuid(), email: emailAddress }))
    .mutation(({ ctx, input }) => inviteOrgUser(ctx.db, { userId: ctx.user.id, requestId: ctx.requestId }, input.orgId, input.email, "ADMIN")),

  /** The organization's bank identity in SEPA files (creditor of collections, debtor of payouts). */
  bank: orgMemberProcedure.query(({ ctx }) => getOrgBank(ctx.db, ctx.org)),

  setBank: orgAdminProcedure
    .input(z.object({ bank: orgBankInput }))
    .mutation(({ ctx, input }) => setOrgBank(ctx.db, { userId: ctx.user.id, requestId: ctx.requestId }, ctx.org, input.bank)),

  users: orgAdminProcedure.query(({ ctx }) => listOrgUsers(ctx.db, ctx.org.orgId)),

  inviteUser: orgAdminProcedure
    .input(z.object({ email: emailAddress, role: orgRole }))
    .mutation(({ ctx, input }) => inviteOrgUser(ctx.db, { userId: ctx.user.id, requestId: ctx.requestId }, ctx.org.orgId, input.email, input.role)),

  /** The seller identity on invoices: legal name, VAT number, address, e-mail. */
  billingIdentity: orgAdminProcedure.query(({ ctx }) => getBillingIdentity(ctx.db, ctx.org.orgId)),

  setBillingIdentity: orgAdminProcedure
    .input(z.object({ identity: billingIdentityInput }))
    .mutation(({ ctx, input }) => setBillingIdentity(ctx.db, { userId: ctx.user.id, requestId: ctx.requestId }, ctx.org.orgId, input.identity)),

  auditLog: orgAdminProcedure
    .input(z.object({ cursor: z.uuid().optional(), limit: z.number().int().min(1).max(200).default(50), filter: auditListQuery.optional() }))
    .query(({ ctx, input }) => searchAudit(ctx.db, ctx.org.orgId, input.filter ?? {}, { cursor: input.cursor, limit: input.limit })),

  /** Who appears in the audit log (the log's actor filter). */
  auditActors: orgAdminProcedure.query(({ ctx }) => auditActors(ctx.db, ctx.org.orgId)),
});
