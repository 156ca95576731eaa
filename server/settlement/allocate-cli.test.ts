import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// The real command, as a user runs it: tsx scripts/dajie.ts allocate < problem.json
const root = fileURLToPath(new URL("../../", import.meta.url));
const allocate = (stdin: string) =>
  spawnSync("node_modules/.bin/tsx", ["scripts/dajie.ts", "allocate"], { cwd: root, input: stdin, encoding: "utf8", timeout: 60_000 });

describe("dajie allocate (CLI)", () => {
  it("PV 100 Wh / 3 × 100 Wh → 33.334/33.333/33.333 on stdout, exit 0", () => {
    const r = allocate(
      JSON.stringify({
        rule: { kind: "dynamic" },
        intervals: [{ start: "2025-06-01T10:00:00Z", consumption: { m3: "100", m2: "100", m1: "100" }, production: { p1: "100" } }],
      }),
    );
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.totals.allocated).toEqual({ m1: "33.334", m2: "33.333", m3: "33.333" });
    expect(out.totals.shared).toBe("100.000");
  }, 60_000);

  it("invalid input → JSON error on stderr naming the field, exit 2", () => {
    const r = allocate(JSON.stringify({ rule: { kind: "dynamic" }, intervals: [{ start: "2025-06-01T10:00:00Z", consumption: { m1: "-5" }, production: {} }] }));
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    const err = JSON.parse(r.stderr);
    expect(err.error.code).toBe("INVALID_INPUT");
    expect(err.error.problems[0].where).toBe("intervals[0].consumption.m1");
  }, 60_000);

  it("not JSON → INVALID_JSON, exit 2", () => {
    const r = allocate("{rule:");
    expect(r.status).toBe(2);
    expect(JSON.parse(r.stderr).error.code).toBe("INVALID_JSON");
  }, 60_000);
});
