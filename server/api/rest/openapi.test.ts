// The OpenAPI document against what the server really does: every REST route (the procedures and the
// route files under app/api/v1) documented and nothing else, the query parameters documented exactly
// as the handlers' parsers read them, and every operation's answers with examples in the edge's shape.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { describe, expect, it } from "vitest";
import { parseRunDownload } from "@/server/billing/run-downloads";
import { APP_ERROR_HTTP } from "@/server/http/app-error-status";
import { importQuery } from "@/server/metering/import/import-query";
import { dayOf } from "@/server/residents/device-api";
import type { OwnMember } from "@/server/residents/own-member";
import { apiReference } from "./api-reference";
import { openApiDocument } from "./openapi";
import { restApiRouter } from "./router";

type Op = { parameters?: { name: string; in: string }[]; responses: Record<string, { headers?: Record<string, unknown>; content?: Record<string, { schema?: { $ref?: string }; example?: unknown }> }> };
const doc = JSON.parse(JSON.stringify(openApiDocument("https://dajie.example"))) as { paths: Record<string, Record<string, Op>> };
const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
const op = (method: string, path: string) => doc.paths[path]![method]!;
const queryNames = (o: Op) => (o.parameters ?? []).filter((p) => p.in === "query").map((p) => p.name).sort();

/** URLSearchParams that notes every name a parser asks for. */
class Recording extends URLSearchParams {
  read = new Set<string>();
  override get(name: string) {
    this.read.add(name);
    return super.get(name);
  }
  override getAll(name: string) {
    this.read.add(name);
    return super.getAll(name);
  }
  override has(name: string) {
    this.read.add(name);
    return super.has(name);
  }
}

/** The REST route files beside the procedures' catch-all: `METHOD /v1/…` for each exported handler. */
function routeFiles(dir = join(process.cwd(), "app", "api", "v1")): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = join(dir, e.name);
    if (e.isDirectory()) return e.name.startsWith("[...") ? [] : routeFiles(full);
    if (e.name !== "route.ts") return [];
    const path = `/v1/${relative(join(process.cwd(), "app", "api", "v1"), dir).split(sep).join("/")}`.replace(/\[(\w+)\]/g, "{$1}");
    return [...readFileSync(full, "utf8").matchAll(/export const (GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) => `${m[1]} ${path}`);
  });
}

describe("the OpenAPI document covers every REST route", () => {
  it("documents exactly the 4 procedures and the 6 route handlers under app/api/v1 (10 operations), no more", () => {
    const procedures = Object.values(restApiRouter._def.procedures).map((p) => {
      const o = (p as { _def: { meta?: { openapi?: { method: string; path: string } } } })._def.meta!.openapi!;
      return `${o.method} ${o.path}`;
    });
    const files = routeFiles();
    expect(procedures).toHaveLength(4);
    expect(files).toHaveLength(6);
    expect(documented.sort()).toEqual([...procedures, ...files].sort());
  });
});

