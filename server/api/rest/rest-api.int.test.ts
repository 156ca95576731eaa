// The REST API end to end through its HTTP handlers: tokens and scopes, the ESCO's view, lines that
// tie to the ledger, the UBL files (also through the official XSDs and EN 16931 rules), the OpenAPI
// document, rate limiting.
import { describe, expect, it } from "vitest";
import { GET as openapiGet } from "@/app/api/openapi.json/route";
import { GET as restGet, POST as restPost } from "@/app/api/v1/[...path]/route";
import { GET as exportGet } from "@/app/api/v1/communities/[slug]/runs/[runId]/export/route";
import { createApiToken } from "@/server/api-tokens/api-tokens";
import type { ApiScope } from "@/server/api-tokens/scopes";
import { db } from "@/server/db/client";
import { finalizeRun } from "@/server/settlement/finalize-run";
import { settlementWorld, writeReadings } from "@/server/settlement/test-settlement";
import { makeOrg, makeUser } from "@/server/test/factories";
import { checkEn16931 } from "@/server/billing/en16931-check";
import { unzip } from "@/server/billing/zip";
import { officialChecks } from "@/server/test/official-schemas";
import { REST_LIMIT_PER_MINUTE } from "./rest-trpc";

const DAY = { start: "2026-03-02", end: "2026-03-03" };
/** The UBL files the API serves, checked at the end against the official XSDs and EN 16931 rules. */
const official = officialChecks(["invoice", "creditNote"]);

async function world() {
  const w = await settlementWorld([{}, {}, {}, { injection: true }], { vatChargesPercent: "10" });
  for (const m of w.members.slice(0, 3)) await writeReadings(w.community.id, m.consumption!.id, "2026-03-01T23:00:00Z", "2026-03-02T23:00:00Z", 100_000n);
  await writeReadings(w.community.id, w.members[3]!.injection!.id, "2026-03-01T23:00:00Z", "2026-03-02T23:00:00Z", 150_000n);
  // The ESCO serves the community before the run is finalized: finalize fixes the run's seller.
  const esco = await makeOrg("ESCO");
  await db().communityEsco.create({ data: { communityId: w.community.id, escoId: esco.id } });
  const run = await finalizeRun(db(), w.community.id, DAY, { kind: "scheduler" });
  const escoAdmin = await makeUser();
  await db().orgMembership.create({ data: { orgId: esco.id, userId: escoAdmin.id, role: "ADMIN" } });
  const token = async (orgId: string, userId: string, scopes: ApiScope[]) =>
    (await createApiToken(db(), { userId }, orgId, { name: "test", scopes })).token;
  return { ...w, run, esco, escoToken: await token(esco.id, escoAdmin.id, ["runs:read", "exports:read"]), token, escoAdmin };
}

