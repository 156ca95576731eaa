import { describe, expect, it } from "vitest";
import { apiReference } from "./openapi";

describe("apiReference (the API reference page's view of the OpenAPI document)", () => {
  it("lists the 10 endpoints: 4 generated from the procedures, the 2 file endpoints and the 4 resident device endpoints described by hand", () => {
    const r = apiReference("https://dajie.example");
    expect(r.endpoints.map((e) => `${e.method} ${e.path}`).sort()).toEqual([
      "GET /v1/communities",
      "GET /v1/communities/{slug}/runs",
      "GET /v1/communities/{slug}/runs/{runId}/export",
      "GET /v1/communities/{slug}/runs/{runId}/lines",
      "GET /v1/me/credits",
      "GET /v1/me/latest-day",
      "GET /v1/me/readings",
      "GET /v1/me/shared",
      "POST /v1/communities/{slug}/imports",
      "POST /v1/communities/{slug}/runs/{runId}/invoices",
    ]);
    const format = r.endpoints.find((e) => e.path.endsWith("/export"))!.op.parameters!.find((p) => p.name === "format")!;
    expect(format.schema?.enum).toContain("pain008");
  });
});
