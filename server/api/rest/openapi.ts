// The OpenAPI document of the REST API: generated from the same zod schemas as the endpoints, plus
// the two endpoints that are not JSON (file upload for readings, CSV download), described by hand.
import { generateOpenApiDocument } from "trpc-to-openapi";
import { API_SCOPES } from "@/server/api-tokens/scopes";
import { restApiRouter } from "./router";

export function openApiDocument(baseUrl: string) {
  const doc = generateOpenApiDocument(restApiRouter, {
    title: "Dajie API",
    version: "1.0.0",
    description: `For ESCO and municipality systems. Authenticate with an API token of your organization (console → your organization → API tokens): \`Authorization: Bearer dj_…\`. Scopes: ${API_SCOPES.join(", ")}. At most 120 requests a minute per token (429 with Retry-After beyond).`,
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
        summary:
          "A run's billing export as a file: CSV (RFC 4180), JSON, or ubl: EN 16931 invoices and credit notes in UBL 2.1 (a ZIP of all, or with member= one XML); scope exports:read. The first ubl request issues the run's invoices (numbered per seller and year).",
        tags: ["settlement"],
        security: bearer,
        parameters: [
          { name: "slug", in: "path", required: true, schema: { type: "string" } },
          { name: "runId", in: "path", required: true, schema: { type: "string", format: "uuid" } },
          { name: "format", in: "query", required: false, schema: { type: "string", enum: ["csv", "json", "ubl"], default: "csv" } },
          { name: "member", in: "query", required: false, description: "With format=ubl: a member reference, for that member's invoice alone", schema: { type: "string" } },
        ],
        responses: {
          "200": { description: "The file", content: { "text/csv": {}, "application/json": {}, "application/zip": {}, "application/xml": {} } },
          "400": { description: "Bad format, or the seller's billing identity is incomplete (no invoices can be issued)" },
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
  return doc;
}