describe("documented parameters are the ones the handlers read", () => {
  it("the import: its 8 query parameters (format, tz, meteringPoint, alias, skip, mapping, fileName, dryRun) are the names importQuery reads", () => {
    const q = new Recording();
    importQuery(q);
    expect(queryNames(op("post", "/v1/communities/{slug}/imports"))).toEqual([...q.read].sort());
    expect([...q.read].sort()).toEqual(["alias", "dryRun", "fileName", "format", "mapping", "meteringPoint", "skip", "tz"]);
  });

  it("the import reads what it documents: tz=Europe/Vienna, alias twice, skip, mapping, fileName, dryRun=1 all arrive in its options", () => {
    const q = new URLSearchParams("format=csv&tz=Europe/Vienna&meteringPoint=P1&alias=A=1&alias=B=2&skip=unknown-metering-point&mapping=m&fileName=f.csv&dryRun=1");
    expect(importQuery(q)).toEqual({ format: "csv", timeZone: "Europe/Vienna", meteringPoint: "P1", aliases: { A: "1", B: "2" }, skip: ["unknown-metering-point"], mappingName: "m", fileName: "f.csv", dryRun: true });
  });

  it("a run's export: format, memberId and member are the names parseRunDownload reads", () => {
    const q = new Recording();
    parseRunDownload(q);
    expect(queryNames(op("get", "/v1/communities/{slug}/runs/{runId}/export"))).toEqual([...q.read].sort());
  });

  it("a device's day: readings and shared document `day`, the name dayOf reads (memberId is the edge's, documented on all 4)", async () => {
    const q = new Recording("day=2026-11-30");
    const url = new URL("https://dajie.example/api/v1/me/readings");
    Object.defineProperty(url, "searchParams", { value: q });
    // With a valid day, dayOf never reaches the database.
    expect(await dayOf(null as never, {} as OwnMember, url)).toBe("2026-11-30");
    for (const path of ["/v1/me/readings", "/v1/me/shared"]) expect(queryNames(op("get", path))).toEqual(["day", "memberId"]);
    for (const path of ["/v1/me/credits", "/v1/me/latest-day"]) expect(queryNames(op("get", path))).toEqual(["memberId"]);
  });
});

describe("every operation's answers", () => {
  const statusOf = Object.fromEntries(Object.entries(APP_ERROR_HTTP).map(([code, v]) => [code, String(v.status)]));
  for (const name of documented) {
    const [method, path] = name.split(" ") as [string, string];
    it(`${name}: a 2xx with an example, 401, 429 (Retry-After) and 500, every error an Error body whose example's code matches its status`, () => {
      const o = op(method.toLowerCase(), path);
      const statuses = Object.keys(o.responses);
      expect(statuses).toEqual(expect.arrayContaining(["401", "429", "500"]));
      const ok = statuses.filter((s) => s.startsWith("2"));
      expect(ok.length).toBeGreaterThan(0);
      for (const s of ok) expect(Object.values(o.responses[s]!.content ?? {}).some((m) => m.example !== undefined), `${s} example`).toBe(true);
      expect(Object.keys(o.responses["429"]!.headers ?? {})).toEqual(expect.arrayContaining(["Retry-After", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"]));
      for (const s of statuses.filter((x) => !x.startsWith("2"))) {
        const json = o.responses[s]!.content!["application/json"]!;
        expect(json.schema?.$ref).toBe("#/components/schemas/Error");
        const example = json.example as { code: string; message: string; problems: unknown[] };
        expect(s === "500" ? example.code === "INTERNAL" : statusOf[example.code] === s, `${s} example code ${example.code}`).toBe(true);
        expect(typeof example.message).toBe("string");
        expect(Array.isArray(example.problems)).toBe(true);
      }
    });
  }
});

describe("apiReference (the API reference page's view of the OpenAPI document)", () => {
  it("lists the 10 endpoints under /api with their curl calls, the import with 1 path + 8 query parameters", () => {
    const r = apiReference("https://dajie.example");
    expect(r.endpoints.map((e) => `${e.method} ${e.path}`).sort()).toEqual([
      "GET /api/v1/communities",
      "GET /api/v1/communities/{slug}/runs",
      "GET /api/v1/communities/{slug}/runs/{runId}/export",
      "GET /api/v1/communities/{slug}/runs/{runId}/lines",
      "GET /api/v1/me/credits",
      "GET /api/v1/me/latest-day",
      "GET /api/v1/me/readings",
      "GET /api/v1/me/shared",
      "POST /api/v1/communities/{slug}/imports",
      "POST /api/v1/communities/{slug}/runs/{runId}/invoices",
    ]);
    for (const e of r.endpoints) expect(e.curl.join(""), e.id).toMatch(/^curl .*"https:\/\/dajie\.example\/api\/v1\//);
    const imports = r.endpoints.find((e) => e.path.endsWith("/imports"))!;
    expect(imports.parameters).toHaveLength(9);
    const format = r.endpoints.find((e) => e.path.endsWith("/export"))!.parameters.find((p) => p.name === "format")!;
    expect(format.schema?.enum).toContain("pain008");
  });
});
