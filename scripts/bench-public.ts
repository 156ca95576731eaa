// `npm run bench:public`: the public page of a 1,000-member community with a year of 15-minute data,
// its ledger page, the landing page and the resident page under load, against the production build.
//
//   npm run bench:public                                  1,000 members × 365 days, 10 s per page
//   npm run bench:public -- --members 100 --days 30       a quick run
//   flags: --rebuild (build the dataset again), --duration S (per page), --connections C (public pages),
//          --only WORD (only the pages whose name contains WORD), --services (time the services behind
//          the pages in-process first: the public figures' reference query against the daily rows, /me's calls)
//
// The dataset is built once and kept in .bench/public-<members>m-<days>d/ (git-ignored): an embedded
// PostgreSQL with a municipality, a community with a public slug, the members (70 % consumers, 20 %
// prosumers with two meters, 10 % producers), their metering points, 15-minute readings from the first
// day of the month `days` days ago up to today (inserted with generate_series into the partitioned
// `reading` table as the app role, like `bench:settle`; the file importer would take far too long), every
// whole month finalized through finalizeRun, and 20 residents with passwords linked to members. Reruns
// reuse it; `dataset.json` in the folder marks it complete.
//
// The app: `next build` when .next is missing or older than its sources (scripts/lib/next-build.ts,
// the rule `npm run demo` uses), then `tsx server.ts` (what `npm start` runs) on a free port with the dataset's database and
// DAJIE_JOBS=off. Load comes from autocannon in a separate node process (scripts/lib/load-run.ts).
// Each page is asked once first (its cold time is printed: the first request fills the caches), then
// asked up to 10 times in a row (warm-up), then measured. /me is client-rendered: its HTML and the two tRPC batches
// the page fires on first load (memberships, then the member's data queries) are measured one by one,
// each of the 20 connections with its own resident's session.
//
// Ends with one JSON line (read by `npm run bench`).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join, resolve } from "node:path";
import { openDatabase } from "./lib/database.ts";
import { freePort } from "./lib/embedded-postgres.ts";
import { flag } from "./lib/flags.ts";
import { buildIsStale } from "./lib/next-build.ts";
import { ownerQuery } from "./lib/owner-query.ts";
import type { LoadResult, LoadSpec } from "./lib/load-run.ts";

// Every request asks for gzip as browsers do, so compression is part of what is measured.
const BROWSER = { "accept-encoding": "gzip, deflate, br" };

const MEMBERS = flag("members", 1000);
const DAYS = flag("days", 365);
const DURATION = flag("duration", 10);
const CONNECTIONS = flag("connections", 50);
const RESIDENTS = Math.min(20, MEMBERS);
/** Sequential requests per page before it is measured (at most 5 s of them). */
const WARMUP = 10;
const REBUILD = process.argv.includes("--rebuild");
/** `--services`: also time the services behind the pages in this process, uncached (the reference query can take minutes). */
const SERVICES = process.argv.includes("--services");
/** `--only WORD`: measure only the pages whose name contains WORD (e.g. "ledger", "/me"). */
const ONLY = process.argv.includes("--only") ? process.argv[process.argv.indexOf("--only") + 1] ?? "" : "";
const PASSWORD = "bench-public-password-2026";
const TIME_ZONE = "Europe/Rome";

const GOALS: Record<string, { p95: number; rps?: number }> = {
  public: { p95: 100, rps: 500 },
  landing: { p95: 50, rps: 1000 },
  me: { p95: 200 },
};

interface Dataset {
  slug: string;
  communityId: string;
  members: number;
  days: number;
  from: string;
  until: string;
  readings: number;
  runs: number;
  secret: string;
  residents: { email: string; memberId: string }[];
  buildSeconds: number;
}

const folder = resolve(".bench", `public-${MEMBERS}m-${DAYS}d`);
const datasetFile = join(folder, "dataset.json");
if (REBUILD || !existsSync(datasetFile)) rmSync(folder, { recursive: true, force: true });
mkdirSync(folder, { recursive: true });
chmodSync(folder, 0o711); // the embedded server runs as 'postgres' and must reach its data folder
const existing = existsSync(datasetFile) ? (JSON.parse(readFileSync(datasetFile, "utf8")) as Dataset) : null;
const secret = existing?.secret ?? randomBytes(32).toString("hex");

