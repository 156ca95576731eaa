// Every sample file imports through the command line and through the HTTP API (the service itself is
// covered in import-file.int.test.ts; the browser way in e2e/readings-import.spec.ts).
import { spawnSync } from "node:child_process";
import { createReadStream } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createApiToken } from "@/server/api-tokens/api-tokens";
import { db } from "@/server/db/client";
import { makeOrg, makeUser, unique } from "@/server/test/factories";
import { POST as importPost } from "@/app/api/v1/communities/[slug]/imports/route";
import { SAMPLE_CASES, SAMPLES_DIR, sampleSetup } from "./sample-cases";
import { communityWith, stored } from "./test-community";

function cli(args: string[]) {
  const r = spawnSync("node_modules/.bin/tsx", ["scripts/dajie.ts", "import", ...args], { env: process.env, encoding: "utf8", timeout: 60_000 });
  return { status: r.status, out: r.stdout ? JSON.parse(r.stdout) : null, err: r.stderr };
}

function apiRequest(slug: string, token: string, path: string, query: URLSearchParams) {
  return new Request(`http://localhost/api/v1/communities/${slug}/imports?${query}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}` },
    body: Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>,
    duplex: "half",
  } as RequestInit);
}

describe("the command line: npm run -s dajie -- import FILE --community SLUG", () => {
  for (const c of SAMPLE_CASES) {
    it(`${c.file} → ${c.channels.map((ch) => ch.intervals).join(" + ")} intervals`, async () => {
      const { points, aliases } = sampleSetup(c, unique("cli"));
      const w = await communityWith(points);
      const args = [join(SAMPLES_DIR, c.file), "--community", w.community.slug, ...Object.entries(aliases).flatMap(([k, v]) => ["--alias", `${k}=${v}`]), ...(c.skip ? ["--skip", c.skip.join(",")] : [])];
      const first = cli(args);
      expect(first.err).toBe("");
      expect(first.status).toBe(0);
      expect(first.out.batchId).toMatch(/^[0-9a-f-]{36}$/);
      expect(first.out.channels.map((ch: { intervals: number }) => ch.intervals)).toEqual(c.channels.map((ch) => ch.intervals));
      for (const [i, ch] of c.channels.entries()) {
        expect(await stored(w.points[i]!.id)).toEqual({ intervals: ch.intervals, totalMWh: ch.totalMWh, first: ch.first, last: ch.last });
      }
      // The same file again changes nothing.
      const again = cli(args);
      expect(again.out.alreadyImported.batchId).toBe(first.out.batchId);
    });
  }

  it("a file with problems exits 1, lists them and imports nothing", async () => {
    const c = SAMPLE_CASES.find((s) => s.file.startsWith("mscons"))!;
    const { points, aliases } = sampleSetup(c, unique("cli"));
    const w = await communityWith(points);
    const r = cli([join(SAMPLES_DIR, c.file), "--community", w.community.slug, ...Object.entries(aliases).flatMap(([k, v]) => ["--alias", `${k}=${v}`])]);
    expect(r.status).toBe(1);
    expect(r.out.error.message).toBe("The file was not imported: 73 problems. Nothing was changed.");
    expect(r.out.error.problems[0].where).toMatch(/^line \d+$/);
    expect(await db().importBatch.count({ where: { communityId: w.community.id } })).toBe(0);
  });
});

describe("the HTTP API: POST /api/v1/communities/{slug}/imports", () => {
  for (const c of SAMPLE_CASES) {
    it(`${c.file} → 201 and ${c.channels.map((ch) => ch.intervals).join(" + ")} intervals stored`, async () => {
      const { points, aliases } = sampleSetup(c, unique("api"));
      const w = await communityWith(points);
      const { token } = await createApiToken(db(), { userId: w.admin.id }, w.org.id, { name: "esco system", scopes: ["readings:import"] });
      const q = new URLSearchParams({ fileName: c.file });
      for (const [k, v] of Object.entries(aliases)) q.append("alias", `${k}=${v}`);
      if (c.skip) q.set("skip", c.skip.join(","));
      const res = await importPost(apiRequest(w.community.slug, token, join(SAMPLES_DIR, c.file), q), { params: Promise.resolve({ slug: w.community.slug }) });
      const body = await res.json();
      expect(res.status, JSON.stringify(body).slice(0, 300)).toBe(201);
      expect(body.skippedCount).toBe(c.skipped);
      for (const [i, ch] of c.channels.entries()) {
        expect(await stored(w.points[i]!.id)).toEqual({ intervals: ch.intervals, totalMWh: ch.totalMWh, first: ch.first, last: ch.last });
      }
      const batch = await db().importBatch.findUniqueOrThrow({ where: { id: body.batchId } });
      expect(batch.source).toBe("API");
    });
  }

  it("refuses a missing token (401), a token without the scope (403), and a community the organization has nothing to do with (404)", async () => {
    const c = SAMPLE_CASES[0]!;
    const path = join(SAMPLES_DIR, c.file);
    const w = await communityWith(sampleSetup(c, unique("api")).points);
    const noScope = await createApiToken(db(), { userId: w.admin.id }, w.org.id, { name: "reader", scopes: ["runs:read"] });
    const other = await makeOrg("ESCO");
    const otherUser = await makeUser();
    const stranger = await createApiToken(db(), { userId: otherUser.id }, other.id, { name: "stranger", scopes: ["readings:import"] });
    const q = new URLSearchParams();
    expect((await importPost(apiRequest(w.community.slug, "dj_nope", path, q), { params: Promise.resolve({ slug: w.community.slug }) })).status).toBe(401);
    expect((await importPost(apiRequest(w.community.slug, noScope.token, path, q), { params: Promise.resolve({ slug: w.community.slug }) })).status).toBe(403);
    expect((await importPost(apiRequest(w.community.slug, stranger.token, path, q), { params: Promise.resolve({ slug: w.community.slug }) })).status).toBe(404);
    expect(await db().importBatch.count({ where: { communityId: w.community.id } })).toBe(0);
  });

  it("an unknown problem class in skip= is a 400 naming it, and nothing is imported", async () => {
    const c = SAMPLE_CASES[0]!;
    const w = await communityWith(sampleSetup(c, unique("api")).points);
    const { token } = await createApiToken(db(), { userId: w.admin.id }, w.org.id, { name: "esco system", scopes: ["readings:import"] });
    const res = await importPost(apiRequest(w.community.slug, token, join(SAMPLES_DIR, c.file), new URLSearchParams({ skip: "non-numeric,typo-code" })), { params: Promise.resolve({ slug: w.community.slug }) });
    expect(res.status).toBe(400);
    expect((await res.json()).message).toMatch(/^Unknown problem class typo-code;/);
    expect(await db().importBatch.count({ where: { communityId: w.community.id } })).toBe(0);
  });
});
