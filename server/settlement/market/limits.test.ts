import { describe, expect, it } from "vitest";
import { constantLimits, LimitResolver, limitProblems, localDateMinute, type MarketLimits } from "./limits";

const µ = (eur: string) => BigInt(Math.round(Number(eur) * 1e6));
const F = µ("0.06");
const R = µ("0.25");

// m1 buys at 0.18 from 10:00 to 16:00 and 0.22 from 18:00 to 22:00 (local, Vienna), from 2026-03-01;
// from 2026-03-15 on a single band 00:00–24:00 at 0.20. p1 sells at 0.09 all day from 2026-03-01.
const limits: MarketLimits = {
  timeZone: "Europe/Vienna",
  versions: [
    { member: "m1", side: "BUY", validFrom: "2026-03-01", bands: [{ startMinute: 600, endMinute: 960, price: µ("0.18") }, { startMinute: 1080, endMinute: 1320, price: µ("0.22") }] },
    { member: "m1", side: "BUY", validFrom: "2026-03-15", bands: [{ startMinute: 0, endMinute: 1440, price: µ("0.20") }] },
    { member: "p1", side: "SELL", validFrom: "2026-03-01", bands: [{ startMinute: 0, endMinute: 1440, price: µ("0.09") }] },
  ],
};
const at = (r: LimitResolver, iso: string) => r.at(Date.parse(iso));

describe("market limits", () => {
  it("local time: 2026-03-02T09:00Z is 10:00 in Vienna (UTC+1); 2026-03-29T08:00Z is 10:00 after the DST change (UTC+2)", () => {
    expect(localDateMinute(Date.parse("2026-03-02T09:00:00Z"), "Europe/Vienna")).toEqual({ date: "2026-03-02", minute: 600 });
    expect(localDateMinute(Date.parse("2026-03-29T08:00:00Z"), "Europe/Vienna")).toEqual({ date: "2026-03-29", minute: 600 });
    expect(localDateMinute(Date.parse("2026-03-01T23:30:00Z"), "Europe/Vienna")).toEqual({ date: "2026-03-02", minute: 30 });
  });

  it("band 10:00–16:00 local: 09:45 has no limit, 10:00 and 15:45 are 0.18, 16:00 none, 18:00 is 0.22", () => {
    const r = new LimitResolver(limits);
    expect(at(r, "2026-03-02T08:45:00Z").bids.get("m1")).toBeUndefined();
    expect(at(r, "2026-03-02T09:00:00Z").bids.get("m1")).toBe(µ("0.18"));
    expect(at(r, "2026-03-02T14:45:00Z").bids.get("m1")).toBe(µ("0.18"));
    expect(at(r, "2026-03-02T15:00:00Z").bids.get("m1")).toBeUndefined();
    expect(at(r, "2026-03-02T17:00:00Z").bids.get("m1")).toBe(µ("0.22"));
    expect(at(r, "2026-03-02T17:00:00Z").asks.get("p1")).toBe(µ("0.09"));
  });

  it("versions: before 2026-03-01 nobody has a limit; from 2026-03-15 (local) m1's new version 0.20 applies all day", () => {
    const r = new LimitResolver(limits);
    const before = at(r, "2026-02-28T12:00:00Z");
    expect(before.bids.size + before.asks.size).toBe(0);
    expect(at(r, "2026-03-14T22:45:00Z").bids.get("m1")).toBeUndefined(); // 23:45 local on the 14th, outside both bands
    expect(at(r, "2026-03-14T23:00:00Z").bids.get("m1")).toBe(µ("0.20")); // 00:00 local on the 15th
    expect(at(r, "2026-03-20T03:00:00Z").bids.get("m1")).toBe(µ("0.20"));
  });

  it("same versions and band segment → the same resolution object (cache key), other segment → another", () => {
    const r = new LimitResolver(limits);
    const a = at(r, "2026-03-02T09:00:00Z");
    expect(at(r, "2026-03-05T10:15:00Z")).toBe(a);
    expect(at(r, "2026-03-05T16:00:00Z")).not.toBe(a);
  });

  it("a limit above R (0.30 > 0.25) or below F (0.05 < 0.06) is refused naming member and side; 0.06 and 0.25 are allowed", () => {
    const bad: MarketLimits = constantLimits(new Map([["m1", µ("0.30")], ["m2", µ("0.25")]]), new Map([["p1", µ("0.05")], ["p2", µ("0.06")]]));
    const problems = limitProblems(bad, F, R);
    expect(problems.map((p) => p.message)).toEqual([
      "buy limit 0.30 EUR/kWh of member m1 is outside [0.06, 0.25] (feed-in tariff F, retail tariff R)",
      "sell limit 0.05 EUR/kWh of member p1 is outside [0.06, 0.25] (feed-in tariff F, retail tariff R)",
    ]);
  });

  it("bands: more than four, overlapping 10:00–16:00 / 15:00–17:00, empty 10:00–10:00 and a duplicate version are refused", () => {
    const band = (s: number, e: number) => ({ startMinute: s, endMinute: e, price: µ("0.10") });
    const problems = limitProblems(
      {
        timeZone: "UTC",
        versions: [
          { member: "m1", side: "BUY", validFrom: "2026-01-01", bands: [band(0, 60), band(60, 120), band(120, 180), band(180, 240), band(240, 300)] },
          { member: "m2", side: "BUY", validFrom: "2026-01-01", bands: [band(600, 960), band(900, 1020)] },
          { member: "m3", side: "SELL", validFrom: "2026-01-01", bands: [band(600, 600)] },
          { member: "m3", side: "SELL", validFrom: "2026-01-01", bands: [band(0, 1440)] },
          { member: "m4", side: "SELL", validFrom: "2026-02-30", bands: [band(0, 1440)] },
        ],
      },
      F,
      R,
    );
    expect(problems.map((p) => p.message)).toEqual([
      "1 to 4 time bands, got 5",
      "time bands 10:00–16:00 and 15:00–17:00 overlap",
      "time band must be within 00:00–24:00 with start before end, got 600–600 minutes",
      "two versions of the SELL limits of member m3 from 2026-01-01",
      'validFrom must be a date YYYY-MM-DD, got "2026-02-30"',
    ]);
  });
});
