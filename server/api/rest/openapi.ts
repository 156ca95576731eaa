// The OpenAPI document of the REST API (served at /api/openapi.json, shown at /developers/api): the
// procedures' operations generated from the same zod schemas as the endpoints, with examples and the
// edge's real error answers ({code, message, problems}) put in; plus the endpoints that are route
// handlers (file upload, file downloads, a resident's device endpoints), described in openapi-files.ts.
// openapi.test.ts checks it against the router, the route files and the handlers' parameter parsers.
import { generateOpenApiDocument } from "trpc-to-openapi";
import { API_SCOPES } from "@/server/api-tokens/scopes";
import { API_TOKEN_LIMIT_PER_MINUTE } from "@/server/http/rate-limit";
import { ERROR_SCHEMA_NAME, errorResponses, errorSchema, RATE_LIMIT_HEADERS, type ErrorOverride, type ErrorOverrides } from "./openapi-errors";
import { HAND_DESCRIBED_PATHS } from "./openapi-files";
import { restApiRouter } from "./router";

type Extra = { description?: string; errors: ErrorOverrides; example: unknown; curl: (base: string) => string; params?: Record<string, string> };

const run = {
  id: "8c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f",
  periodStart: "2026-11-01",
  periodEnd: "2026-12-01",
  version: 1,
  correctsId: null,
  superseded: false,
  checkpoint: { treeSize: "184", root: "5be1c0d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0" },
  totals: { members: 40, consumptionMWh: "14250000000", injectionMWh: "9800000000", sharedMWh: "6120000000", surplusMWh: "3680000000", valueCents: "61200", communityCreditCents: "0", entries: 82 },
  createdAt: "2026-12-04T06:00:00.000Z",
};
const scopeLacking = (scope: string): ErrorOverride => ({ example: { code: "FORBIDDEN", message: `This API token lacks the scope "${scope}". Create a token with that scope.`, problems: [] } });
const badRunId: ErrorOverride = { description: "`runId` is not a UUID, or `slug` is empty or longer than 60 characters.", example: { code: "BAD_REQUEST", message: "Invalid input", problems: [{ where: "runId", message: "Invalid UUID" }] } };
const notYours: ErrorOverride = { description: "The community is not one the token's organization owns or serves, or the run is not in it.", example: { code: "NOT_FOUND", message: "Settlement run not found", problems: [] } };
const termsMissing: ErrorOverride = { description: "The run was finalized before billing terms were fixed at finalize: issue its invoices first (or `dajie billing-terms`).", example: { code: "CONFLICT", message: "This run was finalized before billing terms were fixed at finalize, and its terms are not fixed yet. Issue its invoices (console: run page → Issue invoices; API: POST …/runs/{runId}/invoices) or run `npm run -s dajie -- billing-terms --community SLUG`, which fix them from the community's current settings; downloads never write.", problems: [] } };

/** What the generated operations lack: examples, the errors each can answer, a curl call. By operationId. */
const EXTRAS: Record<string, Extra> = {
  communities: {
    errors: { 401: true, 403: scopeLacking("runs:read") },
    example: { communities: [{ slug: "solaria", name: "Solaria Energy Community", municipality: "Comune di Solaria", timeZone: "Europe/Rome", intervalMinutes: 15, relation: "owner" }] },
    curl: (base) => `curl -H "Authorization: Bearer $DAJIE_TOKEN" "${base}/api/v1/communities"`,
  },
  runs: {
    errors: { 400: { description: "`slug` is empty or longer than 60 characters.", example: { code: "BAD_REQUEST", message: "Invalid input", problems: [{ where: "slug", message: "Too big: expected string to have <=60 characters" }] } }, 401: true, 403: scopeLacking("runs:read"), 404: { description: "The community is not one the token's organization owns or serves.", example: { code: "NOT_FOUND", message: "Community not found", problems: [] } } },
    example: { runs: [run] },
    curl: (base) => `curl -H "Authorization: Bearer $DAJIE_TOKEN" "${base}/api/v1/communities/solaria/runs"`,
  },
  runLines: {
    errors: { 400: badRunId, 401: true, 403: scopeLacking("runs:read"), 404: notYours, 409: termsMissing },
    example: {
      format: "dajie-run-export/1",
      run: { id: run.id, version: 1, corrects: null, community: "solaria", period: { start: "2026-11-01", endExclusive: "2026-12-01" }, checkpoint: run.checkpoint },
      totals: { netEur: "-3.59", vatEur: "0.00", grossEur: "-3.59", ledgerNetEur: "-3.59", feeNetEur: "0.00" },
      lines: [
        { memberReference: "SOL-001", memberPseudonym: "m-7f3a9c", meteringPoint: "IT001E00000001", periodStart: "2026-11-01", periodEnd: "2026-12-01", item: "Prosumer Credit", energyKWh: "61.000", unitPriceEurPerKWh: "0.10000", netEur: "-6.10", vatRatePercent: "0", vatEur: "0.00", grossEur: "-6.10", entrySeq: "143", entryHash: "9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b" },
      ],
    },
    curl: (base) => `curl -H "Authorization: Bearer $DAJIE_TOKEN" "${base}/api/v1/communities/solaria/runs/$RUN_ID/lines"`,
    params: { runId: "A final run's id (`GET …/runs`)" },
  },
  issueInvoices: {
    description: "Idempotent: called again, it answers the invoices already issued and issues nothing. The request has no body.",
    errors: {
      400: { description: "`runId` is not a UUID, or the invoicing organization's billing identity is incomplete.", example: { code: "BAD_REQUEST", message: "Comune di Solaria cannot issue invoices yet: its billing identity lacks VAT id. An administrator of Comune di Solaria can complete it in the console (organization → billing identity).", problems: [] } },
      401: true,
      403: scopeLacking("invoices:issue"),
      404: notYours,
    },
    example: { invoices: [{ number: "2026-000042", type: "CREDIT_NOTE", memberReference: "SOL-001", issueDate: "2026-12-04", netEur: "6.10", fileName: "2026-000042.xml" }] },
    curl: (base) => `curl -X POST -H "Authorization: Bearer $DAJIE_TOKEN" "${base}/api/v1/communities/solaria/runs/$RUN_ID/invoices"`,
    params: { runId: "A final run's id (`GET …/runs`)" },
  },
};