if (process.env.DATABASE_URL) console.error("[bench] DATABASE_URL is ignored: the dataset lives in its own embedded PostgreSQL");
delete process.env.DATABASE_URL;
delete process.env.DATABASE_OWNER_URL;
const database = await openDatabase({ root: join(folder, "pg"), database: "dajie_bench" });
process.env.DATABASE_URL = database.url;
process.env.BETTER_AUTH_SECRET = secret;

const { db } = await import("../server/db/client.ts");
const { auth } = await import("../server/auth/auth.ts");

const s = (ms: number) => (ms / 1000).toFixed(1);
let server: ChildProcess | null = null;

try {
  const dataset = existing ?? (await buildDataset());
  if (existing) console.log(`[bench] dataset ${folder} (built before): ${dataset.members} members, ${dataset.readings} readings ${dataset.from} – ${dataset.until}, ${dataset.runs} final runs`);

  // Fresh sessions through better-auth's real sign-in (the server checks them against the same database and secret).
  const sessions: { cookie: string; memberId: string }[] = [];
  for (const r of dataset.residents) {
    const res = await auth().api.signInEmail({ body: { email: r.email, password: PASSWORD }, asResponse: true });
    if (!res.ok) throw new Error(`sign-in of ${r.email} failed: HTTP ${res.status}`);
    sessions.push({ cookie: res.headers.getSetCookie().map((c) => c.split(";")[0]!).join("; "), memberId: r.memberId });
  }
  if (SERVICES) await timeServices(dataset);
  // The daily rows (daily-energy.ts) are recomputed by the first read after a change; for a dataset
  // built or migrated just now that is the whole year, which is done here rather than in a request.
  const rollup = await import("../server/transparency/daily-energy.ts");
  const community = await db().community.findUniqueOrThrow({ where: { id: dataset.communityId } });
  const tr = performance.now();
  if (await rollup.refreshDailyEnergy(db(), community)) console.log(`[bench] daily rows of the public figures brought up to date in ${s(performance.now() - tr)} s`);
  // What a miss of the page's figure cache costs now: one uncached publicStats (daily rows, runs, privacy rule).
  const { publicStats } = await import("../server/transparency/public-stats.ts");
  for (let i = 1; i <= 2; i++) {
    const tp = performance.now();
    await publicStats(db(), community.slug);
    console.log(`[bench] publicStats uncached, call ${i}: ${(performance.now() - tp).toFixed(0)} ms`);
  }
  await db().$disconnect();

  const next = join("node_modules", ".bin", "next");
  const env = { ...process.env, NODE_ENV: "production" as const, NEXT_TELEMETRY_DISABLED: "1", DAJIE_JOBS: "off" };
  if (buildIsStale()) {
    console.log("[bench] building the app (next build: .next is missing or older than app/, server/, messages/ …)");
    const build = spawnSync(next, ["build"], { stdio: "inherit", env });
    if (build.status !== 0) throw new Error("next build failed");
  } else console.log("[bench] the production build in .next is up to date");

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  // The production server as `npm start` runs it: server.ts (Next behind the page cache's fast path).
  // DAJIE_SERVER_STATS=N (server.ts): its CPU time per request is printed along.
  // BENCH_CPU_PROF=DIR: the server writes a V8 CPU profile into DIR when it ends (node --cpu-prof).
  const prof = process.env.BENCH_CPU_PROF;
  server = spawn(prof ? process.execPath : join("node_modules", ".bin", "tsx"), prof ? ["--cpu-prof", `--cpu-prof-dir=${prof}`, "--import", "tsx", "server.ts"] : ["server.ts"], { stdio: ["ignore", process.env.DAJIE_SERVER_STATS ? "inherit" : "ignore", "inherit"], env: { ...env, APP_URL: base, PORT: String(port), HOST: "127.0.0.1" } });
  await waitForServer(base);

  const allPages: { name: string; path: string; goal: keyof typeof GOALS | null; spec: LoadSpec }[] = [
    { name: `/c/${dataset.slug}`, path: `/c/${dataset.slug}`, goal: "public", spec: anonymous(`${base}/c/${dataset.slug}`) },
    { name: `/c/${dataset.slug}/ledger`, path: `/c/${dataset.slug}/ledger`, goal: null, spec: anonymous(`${base}/c/${dataset.slug}/ledger`) },
    { name: "/", path: "/", goal: "landing", spec: anonymous(`${base}/`) },
    { name: "/me (HTML)", path: "/me", goal: "me", spec: signedIn(sessions, () => `${base}/me`) },
    { name: "/me tRPC 1: me.memberships", path: "/api/trpc/me.memberships", goal: "me", spec: signedIn(sessions, () => `${base}${trpcBatch([["me.memberships", null]])}`) },
    { name: "/me tRPC 2: credits, energy, day, bank, statementMails, deviceTokens", path: "/api/trpc/me.credits,…", goal: "me", spec: signedIn(sessions, (memberId) => `${base}${meDataBatch(memberId)}`) },
  ];
  const pages = allPages.filter((p) => p.name.includes(ONLY));
  // Every request must answer 200 before anything is measured (a wrong cookie or URL would measure error pages).
  for (const p of pages) {
    const g = p.spec.groups[0]!;
    const t = performance.now();
    const res = await fetch(g.url, { headers: g.headers });
    const body = await res.text();
    const ms = performance.now() - t;
    if (res.status !== 200) throw new Error(`${p.name}: HTTP ${res.status} ${body.slice(0, 300)}`);
    if (g.url.includes("/api/trpc/") && body.includes('"error"')) throw new Error(`${p.name}: ${body.slice(0, 300)}`);
    console.log(`[bench] ${p.name}: first (cold) request ${ms.toFixed(0)} ms, ${body.length} bytes`);
  }

  const results: Record<string, LoadResult & { goal: string | null; met: boolean | null }> = {};
  for (const p of pages) {
    // Warm-up, not counted: sequential requests (a concurrent warm-up would leave a backlog of renders
    // in the server that the measurement would then wait behind).
    const g = p.spec.groups[0]!;
    for (let i = 0, until = Date.now() + 5_000; i < WARMUP && Date.now() < until; i++) await (await fetch(g.url, { headers: g.headers })).arrayBuffer();
    const r = await load(p.spec);
    // autocannon stops with up to `connections` requests in flight; let the server finish them.
    await new Promise((done) => setTimeout(done, Math.min(30_000, (r.max || 0) + 500)));
    const goal = p.goal ? GOALS[p.goal]! : null;
    const met = goal ? r.requests > 0 && r.p95 <= goal.p95 && (goal.rps === undefined || r.reqPerSec >= goal.rps) && r.bad === 0 : null;
    const goalText = goal ? `goal p95 ≤ ${goal.p95} ms${goal.rps ? `, ≥ ${goal.rps} req/s` : ""}: ${met ? "met" : "NOT met"}` : "no goal";
    const conns = p.spec.groups.reduce((n, g) => n + g.connections, 0);
    console.log(
      `[bench] ${p.name.padEnd(30)} ${String(conns).padStart(3)} conn  p50 ${fmt(r.p50)}  p95 ${fmt(r.p95)}  p99 ${fmt(r.p99)}  ${r.reqPerSec.toFixed(0).padStart(5)} req/s  ${r.requests} requests${r.bad ? `, ${r.bad} failed ${JSON.stringify(r.statuses)}` : ""}  — ${goalText}`,
    );
    results[p.name] = { ...r, goal: goal ? goalText.split(":")[0]! : null, met };
  }
  console.log(`[bench] warm-up: each page was asked once (cold, above), then up to ${WARMUP} times in a row (≤ 5 s) before its ${DURATION} s measurement; load average ${loadavg().map((x) => x.toFixed(1)).join(" ")}`);
  const summary = Object.fromEntries(Object.entries(results).map(([k, r]) => [k, { p50: r.p50, p95: r.p95, p99: r.p99, reqPerSec: r.reqPerSec, bad: r.bad, met: r.met }]));
  console.log(JSON.stringify({ load1: +loadavg()[0]!.toFixed(2), members: dataset.members, days: dataset.days, readings: dataset.readings, runs: dataset.runs, duration: DURATION, connections: CONNECTIONS, residents: sessions.length, pages: summary }));
} finally {
  if (server && server.exitCode === null) {
    const exited = new Promise((r) => server!.once("exit", r));
    server.kill("SIGTERM");
    await exited;
  }
  await db().$disconnect();
  await database.stop();
}