const call = (path: string, token?: string) =>
  restGet(new Request(`http://localhost/api${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} }));

describe("REST API", () => {
  it("the serving ESCO lists the community, its runs and a run's lines; the lines' net total is −Σ PC entries (0 ¢), VAT 10 % → 18 ¢", async () => {
    const w = await world();
    const communities = await (await call("/v1/communities", w.escoToken)).json();
    expect(communities.communities).toEqual([expect.objectContaining({ slug: w.community.slug, relation: "esco", timeZone: "Europe/Rome" })]);

    const runs = await (await call(`/v1/communities/${w.community.slug}/runs`, w.escoToken)).json();
    const runRow = await db().settlementRun.findUniqueOrThrow({ where: { id: w.run.runId } });
    expect(runs.runs).toEqual([expect.objectContaining({ id: w.run.runId, version: 1, checkpoint: { treeSize: "6", root: runRow.checkpointRoot } })]);

    const res = await call(`/v1/communities/${w.community.slug}/runs/${w.run.runId}/lines`, w.escoToken);
    expect(res.status).toBe(200);
    const lines = await res.json();
    // Per VAT category: the producer's credit −1.73 € without VAT (E, the community's credits rate is 0 %),
    // the consumers' charges 1.73 € at 10 % (S): 5.8 + 5.8 + 5.7 → 6 + 6 + 6 = 18 ¢.
    expect(lines.totals).toEqual({
      netEur: "0.00",
      vatEur: "0.18",
      grossEur: "0.18",
      ledgerNetEur: "0.00",
      feeNetEur: "0.00",
      byVatCategory: [
        { vatCategory: "E", vatRatePercent: "0.00", netEur: "-1.73", vatEur: "0.00" },
        { vatCategory: "S", vatRatePercent: "10.00", netEur: "1.73", vatEur: "0.18" },
      ],
    });
    expect(lines.lines).toHaveLength(4);
    expect(await db().auditEvent.count({ where: { objectId: w.run.runId, action: "billing.export", actorUserId: { startsWith: "api-token:" } } })).toBe(1);

    const csv = await exportGet(new Request("http://localhost/x?format=csv", { headers: { authorization: `Bearer ${w.escoToken}` } }), { params: Promise.resolve({ slug: w.community.slug, runId: w.run.runId }) });
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect((await csv.text()).split("\r\n")).toHaveLength(6); // header, 4 lines, final CRLF
  });

  it("POST …/invoices issues (scope invoices:issue); then format=ubl: the serving ESCO (the seller) gets a ZIP of 4 invoices, and with member= one EN 16931 XML; the same bytes again; a stranger's token → 404", async () => {
    const w = await world();
    await db().organization.update({ where: { id: w.esco.id }, data: { legalName: "Helios S.r.l.", vatId: "IT01234567890", street: "Via dei Mille 5", postcode: "20121", city: "Milano", countryCode: "IT" } });
    const get = (query: string, token: string) => exportGet(new Request(`http://localhost/x?${query}`, { headers: { authorization: `Bearer ${token}` } }), { params: Promise.resolve({ slug: w.community.slug, runId: w.run.runId }) });
    const issue = (token: string) => restPost(new Request(`http://localhost/api/v1/communities/${w.community.slug}/runs/${w.run.runId}/invoices`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: "{}" }));
    expect((await get("format=ubl", w.escoToken)).status).toBe(409); // not issued yet: a download never issues
    expect((await issue(w.escoToken)).status).toBe(403); // the token lacks invoices:issue
    const issuer = await w.token(w.esco.id, w.escoAdmin.id, ["invoices:issue"]);
    const issued = await issue(issuer);
    expect(issued.status).toBe(200);
    expect((await issued.json()).invoices.map((i: { memberReference: string; type: string }) => [i.memberReference, i.type])).toEqual([["R001", "INVOICE"], ["R002", "INVOICE"], ["R003", "INVOICE"], ["R004", "CREDIT_NOTE"]]);
    const zipped = await get("format=ubl", w.escoToken);
    expect(zipped.status).toBe(200);
    expect(zipped.headers.get("content-type")).toBe("application/zip");
    const entries = unzip(Buffer.from(await zipped.arrayBuffer()));
    const year = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Rome", year: "numeric" }).format(new Date()); // issued today
    expect(entries.map((e) => e.name)).toEqual([1, 2, 3, 4].map((n) => `${n === 4 ? "credit-note" : "invoice"}-${year}-00000${n}.xml`)); // the producer is credited
    const one = await get("format=ubl&member=R002", w.escoToken);
    expect(one.headers.get("content-type")).toBe("application/xml; charset=utf-8");
    const xml = await one.text();
    expect(checkEn16931(xml)).toEqual([]);
    for (const e of entries) official.add(`REST ${e.name}`, Buffer.from(e.data as Uint8Array).toString("utf8"));
    expect(xml).toBe(Buffer.from(entries[1]!.data as Uint8Array).toString("utf8"));
    expect(await (await get("format=ubl&member=R002", w.escoToken)).text()).toBe(xml);
    expect((await get("format=ubl&member=NOPE", w.escoToken)).status).toBe(404);
    expect((await get("format=csv&member=R002", w.escoToken)).status).toBe(400);
    const stranger = await makeOrg("ESCO");
    const strangerUser = await makeUser();
    await db().orgMembership.create({ data: { orgId: stranger.id, userId: strangerUser.id, role: "ADMIN" } });
    expect((await get("format=ubl&member=R002", await w.token(stranger.id, strangerUser.id, ["exports:read"]))).status).toBe(404);
    expect(await db().auditEvent.count({ where: { objectId: w.run.runId, action: "billing.export", actorUserId: { startsWith: "api-token:" } } })).toBe(3); // the ZIP and the XML twice; refused requests write nothing
  });

  it("no token → 401; a token without the scope → 403; another organization's token → 404", async () => {
    const w = await world();
    expect((await call("/v1/communities")).status).toBe(401);
    const importOnly = await w.token(w.esco.id, w.escoAdmin.id, ["readings:import"]);
    expect((await call("/v1/communities", importOnly)).status).toBe(403);
    const exportDenied = await exportGet(new Request("http://localhost/x", { headers: { authorization: `Bearer ${importOnly}` } }), { params: Promise.resolve({ slug: w.community.slug, runId: w.run.runId }) });
    expect(exportDenied.status).toBe(403);
    const stranger = await makeOrg("ESCO");
    const strangerUser = await makeUser();
    await db().orgMembership.create({ data: { orgId: stranger.id, userId: strangerUser.id, role: "ADMIN" } });
    const strangerToken = await w.token(stranger.id, strangerUser.id, ["runs:read", "exports:read"]);
    expect((await (await call("/v1/communities", strangerToken)).json()).communities).toEqual([]);
    expect((await call(`/v1/communities/${w.community.slug}/runs`, strangerToken)).status).toBe(404);
    expect((await call(`/v1/communities/${w.community.slug}/runs/${w.run.runId}/lines`, strangerToken)).status).toBe(404);
  });

  it(`more than ${REST_LIMIT_PER_MINUTE} requests a minute with one token → 429`, async () => {
    const w = await world();
    const statuses: number[] = [];
    for (let i = 0; i <= REST_LIMIT_PER_MINUTE; i++) statuses.push((await call("/v1/communities", w.escoToken)).status);
    expect(statuses.slice(0, REST_LIMIT_PER_MINUTE).every((s) => s === 200)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    const refused = await call("/v1/communities", w.escoToken);
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0); // as the OpenAPI document promises
  }, 60_000); // a world with a finalized run, then 122 sequential HTTP calls through the REST handler: ~10 s alone, ~30 s beside other test files

  it("the OpenAPI document lists every endpoint, generated from the zod schemas", async () => {
    const doc = await (await openapiGet()).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths).sort()).toEqual([
      "/v1/communities",
      "/v1/communities/{slug}/imports",
      "/v1/communities/{slug}/runs",
      "/v1/communities/{slug}/runs/{runId}/export",
      "/v1/communities/{slug}/runs/{runId}/invoices",
      "/v1/communities/{slug}/runs/{runId}/lines",
      "/v1/me/credits",
      "/v1/me/latest-day",
      "/v1/me/readings",
      "/v1/me/shared",
    ]);
    expect(JSON.stringify(doc.paths["/v1/communities/{slug}/runs/{runId}/lines"])).toContain("entryHash");
    const exportParams = doc.paths["/v1/communities/{slug}/runs/{runId}/export"].get.parameters;
    expect(exportParams.find((p: { name: string }) => p.name === "format").schema.enum).toEqual(["csv", "json", "ubl", "pain008", "pain001", "sepa-report", "statements", "statement"]);
    expect(exportParams.map((p: { name: string }) => p.name)).toContain("member");
    // The 429 the description promises, on every operation (the REST endpoints and the file routes).
    const operations = Object.values(doc.paths as Record<string, Record<string, { responses: Record<string, { headers?: Record<string, unknown> }> }>>).flatMap((item) => Object.values(item));
    expect(operations).toHaveLength(10);
    for (const op of operations) expect(Object.keys(op.responses["429"]?.headers ?? {})).toEqual(["Retry-After", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"]);
  });
});

official.register();
