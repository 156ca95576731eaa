// `npm test`: the whole suite against a real PostgreSQL — unit tests, integration tests, then
// Playwright browser tests against a production build. Uses DATABASE_URL when set, otherwise a
// throwaway embedded PostgreSQL. Ends with one plain line "N passed, N failed" for CI.
//
//   npm test                 everything
//   npm test -- unit int     only some stages (unit, int, e2e)
//   npm test -- int import   only the test files whose path contains "import"
//   npm test -- e2e billing  only the browser specs whose file name matches "billing"
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "./lib/database.ts";
import { freePort } from "./lib/embedded-postgres.ts";
import { startMailCatcher } from "./lib/mail-catcher.ts";

const stages = process.argv.slice(2).filter((a) => ["unit", "int", "e2e"].includes(a));
/** Anything else narrows the vitest stages to matching test files (e.g. `npm test -- int import`). */
const filters = process.argv.slice(2).filter((a) => !["unit", "int", "e2e"].includes(a));
const run = (s: string) => stages.length === 0 || stages.includes(s);
const tally = { passed: 0, failed: 0, skipped: 0 };
let ok = true;

function sh(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): boolean {
  const r = spawnSync(cmd, args, { stdio: "inherit", env });
  return r.status === 0;
}

/** Like sh, but keeps this process's event loop running (the mail catcher lives in it). */
function shAsync(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<boolean> {
  return new Promise((resolve) => spawn(cmd, args, { stdio: "inherit", env }).on("exit", (code) => resolve(code === 0)));
}

/** Adds a vitest JSON report's counts to the tally. */
function countVitest(file: string) {
  if (!existsSync(file)) return;
  const r = JSON.parse(readFileSync(file, "utf8")) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number };
  tally.passed += r.numPassedTests;
  tally.failed += r.numFailedTests;
  tally.skipped += r.numPendingTests + r.numTodoTests;
}

function countPlaywright(file: string) {
  if (!existsSync(file)) return;
  const r = JSON.parse(readFileSync(file, "utf8")) as { stats: { expected: number; unexpected: number; flaky: number; skipped: number } };
  tally.passed += r.stats.expected + r.stats.flaky;
  tally.failed += r.stats.unexpected;
  tally.skipped += r.stats.skipped;
}

const work = mkdtempSync(join(tmpdir(), "dajie-test-"));
chmodSync(work, 0o711); // the embedded server runs as the 'postgres' user and must reach its data folder
const bin = (name: string) => join("node_modules", ".bin", name);

if (run("unit")) {
  const out = join(work, "unit.json");
  ok = sh(bin("vitest"), ["run", "--project", "unit", ...filters, "--reporter=default", "--reporter=json", `--outputFile.json=${out}`]) && ok;
  countVitest(out);
}

if (run("int") || run("e2e")) {
  const db = await openDatabase({ root: join(work, "pg"), database: "dajie_test" });
  const env = {
    ...process.env,
    DATABASE_URL: db.url,
    // Tests that tamper with what the app may not touch (to show that verify notices) use the owner.
    DATABASE_OWNER_URL: db.ownerUrl,
    BETTER_AUTH_SECRET: process.env.BETTER_AUTH_SECRET ?? randomBytes(32).toString("hex"),
    NODE_ENV: "test" as const,
    NEXT_TELEMETRY_DISABLED: "1",
  };
  try {
    if (run("int")) {
      const out = join(work, "int.json");
      ok = sh(bin("vitest"), ["run", "--project", "int", ...filters, "--reporter=default", "--reporter=json", `--outputFile.json=${out}`], env) && ok;
      countVitest(out);
    }
    if (run("e2e")) {
      const port = await freePort();
      const appUrl = `http://localhost:${port}`;
      // The app's e-mails go to a local SMTP sink; the browser tests read them at E2E_MAIL_URL.
      const catcher = await startMailCatcher();
      const e2eEnv = { ...env, NODE_ENV: "production" as const, APP_URL: appUrl, PORT: String(port), DAJIE_TEST: "1", SMTP_URL: catcher.smtpUrl, E2E_MAIL_URL: catcher.httpUrl };
      console.log("\n[e2e] building the app (next build)…");
      if (!sh(bin("next"), ["build"], e2eEnv)) {
        ok = false;
        tally.failed += 1;
        console.error("[e2e] next build failed");
      } else {
        // The demo data set is what the browser tests sign in with.
        ok = sh(bin("tsx"), ["scripts/seed.ts"], e2eEnv) && ok;
        const out = join(work, "e2e.json");
        ok = (await shAsync(bin("playwright"), ["test", ...filters], { ...e2eEnv, PLAYWRIGHT_JSON_OUTPUT_NAME: out })) && ok;
        countPlaywright(out);
      }
      await catcher.close();
    }
  } finally {
    await db.stop();
  }
}

rmSync(work, { recursive: true, force: true });
if (tally.failed > 0) ok = false;
console.log(`\n${tally.passed} passed, ${tally.failed} failed${tally.skipped ? `, ${tally.skipped} skipped` : ""}`);
process.exit(ok ? 0 : 1);
