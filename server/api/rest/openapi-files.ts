// The endpoints of the OpenAPI document that are plain route handlers rather than procedures: the
// meter data upload, a run's file downloads and a resident's device endpoints (/v1/me/…). Their
// parameters come from the lists the handlers read (import-query.ts, run-downloads.ts). Pure.
import { RUN_DOWNLOAD_FORMATS } from "@/server/billing/run-downloads";
import { IMPORT_QUERY_PARAMETERS } from "@/server/metering/import/import-query";
import { errorResponses, RATE_LIMIT_HEADERS } from "./openapi-errors";

const bearer = [{ Authorization: [] }];
const slugParam = { name: "slug", in: "path", required: true, description: "The community's public address, e.g. `solaria`", schema: { type: "string", example: "solaria" } } as const;
const runIdParam = { name: "runId", in: "path", required: true, description: "A final run's id (`GET …/runs`)", schema: { type: "string", format: "uuid" } } as const;
const notYours = { description: "The community is not one the token's organization owns or serves." };

const importSummaryExample = {
  format: "csv",
  sha256: "9f2d4c0e8b7a61f35d0c2e4b6a8f1d3c5e7a9b0c2d4e6f8a1b3c5d7e9f0a2b4c",
  channels: [{ meteringPoint: "IT001E00000001", direction: "CONSUMPTION", intervalSeconds: 900, intervals: 2976, start: "2026-10-31T23:00:00.000Z", end: "2026-11-30T23:00:00.000Z", totalWh: "312450", mappedTo: "IT001E00000001", gaps: 0 }],
  problems: [],
  problemCounts: {},
  skipped: [],
  skippedCount: 0,
  importable: 2976,
  existingReadings: 0,
  alreadyImported: false,
  batchId: "0b9e2f7c-4d1a-4c55-9a8e-3f6d2b1c7e90",
  readingsNew: 2976,
  readingsUnchanged: 0,
  readingsCorrected: 0,
};
const importSummarySchema = {
  type: "object",
  description: "What the file held and what the database made of it. `batchId` and `readings*` only when something was imported (not on a dry run).",
  properties: {
    format: { type: "string" },
    sha256: { type: "string", description: "The file's SHA-256 (hex); the same file again changes nothing" },
    channels: { type: "array", items: { type: "object", description: "One per metering point and direction in the file; `totalWh` a decimal string" } },
    problems: { type: "array", items: { type: "object" }, description: "Problems of the skipped classes, with their lines" },
    problemCounts: { type: "object", additionalProperties: { type: "integer" } },
    skippedCount: { type: "integer" },
    importable: { type: "integer", description: "Readings that can be stored" },
    existingReadings: { type: "integer", description: "Readings already stored for these points and times" },
    alreadyImported: { type: "boolean" },
    batchId: { type: "string", format: "uuid" },
    readingsNew: { type: "integer" },
    readingsUnchanged: { type: "integer" },
    readingsCorrected: { type: "integer", description: "Stored readings replaced by the file's values (the old ones are kept as revisions)" },
  },
};

