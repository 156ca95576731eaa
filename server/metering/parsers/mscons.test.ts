import { describe, expect, it } from "vitest";
import { codes, iso, parseAndValidate, sampleStream, textSource } from "../test-support";
import { obisDirection, parseMscons } from "./mscons";

// Expected figures from a Python one-off that splits the file on unreleased "'", reads every
// QTY+220 with the DTM+163/164 after it (ZZZ "?+01" → +01:00, "," decimal mark), then applies the
// validation rules independently: end ≤ start dropped, start off the 15-minute grid dropped,
// length ≠ 15 min dropped, a repeated start dropped (first kept). It finds 2976 QTY (Σ 680.282
// kWh), of which 2903 remain (Σ 678.919 kWh) with 35 gaps. The sample is a converter test file
// with deliberate defects: every day 20:00–20:16 and 20:16–20:30 local, 01:30–01:55 and 01:55–02:00
// on 2, 12 and 22 December, one 13:45–15:00 quantity and 16:45 → 16:00 then 16:00–16:45 again on 20 December.
describe("MSCONS sample (mscons-sample.edi, December 2015)", async () => {
  const r = await parseAndValidate((problems) => parseMscons(sampleStream("mscons-sample.edi"), { problems }));

  it("2976 quantities; the one ending before it starts (16:45 → 16:00) is a bad-interval", () => {
    expect(r.readings).toHaveLength(2975);
    expect(r.problems.problems.filter((p) => p.code === "bad-interval")).toMatchObject([{ element: "segment 5676 QTY" }]);
  });

  it("validation keeps 2903 quarter hours, Σ 678.919 kWh = \"678919\" Wh, with 35 gaps", () => {
    expect(r.channels).toHaveLength(1);
    expect(r.channels[0]).toMatchObject({
      meteringPoint: "US0001062600000001000000022345671",
      direction: "consumption", // PIA+5+1-1?:1.10.0 → OBIS 1.x.x
      intervalSeconds: 900,
      intervals: 2903,
      start: "2015-11-30T23:00:00Z",
      end: "2015-12-31T23:00:00Z",
      totalWh: "678919",
    });
    expect(r.channels[0]?.gaps).toHaveLength(35);
    expect(r.channels[0]?.gaps.slice(0, 2)).toEqual([
      { start: "2015-12-01T19:00:00Z", end: "2015-12-01T19:30:00Z" },
      { start: "2015-12-02T00:30:00Z", end: "2015-12-02T01:00:00Z" },
    ]);
    expect(Object.fromEntries(r.problems.counts)).toEqual({
      "interval-mismatch": 35, // 31 × 20:00–20:16, 3 × 01:30–01:55, 1 × 13:45–15:00
      "not-on-grid": 34, // 31 × 20:16–20:30, 3 × 01:55–02:00
      "bad-interval": 1,
      "duplicate-interval": 3, // 16:00, 16:15, 16:30 on 20 December, again
    });
  });

  it("first QTY 0 kWh at 2015-12-01 00:00+01 = 2015-11-30T23:00Z, last at 2015-12-31T22:45Z; 0,015 kWh → 15 000 mWh", () => {
    const [first, last] = [r.readings[0], r.readings[r.readings.length - 1]];
    expect([iso(first!.start), first!.energyMWh, first!.quality, first!.source]).toEqual([
      "2015-11-30T23:00:00.000Z",
      0n,
      "measured",
      { line: 1, element: "segment 15 QTY" }, // UNB is segment 1, UNA is not counted
    ]);
    expect([iso(last!.start), last!.intervalSeconds, last!.energyMWh]).toEqual(["2015-12-31T22:45:00.000Z", 900, 0n]);
    expect(r.readings.filter((x) => x.energyMWh === 15_000n)).toHaveLength(24); // `grep -c QTY+220:0,015` after splitting
  });
});

const parse = (text: string, timeZone?: string) =>
  parseAndValidate((problems) => parseMscons(textSource(text), { problems, timeZone }));

const interchange = (body: string) =>
  `UNA:+,? 'UNB+UNOC:3+SENDER:500+RECEIVER:500+240331:1200+REF1'UNH+1+MSCONS:D:04B:UN:2.4c'BGM+7+DOC1+9'${body}UNT+99+1'UNZ+1+REF1'`;