/** One uncached call of each service behind the pages, timed in this process (no HTTP, no render). */
async function timeServices(dataset: Dataset): Promise<void> {
  const { memberDays } = await import("../server/transparency/public-stats.ts");
  const { localMidnightUtc } = await import("../server/settlement/periods.ts");
  const c = await db().community.findUniqueOrThrow({ where: { id: dataset.communityId } });
  const today = new Date().toLocaleDateString("en-CA", { timeZone: c.timeZone });
  const time = async <T>(what: string, f: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    const out = await f();
    console.log(`[bench] service ${what}: ${(performance.now() - t).toFixed(0)} ms`);
    return out;
  };
  const reference = await time("public figures, reference query over the readings (memberDays)", () => memberDays(db(), c, new Date(localMidnightUtc(today, c.timeZone))));
  const rollup = await import("../server/transparency/daily-energy.ts");
  {
    const first = await time("public figures, daily rows (first read: recomputes what is marked)", () => rollup.dailyEnergy(db(), c, today));
    const again = await time("public figures, daily rows (nothing marked)", () => rollup.dailyEnergy(db(), c, today));
    const same = JSON.stringify(first, (_, v: unknown) => (typeof v === "bigint" ? v.toString() : v)) === JSON.stringify(reference, (_, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
    console.log(`[bench] daily rows ${again.length}, reference rows ${reference.length}: ${same ? "identical" : "DIFFERENT"}`);
  }
  const { publicStats } = await import("../server/transparency/public-stats.ts");
  await time("publicStats (the whole public figures)", () => publicStats(db(), c.slug));
  const { ownMember } = await import("../server/residents/own-member.ts");
  const { myMemberships } = await import("../server/residents/residents.ts");
  const { myEnergy } = await import("../server/residents/readings.ts");
  const { myDay, myLatestDay } = await import("../server/residents/day-view.ts");
  const { myCredits } = await import("../server/residents/credits.ts");
  const r = dataset.residents[0]!;
  const member = await ownMember(db(), [r.memberId], r.memberId);
  await time("me.memberships", () => myMemberships(db(), [r.memberId]));
  await time("me.energy (day)", () => myEnergy(db(), member, "day"));
  const day = await time("me.day: latest day", () => myLatestDay(db(), member));
  if (day) await time("me.day: the community's day through the engine", () => myDay(db(), member, day));
  await time("me.credits", () => myCredits(db(), member));
}

function fmt(ms: number | null): string {
  if (ms === null || Number.isNaN(ms)) return "    — ms";
  return `${ms.toFixed(ms < 10 ? 1 : 0)} ms`.padStart(8);
}

function anonymous(url: string): LoadSpec {
  return { duration: DURATION, groups: [{ url, connections: CONNECTIONS, headers: BROWSER }] };
}

/** One connection per resident, each with its own session cookie (and its own member in the URL). */
function signedIn(sessions: { cookie: string; memberId: string }[], url: (memberId: string) => string): LoadSpec {
  return { duration: DURATION, groups: sessions.map((x) => ({ url: url(x.memberId), connections: 1, headers: { ...BROWSER, cookie: x.cookie } })) };
}

/** A tRPC httpBatchLink GET with superjson inputs, as the browser sends it. */
function trpcBatch(calls: [string, unknown][]): string {
  const input = Object.fromEntries(calls.map(([, v], i) => [i, { json: v }]));
  return `/api/trpc/${calls.map(([p]) => p).join(",")}?batch=1&input=${encodeURIComponent(JSON.stringify(input))}`;
}

/** The second batch /me fires on first load (app/me/*.tsx: summary and credits share me.credits; the day view asks without a day). */
function meDataBatch(memberId: string): string {
  return trpcBatch([
    ["me.credits", { memberId }],
    ["me.energy", { memberId, resolution: "day" }],
    ["me.day", { memberId }],
    ["me.bank", { memberId }],
    ["me.statementMails", { memberId }],
    ["me.deviceTokens", { memberId }],
  ]);
}

/** Runs the load in its own node process and returns its JSON line. */
function load(spec: LoadSpec): Promise<LoadResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/lib/load-run.ts", JSON.stringify(spec)], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (b: Buffer) => (out += b.toString()));
    child.on("close", (code) => {
      if (code !== 0) return reject(new Error(`load-run exited with ${code}`));
      resolvePromise(JSON.parse(out.trim().split("\n").at(-1)!) as LoadResult);
    });
  });
}

