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

  it("market, worked example (midpoint): b1 pays 0.46125, b2 0.30; price 0.15225; exit 0", () => {
    const r = allocate(
      JSON.stringify({
        rule: { kind: "market", retailEurPerKWh: "0.25", feedInEurPerKWh: "0.06", bids: { b1: "0.2075", b2: "0.18", b3: "0.12" }, asks: { s1: "0.10", s2: "0.14" } },
        intervals: [{ start: "2025-06-01T10:00:00Z", consumption: { b1: "3000", b2: "2000", b3: "4000" }, production: { s1: "4000", s2: "3000" } }],
      }),
    );
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const [iv] = JSON.parse(r.stdout).intervals;
    expect(iv.priceEurPerKWh).toBe("0.15225");
    expect(iv.paidEur).toEqual({ b1: "0.46125", b2: "0.30", b3: "0.00" });
    expect(iv.earnedEur).toEqual({ s1: "0.60125", s2: "0.16" });
  }, 60_000);

  it("market, bid 0.30 above R = 0.25 → exit 2, the message names member m1", () => {
    const r = allocate(
      JSON.stringify({
        rule: { kind: "market", retailEurPerKWh: "0.25", feedInEurPerKWh: "0.06", bids: { m1: "0.30" } },
        intervals: [{ start: "2025-06-01T10:00:00Z", consumption: { m1: "5" }, production: {} }],
      }),
    );
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    const err = JSON.parse(r.stderr).error;
    expect(err.message).toContain("member m1");
    expect(err.problems[0].where).toBe("rule.bids.m1");
  }, 60_000);
});
