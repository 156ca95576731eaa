// The OpenAPI document of the REST API: generated from the same zod schemas as the endpoints, plus
// the two endpoints that are not JSON (file upload for readings, file downloads), described by hand.
import { generateOpenApiDocument } from "trpc-to-openapi";
import { z } from "zod";
import { API_SCOPES } from "@/server/api-tokens/scopes";
import { RUN_DOWNLOAD_FORMATS } from "@/server/billing/run-downloads";
import { API_TOKEN_LIMIT_PER_MINUTE } from "@/server/http/rate-limit";
import { restApiRouter } from "./router";

export function openApiDocument(baseUrl: string) {
  const doc = generateOpenApiDocument(restApiRouter, {
    title: "Dajie API",
    version: "1.0.0",
    description: `For ESCO and municipality systems. Authenticate with an API token of your organization (console → your organization → API tokens): \`Authorization: Bearer dj_…\`. Scopes: ${API_SCOPES.join(", ")}. At most ${API_TOKEN_LIMIT_PER_MINUTE} requests a minute per token, over every /v1 endpoint (file uploads and downloads included), and as many a minute per client address while the token is missing or wrong. Every answer to a counted request (a token with the scope, or a missing or wrong token) carries RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset (seconds); beyond the limit, 429 with Retry-After (seconds) too. A valid token that lacks the scope gets 403 and is not counted. Every error answer is JSON {code, message, problems}.`,
    baseUrl: `${baseUrl}/api`,
  });
  const bearer = [{ Authorization: [] }];
  const errors = {
    "401": { description: "No valid token" },
    "403": { description: "The token lacks the scope" },
    "404": { description: "The community (or run) is not yours" },
  };
  doc.paths = {
    ...doc.paths,
    "/v1/communities/{slug}/runs/{runId}/export": {
      get: {
        summary: "A run's files: billing export (csv, json), invoices (ubl), SEPA files (pain008, pain001, sepa-report) or PDF statements (statements: ZIP of all members; statement: one member)",
        description:
          "csv/json/ubl/statements/statement need the exports:read scope. ubl: EN 16931 invoices and credit notes in UBL 2.1, a ZIP of all or with member= one XML; 409 until the run's invoices are issued (POST …/invoices, scope invoices:issue). pain008 (ISO 20022 pain.008.001.08, SEPA Direct Debit Core, members who owe and gave a mandate), pain001 (pain.001.001.09, SEPA Credit Transfer, members credited) and sepa-report (who is in each file, who is excluded and why) need payments:read, because they name members and their IBANs. The token's organization is the creditor (pain.008) and the debtor (pain.001); its bank identity is set in the console. Every file carries the run id and checkpoint; the same run gives the same bytes. 409 when a SEPA file would have no transaction.",
        tags: ["settlement"],
        security: bearer,
        parameters: [
          { name: "slug", in: "path", required: true, schema: { type: "string" } },
          { name: "runId", in: "path", required: true, schema: { type: "string", format: "uuid" } },
          { name: "format", in: "query", required: false, schema: { type: "string", enum: [...RUN_DOWNLOAD_FORMATS], default: "csv" } },
          { name: "memberId", in: "query", required: false, description: "With format=statement: the member whose statement to download", schema: { type: "string", format: "uuid" } },
          { name: "member", in: "query", required: false, description: "With format=ubl: a member reference, for that member's invoice alone", schema: { type: "string" } },
        ],
        responses: {
          "200": { description: "The file", content: { "text/csv": {}, "application/json": {}, "application/xml": {}, "application/zip": {}, "application/pdf": {} } },
          "400": { description: "Unknown format, or the organization's bank identity or the seller's billing identity is missing" },
          "409": { description: "The run's invoices are not issued yet (ubl), or no member is in this SEPA file (see sepa-report)" },
          ...errors,
        },
      },
    },
    "/v1/communities/{slug}/imports": {
      post: {
        summary: "Import a meter data file (the request body is the file); scope readings:import. See the README for formats and options.",
        tags: ["metering"],
        security: bearer,
        parameters: [
          { name: "slug", in: "path", required: true, schema: { type: "string" } },
          { name: "format", in: "query", required: false, schema: { type: "string" } },
          { name: "dryRun", in: "query", required: false, schema: { type: "string", enum: ["1"] } },
        ],
        requestBody: { required: true, content: { "application/octet-stream": { schema: { type: "string", format: "binary" } } } },
        responses: { "201": { description: "Imported: summary with the batch id" }, "200": { description: "Already imported, or dry run" }, "400": { description: "The file has problems (listed by line)" }, ...errors },
      },
    },
  };
  // The rate limit answers every operation alike (server/http/rate-limit.ts).
  const seconds = { schema: { type: "integer" as const, minimum: 0 } };
  const tooMany = {
    description: `More than ${API_TOKEN_LIMIT_PER_MINUTE} requests in the current minute with this token (or, while the token is missing or wrong, from this address)`,
    headers: { "Retry-After": { description: "Seconds until the next request is allowed", ...seconds }, "RateLimit-Limit": seconds, "RateLimit-Remaining": seconds, "RateLimit-Reset": seconds },
  };
  for (const item of Object.values(doc.paths ?? {})) {
    for (const op of [item?.get, item?.post, item?.put, item?.patch, item?.delete]) if (op) op.responses = { ...op.responses, "429": tooMany };
  }
  return doc;
}

// What the API reference page (app/developers/api) shows of the document, read back through zod.
const referenceParameter = z.object({
  name: z.string(),
  in: z.string(),
  required: z.boolean().optional(),
  description: z.string().optional(),
  schema: z.object({ type: z.string().optional(), enum: z.array(z.string()).optional() }).optional(),
});
const referenceOperation = z.object({ summary: z.string().optional(), parameters: z.array(referenceParameter).optional() });
const referenceDocument = z.object({
  info: z.object({ description: z.string().optional() }),
  paths: z.record(z.string(), z.record(z.string(), referenceOperation)),
});

/** Every endpoint with its method, summary and parameters, for the API reference page. */
export function apiReference(baseUrl: string) {
  const doc = referenceDocument.parse(openApiDocument(baseUrl));
  const endpoints = Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ path, method: method.toUpperCase(), op })));
  return { description: doc.info.description, endpoints };
}