async function waitForServer(base: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (server?.exitCode !== null) throw new Error("the server (server.ts) exited");
    try {
      const res = await fetch(`${base}/robots.txt`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error("the server (server.ts) did not answer within 2 minutes");
    await new Promise((r) => setTimeout(r, 300));
  }
}

async function buildDataset(): Promise<Dataset> {
  const t0 = performance.now();
  const { createCommunity } = await import("../server/communities/communities.ts");
  const { communityInput } = await import("../server/test/factories.ts");
  const { newPseudonym } = await import("../server/members/pseudonym.ts");
  const { finalizeRun } = await import("../server/settlement/finalize-run.ts");
  const { addDays, localDate, nextPeriod, periodContaining, periodUtc } = await import("../server/settlement/periods.ts");

  const today = localDate(new Date(), TIME_ZONE);
  const first = periodContaining("MONTH", addDays(today, -DAYS)).start;
  const { from, to } = periodUtc({ start: first, end: today }, TIME_ZONE);
  const slug = `bench-${MEMBERS}m-${DAYS}d`;
  console.log(`[bench] building the dataset in ${folder}: ${MEMBERS} members, readings ${first} – ${today} (${TIME_ZONE})`);

  const hash = await (await auth().$context).password.hash(PASSWORD);
  const adminId = randomUUID();
  await db().user.create({ data: { id: adminId, email: "admin@bench.example", name: "Bench Admin", emailVerified: true } });
  const org = await db().organization.create({ data: { name: "Comune di Benchmark", kind: "MUNICIPALITY", legalName: "Comune di Benchmark", city: "Benchmark", billingEmail: "energia@bench.example" } });
  await db().orgMembership.create({ data: { orgId: org.id, userId: adminId, role: "ADMIN" } });
  const community = await createCommunity(db(), { userId: adminId }, org.id, communityInput({ name: "Benchmark Energy Community", slug, privacyThreshold: 5 }));

  // Members in bulk: 20 % prosumers (consumption and injection meter), 10 % producers, 70 % consumers.
  const kinds = Array.from({ length: MEMBERS }, (_, n) => (n % 10 < 2 ? "PROSUMER" : n % 10 === 2 ? "PRODUCER" : "CONSUMER"));
  const memberIds = kinds.map(() => randomUUID());
  await db().$executeRaw`
    INSERT INTO member (id, community_id, pseudonym, reference, kind, joined_on, updated_at)
    SELECT id, ${community.id}::uuid, p, 'BM-' || lpad(n::text, 5, '0'), k::"MemberKind", ${first}::date, now()
    FROM unnest(${memberIds}::uuid[], ${kinds.map(() => newPseudonym())}::text[], ${kinds}::text[]) WITH ORDINALITY AS t(id, p, k, n)`;
  const points: { member: string; code: string; direction: string; seed: number; kw: number }[] = [];
  kinds.forEach((k, n) => {
    const code = `IT001E${String(10_000_000 + n).padStart(9, "0")}`;
    if (k !== "PRODUCER") points.push({ member: memberIds[n]!, code, direction: "CONSUMPTION", seed: n, kw: 0.25 + (n % 5) * 0.08 });
    if (k !== "CONSUMER") points.push({ member: memberIds[n]!, code, direction: "INJECTION", seed: n, kw: k === "PRODUCER" ? 12 + (n % 4) * 6 : 3 + (n % 3) });
  });
  await db().$executeRaw`
    INSERT INTO metering_point (id, community_id, member_id, code, direction, capacity_kw, valid_from)
    SELECT gen_random_uuid(), ${community.id}::uuid, m, c, d::"Direction", 6, ${first}::date
    FROM unnest(${points.map((p) => p.member)}::uuid[], ${points.map((p) => p.code)}::text[], ${points.map((p) => p.direction)}::text[]) AS t(m, c, d)`;

  // Twenty residents with passwords, linked to the first members (all three kinds among them).
  const residents: Dataset["residents"] = [];
  for (let n = 0; n < RESIDENTS; n++) {
    const id = randomUUID();
    const email = `resident${n + 1}@bench.example`;
    await db().user.create({ data: { id, email, name: `Resident ${n + 1}`, emailVerified: true } });
    await db().account.create({ data: { id: randomUUID(), accountId: id, providerId: "credential", userId: id, password: hash } });
    await db().member.update({ where: { id: memberIds[n]! }, data: { userId: id, personal: { create: { name: `Resident ${n + 1}`, email } } } });
    residents.push({ email, memberId: memberIds[n]! });
  }
  console.log(`[bench] ${MEMBERS} members, ${points.length} metering points, ${RESIDENTS} residents (${s(performance.now() - t0)} s)`);

  // Readings month by month (one partition each), generated in SQL. Consumption: morning and evening
  // peaks with noise; production: a sine from 07:00 to 17:00 (UTC+1), a cloudiness per day and meter, and
  // the season. Integers in mWh, deterministic.
  const batch = await db().importBatch.create({ data: { communityId: community.id, fileName: "bench-public", fileSha256: "0".repeat(64), format: "synthetic", status: "COMPLETED" } });
  await db().$executeRaw`SELECT dajie_ensure_reading_partitions(${from}::timestamptz, ${to}::timestamptz)`;
  // Fewer checkpoints during the bulk insert (a setting of this dataset's own server).
  await ownerQuery(database.ownerUrl, "ALTER SYSTEM SET max_wal_size = '4GB'");
  await ownerQuery(database.ownerUrl, "SELECT pg_reload_conf()");
  const meterIds = await db().$queryRaw<{ meter_id: string; code: string; direction: string }[]>`
    SELECT meter_id::text, code, direction::text FROM metering_point WHERE community_id = ${community.id}::uuid`;
  const meterOf = new Map(meterIds.map((m) => [`${m.code}/${m.direction}`, m.meter_id]));
  let readings = 0;
  const tr = performance.now();
  for (let p = periodContaining("MONTH", first); p.start < today; p = nextPeriod("MONTH", p)) {
    const range = periodUtc({ start: p.start, end: p.end < today ? p.end : today }, TIME_ZONE);
    readings += await db().$executeRaw`
      INSERT INTO reading (metering_point_id, interval_start, interval_seconds, energy_mwh, quality, batch_id)
      SELECT m.id, t, 900,
        CASE WHEN m.dir = 'CONSUMPTION' THEN
          round(m.kw * (0.35 + 0.9 * exp(-((q.h - 7.5) ^ 2) / 1.5) + 1.3 * exp(-((q.h - 19.5) ^ 2) / 3))
                * (0.8 + 0.4 * ((m.seed * 7919 + q.i * 104729) % 1000) / 1000.0) * 250000)::bigint
        ELSE
          round(m.kw * 0.75 * greatest(0, sin(pi() * (q.h - 7) / 10))
                * (0.25 + 0.75 * ((m.seed * 31 + q.d * 7193) % 1000) / 1000.0)
                * (0.65 + 0.35 * cos(2 * pi() * (q.d % 365 - 172) / 365.0)) * 250000)::bigint
        END,
        'MEASURED', ${batch.id}::uuid
      FROM generate_series(${range.from}::timestamptz, ${range.to}::timestamptz - interval '15 minutes', interval '15 minutes') AS t
      CROSS JOIN LATERAL (SELECT extract(epoch FROM t)::bigint / 900 AS i, extract(epoch FROM t)::bigint / 86400 AS d,
                                 ((extract(epoch FROM t)::bigint / 900 + 4) % 96) / 4.0 AS h) AS q
      CROSS JOIN unnest(${points.map((x) => meterOf.get(`${x.code}/${x.direction}`)!)}::uuid[], ${points.map((x) => x.direction)}::text[],
                        ${points.map((x) => x.seed)}::int[], ${points.map((x) => x.kw)}::float8[]) AS m(id, dir, seed, kw)`;
    console.log(`[bench]   readings ${p.start}: ${readings} so far (${s(performance.now() - tr)} s)`);
  }
  await db().importBatch.update({ where: { id: batch.id }, data: { readingCount: readings } });
  const tv = performance.now();
  await ownerQuery(database.ownerUrl, "VACUUM ANALYZE");
  console.log(`[bench] ${readings} readings in ${s(tv - tr)} s, VACUUM ANALYZE ${s(performance.now() - tv)} s`);

  // Every whole month, finalized through the real service (gaps accepted: none expected).
  let runs = 0;
  for (let p = periodContaining("MONTH", first); p.end <= today; p = nextPeriod("MONTH", p)) {
    const tf = performance.now();
    await finalizeRun(db(), community.id, p, { kind: "cli", name: "bench-public" }, { acceptGaps: true });
    runs++;
    console.log(`[bench]   finalized ${p.start} – ${p.end} in ${s(performance.now() - tf)} s`);
  }
  await ownerQuery(database.ownerUrl, "VACUUM ANALYZE");
  const dataset: Dataset = { slug, communityId: community.id, members: MEMBERS, days: DAYS, from: first, until: today, readings, runs, secret, residents, buildSeconds: Math.round((performance.now() - t0) / 1000) };
  writeFileSync(datasetFile, JSON.stringify(dataset, null, 2));
  console.log(`[bench] dataset built in ${dataset.buildSeconds} s`);
  return dataset;
}