const imports = {
  post: {
    operationId: "importReadings",
    summary: "Import a meter data file",
    description:
      "The request body is the file itself (CSV, Green Button XML, ebUtilities, MSCONS or Enedis), up to 1 GiB, streamed. Scope `readings:import`. All or nothing: a file with problems is refused with each problem and its line, and nothing is stored — unless its problem classes are listed in `skip`. The same file again (same SHA-256) changes nothing and answers 200 with `alreadyImported: true`. A reading that differs from a stored one corrects it; the old value is kept.",
    tags: ["metering"],
    security: bearer,
    parameters: [slugParam, ...IMPORT_QUERY_PARAMETERS.map((p) => ({ name: p.name, in: "query", required: false, description: p.description, schema: p.schema, ...("repeatable" in p && p.repeatable ? { style: "form", explode: true } : {}) }))],
    requestBody: { required: true, description: "The meter data file, as it is", content: { "application/octet-stream": { schema: { type: "string", format: "binary" } }, "text/csv": { schema: { type: "string" } } } },
    responses: {
      "201": { description: "Imported", headers: RATE_LIMIT_HEADERS, content: { "application/json": { schema: importSummarySchema, example: importSummaryExample } } },
      "200": { description: "Already imported (the same file), or a dry run (`dryRun=1`: nothing written)", headers: RATE_LIMIT_HEADERS, content: { "application/json": { schema: importSummarySchema, example: { ...importSummaryExample, alreadyImported: true, batchId: undefined, readingsNew: undefined, readingsUnchanged: undefined, readingsCorrected: undefined } } } },
      ...errorResponses({
        400: {
          description: "The file has problems (each with its line; nothing was stored), a parameter is malformed (`format`, `skip`, `alias`, an unknown `mapping`), or the body is empty.",
          example: { code: "BAD_REQUEST", message: "The file was not imported: 2 problems. Nothing was changed.", problems: [{ where: "line 7", message: "bad-timestamp: 2026-11-31 00:15 is not a date" }, { where: "line 12", message: "unknown-metering-point: IT001E99999999 is not a metering point of this community" }] },
        },
        401: true,
        403: { example: { code: "FORBIDDEN", message: 'This API token lacks the scope "readings:import". Create a token with that scope.', problems: [] } },
        404: notYours,
        413: { description: "The file is larger than 1 GiB.", example: { code: "PAYLOAD_TOO_LARGE", message: "The file is larger than 1 GiB.", problems: [] } },
      }),
    },
    "x-codeSamples": [{ lang: "curl", label: "curl", source: (base: string) => `curl -X POST -H "Authorization: Bearer $DAJIE_TOKEN" -H "Content-Type: text/csv" --data-binary @readings.csv "${base}/api/v1/communities/solaria/imports?tz=Europe/Rome&skip=unknown-metering-point&fileName=readings.csv"` }],
  },
};

const runExport = {
  get: {
    operationId: "runExport",
    summary: "A run's files: billing export, invoices, SEPA files or PDF statements",
    description: [
      "- `csv`, `json`: the billing lines (scope `exports:read`).",
      "- `ubl`: EN 16931 invoices and credit notes in UBL 2.1 — a ZIP of all, or with `member=` one XML (scope `exports:read`); 409 until the run's invoices are issued (`POST …/invoices`, scope `invoices:issue`).",
      "- `statements` (a ZIP of every member's PDF statement) and `statement` with `memberId=` (one PDF) (scope `exports:read`).",
      "- `pain008` (ISO 20022 pain.008.001.08, SEPA Direct Debit Core: members who owe and gave a mandate), `pain001` (pain.001.001.09, SEPA Credit Transfer: members credited) and `sepa-report` (who is in each file, who is excluded and why) need `payments:read`, because they name members and their IBANs. The token's organization is the creditor (pain.008) and the debtor (pain.001); its bank identity is set in the console.",
      "",
      "Every file carries the run id and checkpoint; the same run gives the same bytes. Every download is audited.",
    ].join("\n"),
    tags: ["settlement"],
    security: bearer,
    parameters: [
      slugParam,
      runIdParam,
      { name: "format", in: "query", required: false, description: "Which file; default `csv`.", schema: { type: "string", enum: [...RUN_DOWNLOAD_FORMATS], default: "csv" } },
      { name: "memberId", in: "query", required: false, description: "With `format=statement` (required there): the member whose statement to download.", schema: { type: "string", format: "uuid" } },
      { name: "member", in: "query", required: false, description: "With `format=ubl` only: a member reference, for that member's invoice alone (an XML instead of a ZIP).", schema: { type: "string", maxLength: 100, example: "SOL-001" } },
    ],
    responses: {
      "200": {
        description: "The file, with `Content-Disposition: attachment; filename=…`",
        headers: RATE_LIMIT_HEADERS,
        content: {
          "text/csv": { example: "member_reference,member_pseudonym,metering_point,period_start,period_end,item,energy_kwh,unit_price_eur_per_kwh,net_eur,vat_rate_percent,vat_eur,gross_eur,entry_seq,entry_hash\nSOL-001,m-7f3a,IT001E00000001,2026-11-01,2026-12-01,Energy from the community,41.250,0.10000,4.13,10,0.41,4.54,12,5be1…\n" },
          "application/json": { schema: { type: "object", description: "The same as GET …/lines" } },
          "application/xml": { schema: { type: "string" }, example: '<?xml version="1.0" encoding="UTF-8"?>\n<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2">…</Invoice>' },
          "application/zip": { schema: { type: "string", format: "binary" } },
          "application/pdf": { schema: { type: "string", format: "binary" } },
        },
      },
      ...errorResponses({
        400: { description: "An unknown `format`, `statement` without `memberId`, `member` without `format=ubl`, or the organization's bank identity or the seller's billing identity is missing.", example: { code: "BAD_REQUEST", message: "format=statement needs memberId", problems: [] } },
        401: true,
        403: { description: "The token lacks `exports:read` (or `payments:read` for the SEPA formats).", example: { code: "FORBIDDEN", message: 'This API token lacks the scope "payments:read". Create a token with that scope.', problems: [] } },
        404: { description: "The community is not the token's organization's, or the run (or the statement's member) is not in it.", example: { code: "NOT_FOUND", message: "Settlement run not found", problems: [] } },
        409: { description: "The run's invoices are not issued yet (`ubl`), the run's billing terms are not fixed yet, or no member is in this SEPA file (see `sepa-report`)." },
      }),
    },
    "x-codeSamples": [{ lang: "curl", label: "curl", source: (base: string) => `curl -H "Authorization: Bearer $DAJIE_TOKEN" -o run.csv "${base}/api/v1/communities/solaria/runs/$RUN_ID/export?format=csv"` }],
  },
};