type Operation = {
  operationId?: string;
  description?: string;
  parameters?: { name: string; description?: string }[];
  responses?: Record<string, { description?: string; headers?: unknown; content?: Record<string, { schema?: unknown; example?: unknown }> }>;
  "x-codeSamples"?: { lang: string; label: string; source: string | ((base: string) => string) }[];
};
const METHODS = ["get", "post", "put", "patch", "delete"] as const;

export function openApiDocument(baseUrl: string) {
  const doc = generateOpenApiDocument(restApiRouter, {
    title: "Dajie API",
    version: "1.0.0",
    description: [
      "For ESCO and municipality systems. Authenticate with an API token of your organization (console → your organization → API tokens): `Authorization: Bearer dj_…`.",
      `Scopes: ${API_SCOPES.map((s) => `\`${s}\``).join(", ")}.`,
      "",
      `**Rate limit.** At most ${API_TOKEN_LIMIT_PER_MINUTE} requests a minute per token, over every /v1 endpoint (file uploads and downloads included), and as many a minute per client address while the token is missing or wrong. Every answer to a counted request (a token with the scope, or a missing or wrong token) carries \`RateLimit-Limit\`, \`RateLimit-Remaining\` and \`RateLimit-Reset\` (seconds); beyond the limit, 429 with \`Retry-After\` (seconds) too. A valid token that lacks the scope gets 403 and is not counted.`,
      "",
      "**Errors.** Every error answer is JSON `{code, message, problems}`: `code` is stable, `problems` lists each field or file line at fault (`{where, message}`); a 500 adds `requestId`.",
      "",
      "**Numbers.** Energy and money are exact: mWh, cents and euro amounts travel as decimal strings.",
    ].join("\n"),
    baseUrl: `${baseUrl}/api`,
  });
  doc.paths = { ...doc.paths, ...(HAND_DESCRIBED_PATHS as unknown as typeof doc.paths) };
  for (const item of Object.values(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = (item as Record<string, Operation | undefined>)[method];
      if (!op) continue;
      const extra = op.operationId ? EXTRAS[op.operationId] : undefined;
      if (extra) {
        // The generated error answers (trpc-to-openapi's own shape) are replaced by the edge's real ones.
        const ok = Object.fromEntries(Object.entries(op.responses ?? {}).filter(([s]) => s.startsWith("2")));
        for (const r of Object.values(ok)) {
          r.headers = RATE_LIMIT_HEADERS;
          const json = r.content?.["application/json"];
          if (json) json.example = extra.example;
        }
        op.responses = { ...ok, ...errorResponses(extra.errors) };
        if (extra.description) op.description = extra.description;
        for (const p of op.parameters ?? []) p.description ??= extra.params?.[p.name];
        op["x-codeSamples"] = [{ lang: "curl", label: "curl", source: extra.curl }];
      }
      op["x-codeSamples"] = op["x-codeSamples"]?.map((s) => ({ ...s, source: typeof s.source === "function" ? s.source(baseUrl) : s.source }));
    }
  }
  doc.components = { ...doc.components, schemas: { [ERROR_SCHEMA_NAME]: errorSchema as never } };
  return doc;
}
