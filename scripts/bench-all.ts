// `npm run bench`: every bench, one after the other, at sizes that take a few minutes in all; prints
// one JSON line per bench (its ratio or timings, the commit, the load average around it) so two
// commits can be compared line by line. Each bench runs in its own process with its own throwaway
// database (scripts/lib/database.ts), exactly as `npm run bench:NAME -- FLAGS` would.
//
//   npm run bench                 small sizes (a few minutes)
//   npm run bench -- --full       each bench's default size (much longer)
//   npm run bench -- import verify   only these
import { spawn } from "node:child_process";
import { execFileSync } from "node:child_process";
import { loadavg } from "node:os";

const SMALL: Record<string, string[]> = {
  import: ["--points", "200", "--days", "14"],
  verify: ["--entries", "200000", "--members", "500", "--repeat", "1"],
  settle: ["--members", "100"],
  market: ["--members", "100", "--repeat", "1"],
  "finalize-lock": ["--entries", "100000"],
  fuzz: ["10"],
  public: ["--members", "100", "--days", "30", "--duration", "5"],
};

const args = process.argv.slice(2);
const full = args.includes("--full");
const chosen = args.filter((a) => !a.startsWith("--"));
const names = chosen.length ? chosen : Object.keys(SMALL);
for (const n of names) if (!(n in SMALL)) throw new Error(`unknown bench "${n}" (one of ${Object.keys(SMALL).join(", ")})`);

let commit = "unknown";
try {
  commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim();
} catch {
  // not a git checkout: the lines still compare, without the commit
}

/** The last JSON object a bench printed: a one-line object, or a pretty-printed one ending the output. */
export function lastJson(out: string): Record<string, unknown> | null {
  const lines = out.split("\n");
  for (let i = lines.length - 1; i >= 0; i--) {
    if (!lines[i]!.startsWith("{")) continue;
    for (const text of [lines[i]!, lines.slice(i).join("\n")]) {
      try {
        const value = JSON.parse(text) as unknown;
        if (value && typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
      } catch {
        // not this candidate
      }
    }
  }
  return null;
}

function run(name: string): Promise<{ code: number | null; out: string; err: string }> {
  const extra = full ? [] : SMALL[name]!;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", `scripts/bench-${name}.ts`, ...extra], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (b: Buffer) => (out += b.toString()));
    child.stderr.on("data", (b: Buffer) => (err += b.toString()));
    child.on("close", (code) => resolve({ code, out, err }));
  });
}

let failed = 0;
for (const name of names) {
  const load = loadavg()[0]!;
  const t0 = performance.now();
  const { code, out, err } = await run(name);
  const seconds = +((performance.now() - t0) / 1000).toFixed(1);
  const figures = lastJson(out);
  // Benches that print no JSON (settle) still report their "[bench]" lines verbatim.
  const lines = figures ? undefined : out.split("\n").filter((l) => l.startsWith("[bench]"));
  const line = { bench: name, commit, ok: code === 0, size: full ? "default" : SMALL[name]!.join(" "), seconds, load1Before: +load.toFixed(2), load1After: +loadavg()[0]!.toFixed(2), ...(figures ?? { lines }) };
  if (code !== 0) {
    failed++;
    Object.assign(line, { error: err.trim().split("\n").slice(-3).join(" | ") });
  }
  console.log(JSON.stringify(line));
}
process.exitCode = failed ? 1 : 0;