// A resident's own devices: a device token (the resident's page → Devices), read-only, one member.
const memberIdParam = { name: "memberId", in: "query", required: false, description: "Optional; when given it must be the token's own member (anything else: 404).", schema: { type: "string", format: "uuid" } } as const;
const dayParam = { name: "day", in: "query", required: false, description: "A local day `YYYY-MM-DD` in the community's time zone; default: the latest day with readings.", schema: { type: "string", format: "date", example: "2026-11-30" } } as const;
const who = { memberId: "3d0c5a8e-6b4f-4f0e-9a51-2b7c8d9e0f12", pseudonym: "m-7f3a9c", community: "solaria" };
const figures = { consumptionMWh: "412000", fromCommunityMWh: "250000", fromGridMWh: "162000", productionMWh: "980000", toNeighboursMWh: "610000", toGridMWh: "370000" };
const mWh = { type: "string", description: "Energy in mWh, an exact integer as a decimal string" } as const;
const figuresSchema = { type: "object", properties: Object.fromEntries(Object.keys(figures).map((k) => [k, mWh])) };
const whoSchema = { memberId: { type: "string", format: "uuid" }, pseudonym: { type: "string" }, community: { type: "string", description: "The community's slug" } };

function deviceOp(operationId: string, summary: string, description: string, parameters: object[], schema: object, example: object, path: string, query = "") {
  return {
    get: {
      operationId,
      summary,
      description: `${description} Authenticate with a device token: \`Authorization: Bearer djd_…\` (read-only, one member; made on the resident's page → Devices).`,
      tags: ["resident devices"],
      security: bearer,
      parameters,
      responses: {
        "200": { description: "JSON; energies in mWh as decimal strings", content: { "application/json": { schema, example } } },
        ...errorResponses({
          400: { description: "A malformed `day`.", example: { code: "BAD_REQUEST", message: "Give the day as YYYY-MM-DD.", problems: [{ where: "day", message: "Give the day as YYYY-MM-DD." }] } },
          401: { description: "No valid device token (missing, wrong or revoked).", example: { code: "UNAUTHORIZED", message: "Invalid or revoked device token", problems: [] } },
          404: { description: "`memberId` names another member than the token's, or (without `day`) the member has no readings yet.", example: { code: "NOT_FOUND", message: "Member not found", problems: [] } },
        }),
      },
      "x-codeSamples": [{ lang: "curl", label: "curl", source: (base: string) => `curl -H "Authorization: Bearer $DAJIE_DEVICE_TOKEN" "${base}/api${path}${query}"` }],
    },
  };
}

