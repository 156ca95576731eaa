// `npm run demo`: the whole platform on http://localhost:3000 with demo data.
// - PostgreSQL: DATABASE_URL when set, else an embedded server with its data in .dajie/postgres
//   (git-ignored, kept across restarts).
// - Migrates, seeds the demo once, builds the app when the sources changed, and serves it.
//   `npm run dev` does the same with `next dev` (hot reload) instead of a production build.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { openDatabase } from "./lib/database.ts";
import { buildIsStale } from "./lib/next-build.ts";

const dev = process.argv.includes("--dev");
const port = Number(process.env.PORT ?? 3000);
const stateDir = join(process.cwd(), ".dajie");
mkdirSync(stateDir, { recursive: true });

// A stable session secret for this checkout, so sign-ins survive restarts.
const secretFile = join(stateDir, "auth-secret");
if (!process.env.BETTER_AUTH_SECRET && !existsSync(secretFile)) writeFileSync(secretFile, randomBytes(32).toString("hex"), { mode: 0o600 });
const secret = process.env.BETTER_AUTH_SECRET ?? readFileSync(secretFile, "utf8").trim();

console.log("[demo] starting PostgreSQL…");
const db = await openDatabase({ root: join(stateDir, "postgres"), database: "dajie" });
const appUrl = process.env.APP_URL ?? `http://localhost:${port}`;
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", DATABASE_URL: db.url, BETTER_AUTH_SECRET: secret, APP_URL: appUrl, PORT: String(port) };

const seed = spawnSync(join("node_modules", ".bin", "tsx"), ["scripts/seed.ts"], { stdio: "inherit", env });
if (seed.status !== 0) await fail("seeding failed");

const next = join("node_modules", ".bin", "next");
if (!dev && buildIsStale()) {
  console.log("[demo] building the app (next build, about a minute)…");
  const build = spawnSync(next, ["build"], { stdio: "inherit", env: { ...env, NODE_ENV: "production" } });
  if (build.status !== 0) await fail("next build failed");
}

// Production: server.ts (Next behind the page cache's fast path, run by tsx); development: `next dev`.
const server = spawn(dev ? next : join("node_modules", ".bin", "tsx"), dev ? ["dev", "-p", String(port)] : ["server.ts"], { stdio: ["ignore", "pipe", "inherit"], env: { ...env, NODE_ENV: dev ? "development" : "production" } });
server.stdout.on("data", (chunk: Buffer) => {
  process.stdout.write(chunk);
  if (/Ready|started server|Local:/.test(chunk.toString())) printLogins();
});

let stopping = false;
async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  server.kill("SIGTERM");
  await db.stop();
  process.exit(code);
}
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());
server.on("exit", (code) => void stop(code ?? 0));

let printed = false;
async function printLogins() {
  if (printed) return;
  printed = true;
  const { DEMO_ACCOUNTS, DEMO_PASSWORD } = await import("../server/demo/seed.ts");
  console.log(`\n  Dajie is running on ${appUrl}\n  Demo logins (password for all: ${DEMO_PASSWORD}):`);
  for (const a of DEMO_ACCOUNTS) console.log(`    ${a.email.padEnd(28)} ${a.what}`);
  console.log(`  Data: ${db.embedded ? "embedded PostgreSQL in .dajie/postgres" : "DATABASE_URL"}. Stop with Ctrl+C.\n`);
}

async function fail(message: string): Promise<never> {
  console.error(`[demo] ${message}`);
  await db.stop();
  process.exit(1);
}
