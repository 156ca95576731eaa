// REST endpoints (see rest-trpc.ts). Thin: resolve the token's community, call a service, return the
// documented shape. Paths are under /api (the handler's endpoint), e.g. GET /api/v1/communities.
import { z } from "zod";
import { apiCommunityAccess } from "@/server/api-tokens/api-tokens";
import { downloadRunLines } from "@/server/billing/run-downloads";
import { ensureInvoices, invoiceSummary } from "@/server/billing/run-billing";
import { communitiesOfOrganization } from "@/server/communities/communities";
import { apiRun, listRuns } from "@/server/settlement/run-views";
import { restRouter, tokenProcedure } from "./rest-trpc";

const slug = z.string().min(1).max(60).describe("The community's public address, e.g. solaria");
const decimal = z.string().describe("An exact decimal number as a string");

const community = z.object({
  slug: z.string(),
  name: z.string(),
  municipality: z.string(),
  timeZone: z.string(),
  intervalMinutes: z.number().int(),
  relation: z.enum(["owner", "esco"]).describe("owner: the token's municipality owns it; esco: the token's ESCO serves it"),
});

const run = z.object({
  id: z.uuid(),
  periodStart: z.string().describe("First local day, YYYY-MM-DD"),
  periodEnd: z.string().describe("Day after the last local day (exclusive), YYYY-MM-DD"),
  version: z.number().int().describe("1, or a correction's number"),
  correctsId: z.uuid().nullable(),
  superseded: z.boolean().describe("A later version corrects (and reverses) this run"),
  checkpoint: z.object({ treeSize: z.string(), root: z.string().describe("RFC 6962 Merkle root, hex") }),
  totals: z.object({
    members: z.number().int(),
    consumptionMWh: decimal,
    injectionMWh: decimal,
    sharedMWh: decimal,
    surplusMWh: decimal,
    valueCents: decimal,
    communityCreditCents: decimal,
    entries: z.number().int(),
  }),
  createdAt: z.string(),
});

const line = z.object({
  memberReference: z.string(),
  memberPseudonym: z.string(),
  meteringPoint: z.string(),
  periodStart: z.string(),
  periodEnd: z.string(),
  item: z.string(),
  energyKWh: decimal,
  unitPriceEurPerKWh: z.string(),
  netEur: decimal.describe("Positive: owed by the member; negative: credited to the member"),
  vatRatePercent: decimal,
  vatCategory: z.enum(["S", "E", "AE"]).describe("EN 16931 VAT category: S standard, E exempt, AE reverse charge (a VAT-registered producer's credits)"),
  vatEur: decimal,
  grossEur: decimal,
  entrySeq: z.string().describe("Empty for a community fee line"),
  entryHash: z.string().describe("The ledger entry's hash (hex); empty for a community fee line, which is not a ledger entry"),
});

const runLines = z.object({
  format: z.literal("dajie-run-export/1"),
  run: z.object({
    id: z.uuid(),
    version: z.number().int(),
    corrects: z.uuid().nullable(),
    community: z.string(),
    period: z.object({ start: z.string(), endExclusive: z.string() }),
    checkpoint: z.object({ treeSize: z.string(), root: z.string() }),
  }),
  totals: z.object({
    netEur: decimal,
    vatEur: decimal,
    grossEur: decimal,
    ledgerNetEur: decimal.describe("Net of the lines of ledger entries: minus the sum of the run's PC entries"),
    feeNetEur: decimal.describe("Net of the community fee lines (no ledger entry)"),
    byVatCategory: z.array(z.object({ vatCategory: z.enum(["S", "E", "AE"]), vatRatePercent: decimal, netEur: decimal, vatEur: decimal })).describe("Net and VAT per VAT category and rate"),
  }),
  lines: z.array(line),
});

const invoice = z.object({
  number: z.string().describe("Gapless per invoicing organization and year, e.g. 2026-000042"),
  type: z.enum(["INVOICE", "CREDIT_NOTE"]).describe("INVOICE: UNTDID 1001 code 380; CREDIT_NOTE: 381"),
  memberReference: z.string(),
  issueDate: z.string(),
  netEur: decimal.describe("Net total in the document's sign"),
  fileName: z.string(),
});

export const restApiRouter = restRouter({
  communities: tokenProcedure("runs:read")
    .meta({ openapi: { method: "GET", path: "/v1/communities", protect: true, tags: ["communities"], summary: "Communities the token's organization owns or serves" } })
    .input(z.object({}))
    .output(z.object({ communities: z.array(community) }))
    .query(async ({ ctx }) => ({ communities: await communitiesOfOrganization(ctx.db, ctx.orgId) })),

  runs: tokenProcedure("runs:read")
    .meta({ openapi: { method: "GET", path: "/v1/communities/{slug}/runs", protect: true, tags: ["settlement"], summary: "Final settlement runs of a community, newest first" } })
    .input(z.object({ slug }))
    .output(z.object({ runs: z.array(run) }))
    .query(async ({ ctx, input }) => {
      const communityId = await apiCommunityAccess(ctx.db, ctx.orgId, input.slug);
      return { runs: (await listRuns(ctx.db, communityId)).map(apiRun) };
    }),

  runLines: tokenProcedure("runs:read")
    .meta({
      openapi: {
        method: "GET",
        path: "/v1/communities/{slug}/runs/{runId}/lines",
        protect: true,
        tags: ["settlement"],
        summary: "A run's billing lines: one per member and ledger entry, with VAT, the entry hash and the run's checkpoint",
      },
    })
    .input(z.object({ slug, runId: z.uuid() }))
    .output(runLines)
    .query(async ({ ctx, input }) => {
      const communityId = await apiCommunityAccess(ctx.db, ctx.orgId, input.slug);
      const scope = { orgId: ctx.orgId, communityId };
      return (await downloadRunLines(ctx.db, { userId: `api-token:${ctx.tokenId}` }, scope, input.runId)) as z.infer<typeof runLines>;
    }),

  issueInvoices: tokenProcedure("invoices:issue")
    .meta({
      openapi: {
        method: "POST",
        path: "/v1/communities/{slug}/runs/{runId}/invoices",
        protect: true,
        tags: ["settlement"],
        summary: "Issue a run's invoices and credit notes (EN 16931, UBL 2.1), one per member, numbered without gaps; again: the ones issued. Download them with …/export?format=ubl",
      },
    })
    .input(z.object({ slug, runId: z.uuid() }))
    .output(z.object({ invoices: z.array(invoice) }))
    .mutation(async ({ ctx, input }) => {
      const communityId = await apiCommunityAccess(ctx.db, ctx.orgId, input.slug);
      const issued = await ensureInvoices(ctx.db, { userId: `api-token:${ctx.tokenId}` }, communityId, input.runId);
      return { invoices: issued.map(invoiceSummary) };
    }),
});

export type RestApiRouter = typeof restApiRouter;