/** The hand-described paths; `x-codeSamples` sources are filled in with the base address by openapi.ts. */
export const HAND_DESCRIBED_PATHS = {
  "/v1/communities/{slug}/imports": imports,
  "/v1/communities/{slug}/runs/{runId}/export": runExport,
  "/v1/me/readings": deviceOp(
    "deviceReadings",
    "A member's own readings of a day",
    "The token's member's readings of a local day, per interval: consumption and injection (mWh).",
    [dayParam, memberIdParam],
    { type: "object", properties: { ...whoSchema, day: { type: "string", format: "date" }, timeZone: { type: "string" }, intervalMinutes: { type: "integer" }, intervals: { type: "array", items: { type: "object", properties: { start: { type: "string", format: "date-time" }, consumptionMWh: mWh, injectionMWh: mWh } } } } },
    { ...who, day: "2026-11-30", timeZone: "Europe/Rome", intervalMinutes: 15, intervals: [{ start: "2026-11-29T23:00:00.000Z", consumptionMWh: "61000", injectionMWh: "0" }, { start: "2026-11-29T23:15:00.000Z", consumptionMWh: "58000", injectionMWh: "0" }] },
    "/v1/me/readings",
    "?day=2026-11-30",
  ),
  "/v1/me/shared": deviceOp(
    "deviceShared",
    "A member's day: from neighbours and to neighbours",
    "The token's member's day per interval: consumption from the community vs the grid, production to neighbours vs the grid (mWh), and the day's totals. Every interval of the day is listed; `measured` says whether the member has a reading in it.",
    [dayParam, memberIdParam],
    { type: "object", properties: { ...whoSchema, day: { type: "string", format: "date" }, timeZone: { type: "string" }, intervalMinutes: { type: "integer" }, intervals: { type: "array", items: { type: "object", properties: { start: { type: "string", format: "date-time" }, measured: { type: "boolean" }, ...figuresSchema.properties } } }, totals: figuresSchema } },
    { ...who, day: "2026-11-30", timeZone: "Europe/Rome", intervalMinutes: 15, intervals: [{ start: "2026-11-30T10:00:00.000Z", measured: true, consumptionMWh: "61000", fromCommunityMWh: "61000", fromGridMWh: "0", productionMWh: "240000", toNeighboursMWh: "150000", toGridMWh: "90000" }], totals: figures },
    "/v1/me/shared",
    "?day=2026-11-30",
  ),
  "/v1/me/credits": deviceOp(
    "deviceCredits",
    "A member's Prosumer Credit",
    "The token's member's Prosumer Credit per settled period (the latest version of each) and their PC account in the ledger with its running balance (cents as decimal strings).",
    [memberIdParam],
    { type: "object", properties: { ...whoSchema, periods: { type: "array", items: { type: "object", description: "runId, periodStart, periodEnd, version, finalizedAt, the member's figures (`consumptionMWh`, `allocatedMWh`, `injectionMWh`, `deliveredMWh`, `surplusMWh`, `debitCents`, `creditCents`, `pcCents`) and how they were valued (`ruleKind`, `flat`, `incentive`, `market`)" } }, ledger: { type: "object", description: "The PC account: `account`, `balanceCents` and `entries` (`seq`, `kind`, `amountCents`, `energyMWh`, `hash`, `prevHash`, `balanceAfterCents`, …)" } } },
    { ...who, periods: [{ runId: "8c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f", periodStart: "2026-11-01", periodEnd: "2026-12-01", version: 1, finalizedAt: "2026-12-04T06:00:00.000Z", ruleKind: "DYNAMIC", consumptionMWh: "41250000", allocatedMWh: "25100000", injectionMWh: "98000000", deliveredMWh: "61000000", surplusMWh: "37000000", debitCents: "251", creditCents: "610", pcCents: "359", flat: null, incentive: null, market: null }], ledger: { memberId: "3d0c5a8e-6b4f-4f0e-9a51-2b7c8d9e0f12", pseudonym: "m-7f3a9c", reference: "SOL-001", account: "PC:m-7f3a9c", balanceCents: "359", entries: [] } },
    "/v1/me/credits",
  ),
  "/v1/me/latest-day": deviceOp(
    "deviceLatestDay",
    "A member's latest day with readings",
    "The token's member's latest local day with readings and its totals (mWh): made for a home sensor's poll. `day` and `totals` are null before the first reading.",
    [memberIdParam],
    { type: "object", properties: { ...whoSchema, day: { type: ["string", "null"], format: "date" }, timeZone: { type: "string" }, totals: { oneOf: [figuresSchema, { type: "null" }] } } },
    { ...who, day: "2026-11-30", timeZone: "Europe/Rome", totals: figures },
    "/v1/me/latest-day",
  ),
};