const qty = (value: string, from: string, to: string, qualifier = "220") =>
  `QTY+${qualifier}:${value}'DTM+163:${from}?+01:303'DTM+164:${to}?+01:303'`;

describe("MSCONS messages", () => {
  it("several metering points per interchange, direction from OBIS 1.29.0 / 2.29.0", async () => {
    const r = await parse(
      interchange(
        `NAD+DP'LOC+172+AT001'LIN+1'PIA+5+1-1?:1.29.0:SRW'${qty("1,5", "202401010000", "202401010015")}` +
          `NAD+DP'LOC+172+AT002'LIN+1'PIA+5+1-1?:2.29.0:SRW'${qty("0,25", "202401010000", "202401010015")}`,
      ),
    );
    expect(codes(r.problems)).toEqual([]);
    expect(r.readings.map((x) => [x.meteringPoint, x.direction, iso(x.start), x.energyMWh])).toEqual([
      ["AT001", "consumption", "2023-12-31T23:00:00.000Z", 1_500_000n],
      ["AT002", "injection", "2023-12-31T23:00:00.000Z", 250_000n],
    ]);
  });

  it("UNA with other separators and a release character inside the metering point id", async () => {
    const text = "UNA#*.! ~UNH*1*MSCONS#D#04B#UN#2.4c~LOC*172*DE!*42!~X~PIA*5*1-1:1.29.0#SRW~QTY*67#2.5~DTM*163#202403310000!+01#303~DTM*164#202403310015!+01#303~UNT*6*1~";
    const r = await parse(text);
    expect(r.readings).toMatchObject([{ meteringPoint: "DE*42~X", energyMWh: 2_500_000n, quality: "substituted", direction: "consumption" }]);
  });

  it("DST: 203 local times in Europe/Berlin, 2024-03-31 01:45 → 03:00 is one quarter hour later", async () => {
    const body = `LOC+172+DE1'QTY+220:1'DTM+163:202403310145:203'DTM+164:202403310300:203'`;
    const r = await parse(interchange(body));
    expect(r.readings.map((x) => [iso(x.start), x.intervalSeconds])).toEqual([["2024-03-31T00:45:00.000Z", 900]]);
  });

  it("reports non-numeric, decimal point under a ',' UNA, missing DTM+164, bad DTM, unknown qualifier, unit, and QTY without LOC", async () => {
    const r = await parse(
      interchange(
        `${qty("1", "202401010000", "202401010015")}` + // before any LOC+172
          `LOC+172+AT001'` +
          qty("abc", "202401010015", "202401010030") +
          qty("1.5", "202401010030", "202401010045") +
          `QTY+220:1'DTM+163:202401010045?+01:303'` + // no DTM+164 before the next QTY
          `QTY+220:1'DTM+163:2024010101?+01:303'DTM+164:202401010115?+01:303'` +
          qty("1", "202401010115", "202401010130", "20") +
          `QTY+220:1:KWT'DTM+163:202401010130?+01:303'DTM+164:202401010145?+01:303'` +
          qty("-1", "202401010145", "202401010200") +
          qty("0,0000001", "202401010200", "202401010215") +
          qty("2", "202401010215", "202401010230"),
      ),
    );
    expect(codes(r.problems)).toEqual([
      "metering-point-missing",
      "non-numeric",
      "non-numeric",
      "missing-field",
      "bad-timestamp",
      "unsupported-quality",
      "unsupported-unit",
      "negative-value",
      "excess-precision",
    ]);
    expect(r.readings.map((x) => x.energyMWh)).toEqual([2_000_000n]);
    expect(r.problems.problems[1]).toMatchObject({ line: 1, element: expect.stringMatching(/^segment \d+ QTY$/) });
  });
});

describe("obisDirection", () => {
  it.each([
    ["1-1:1.29.0", "consumption"],
    ["1-0:2.8.0", "injection"],
    ["1-1:3.29.0", "unknown"],
    ["", "unknown"],
  ])("%s → %s", (obis, direction) => expect(obisDirection(obis)).toBe(direction));
});
