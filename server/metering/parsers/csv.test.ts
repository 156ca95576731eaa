import { describe, expect, it } from "vitest";
import { createProblemLog } from "../problem-log";
import { codes, collect, iso, parseAndValidate, sampleHead, sampleStream, textSource } from "../test-support";
import { MeteringOptionsError } from "../types";
import { decodeText, headText } from "./byte-source";
import { parseCsv, resolveCsvMapping } from "./csv";
import { guessCsvMapping } from "./csv-guess";
import type { CsvMapping } from "./csv-mapping";
import { csvRecords } from "./csv-records";

const parse = (text: string, mapping: CsvMapping, chunk = 7) =>
  parseAndValidate((problems) => parseCsv(textSource(text, chunk), { mapping, problems }));

// Expected figures from a Python one-off with Decimal: 17 568 rows (366 days × 48) from
// 2011-07-01 00:00 to 2012-06-30 23:30 local; per channel Σ round_half_even(value × 500 000 mWh)
// = 5 938 369 000 mWh (GC) and 1 296 404 000 mWh (GG). Rows 4470–4471 (2011-10-02 02:00 and
// 02:30) fall in Sydney's spring-forward gap (both 0.0); on 2012-04-01 02:00–02:59 occurs once in
// the file (the repeated hour was merged), so one real hour has no data.
describe("Ausgrid solar home sample (guessed mapping: wide, average kW, Australia/Sydney)", async () => {
  const name = "ausgrid-solar-home-customer12.csv";
  const mapping = guessCsvMapping(headText(await sampleHead(name)), name);
  const r = await parseAndValidate((problems) => parseCsv(sampleStream(name), { mapping: mapping!, problems }));

  it("recognises the layout: GC consumption and GG injection in average kW per half hour", () => {
    expect(mapping).toMatchObject({ unit: "kW", intervalSeconds: 1800, timeZone: "Australia/Sydney", meteringPoint: "ausgrid-solar-home-customer12" });
  });

  it("17 566 half hours per channel (17 568 rows − 2 in the DST gap); GC 5 938 369 Wh, GG 1 296 404 Wh", () => {
    const common = {
      meteringPoint: "ausgrid-solar-home-customer12",
      intervalSeconds: 1800,
      intervals: 17_566,
      start: "2011-06-30T14:00:00Z",
      end: "2012-06-30T14:00:00Z",
      gaps: [{ start: "2012-03-31T16:00:00Z", end: "2012-03-31T17:00:00Z" }],
    };
    expect(r.channels).toEqual([
      { ...common, direction: "consumption", totalWh: "5938369" },
      { ...common, direction: "injection", totalWh: "1296404" },
    ]);
  });

  it("the two nonexistent local times are reported with their lines", () => {
    expect(r.problems.problems).toMatchObject([
      { line: 4470, code: "nonexistent-local-time" },
      { line: 4471, code: "nonexistent-local-time" },
    ]);
  });

  it("first row 0.392 kW → 196 Wh at 2011-06-30T14:00Z; last row 0.45399999999999996 kW → 227 Wh at 2012-06-30T13:30Z", () => {
    const gc = r.readings.filter((x) => x.direction === "consumption");
    expect([iso(gc[0]!.start), gc[0]!.energyMWh, gc[0]!.source.line]).toEqual(["2011-06-30T14:00:00.000Z", 196_000n, 2]);
    const last = gc[gc.length - 1]!;
    expect([iso(last.start), last.energyMWh, last.source.line]).toEqual(["2012-06-30T13:30:00.000Z", 227_000n, 17_569]);
  });
});

/** Quarter-hour labels of one local day, listing the given clock hours in order. */
function quarterHours(date: string, hours: number[]): string[] {
  return hours.flatMap((h) => [0, 15, 30, 45].map((m) => `${date} ${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`));
}
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

const vienna: CsvMapping = {
  delimiter: ";",
  decimalMark: ",",
  unit: "kWh",
  intervalSeconds: 900,
  timeZone: "Europe/Vienna",
  layout: { kind: "long", meteringPoint: "Zaehlpunkt", timestamp: "Zeit", energy: "kWh" },
};
const longFile = (labels: string[]) => `Zaehlpunkt;Zeit;kWh\n${labels.map((l) => `AT001;${l};0,25`).join("\n")}\n`;

describe("local time and DST (long layout, Europe/Vienna)", () => {
  it("2024-06-01: 96 quarter hours, 24 kWh", async () => {
    const r = await parse(longFile(quarterHours("2024-06-01", range(0, 24))), vienna);
    expect(r.channels[0]).toMatchObject({ intervals: 96, start: "2024-05-31T22:00:00Z", end: "2024-06-01T22:00:00Z", totalWh: "24000", gaps: [] });
  });

  it("2024-03-31 (spring forward): 92 quarter hours, 01:45 CET is followed by 03:00 CEST without a gap", async () => {
    const r = await parse(longFile(quarterHours("2024-03-31", [0, 1, ...range(3, 24)])), vienna);
    expect(codes(r.problems)).toEqual([]);
    expect(r.channels[0]).toMatchObject({ intervals: 92, start: "2024-03-30T23:00:00Z", end: "2024-03-31T22:00:00Z", totalWh: "23000", gaps: [] });
  });

  it("2024-10-27 (fall back): 100 quarter hours, the second 02:00 is 01:00Z", async () => {
    const r = await parse(longFile(quarterHours("2024-10-27", [0, 1, 2, 2, ...range(3, 24)])), vienna);
    expect(codes(r.problems)).toEqual([]);
    expect(r.channels[0]).toMatchObject({ intervals: 100, start: "2024-10-26T22:00:00Z", end: "2024-10-27T23:00:00Z", totalWh: "25000", gaps: [] });
    expect([iso(r.readings[8]!.start), iso(r.readings[12]!.start)]).toEqual(["2024-10-27T00:00:00.000Z", "2024-10-27T01:00:00.000Z"]);
  });

  it("a 02:15 on the spring-forward day does not exist: nonexistent-local-time", async () => {
    const r = await parse(longFile(["2024-03-31 01:45", "2024-03-31 02:15", "2024-03-31 03:00"]), vienna);
    expect(r.problems.problems).toMatchObject([{ line: 3, code: "nonexistent-local-time" }]);
    expect(r.readings).toHaveLength(2);
  });

  it("timestamps marking the END, hourly, with 24:00: 24 readings from 2023-12-31T23:00Z", async () => {
    const rows = range(1, 25).map((h) => `2024-01-01 ${String(h).padStart(2, "0")}:00,1.5`);
    const r = await parse(`time,AT001\n${rows.join("\n")}\n`, {
      unit: "kWh",
      intervalSeconds: 3600,
      timeZone: "Europe/Vienna",
      timestampMarks: "end",
      layout: { kind: "wide", timestamp: "time", channels: [{ column: "AT001", direction: "consumption" }] },
    });
    expect(r.channels[0]).toMatchObject({ meteringPoint: "AT001", intervals: 24, start: "2023-12-31T23:00:00Z", end: "2024-01-01T23:00:00Z", totalWh: "36000" });
  });
});

describe("day rows (one row per day, one column per interval)", () => {
  const values = (n: number, filled = n) => range(0, n).map((i) => (i < filled ? "1" : "")).join(",");
  const dayRows: CsvMapping = {
    unit: "Wh",
    intervalSeconds: 900,
    timeZone: "Europe/Vienna",
    layout: { kind: "day-rows", date: "date", meteringPoint: "mp", values: { first: 2, count: 100 }, clock: "elapsed" },
  };
  const header = `mp,date,${range(1, 101).map((i) => `v${i}`).join(",")}`;

  it("elapsed clock: 92 values on 2024-03-31, 96 on 2024-04-01, 100 on 2024-10-27, no gaps between the days", async () => {
    const r = await parse(
      `${header}\nAT001,31.03.2024,${values(100, 92)}\nAT001,01.04.2024,${values(100, 96)}\nAT001,27.10.2024,${values(100, 100)}\n`,
      dayRows,
    );
    expect(codes(r.problems)).toEqual([]);
    const perDay = (from: string, to: string) => r.accepted.filter((x) => x.start >= Date.parse(from) && x.start < Date.parse(to)).length;
    expect(perDay("2024-03-30T23:00:00Z", "2024-03-31T22:00:00Z")).toBe(92);
    expect(perDay("2024-03-31T22:00:00Z", "2024-04-01T22:00:00Z")).toBe(96);
    expect(perDay("2024-10-26T22:00:00Z", "2024-10-27T23:00:00Z")).toBe(100);
    expect(r.channels[0]?.gaps[0]).toEqual({ start: "2024-04-01T22:00:00Z", end: "2024-10-26T22:00:00Z" });
  });

  it("a 93rd value on the 23-hour day is reported as not-on-grid", async () => {
    const r = await parse(`${header}\nAT001,31.03.2024,${values(100, 93)}\n`, dayRows);
    expect(r.problems.problems).toMatchObject([{ code: "not-on-grid", line: 2 }]);
    expect(r.readings).toHaveLength(92);
  });

  it("wall-clock labels (Ausgrid's original layout): 48 half hours on 2011-10-02 Sydney, 2 of them in the gap", async () => {
    const labels = range(1, 49).map((i) => `${Math.floor((i * 30) / 60) % 24}:${i % 2 ? "30" : "00"}`);
    const text = `Solar home title line\nCustomer,Postcode,Generator Capacity,Consumption Category,date,${labels.join(",")},Row Quality\n1,2076,3.78,GC,02/10/2011,${range(0, 48).map(() => "0.5").join(",")},\n`;
    const mapping = guessCsvMapping(text, "Solar home 2011-2012.csv");
    const r = await parse(text, mapping!);
    expect(r.problems.problems).toMatchObject([{ code: "nonexistent-local-time" }, { code: "nonexistent-local-time" }]);
    expect(r.channels[0]).toMatchObject({ meteringPoint: "1", direction: "consumption", intervals: 46, start: "2011-10-01T14:00:00Z", end: "2011-10-02T13:00:00Z", totalWh: "23000" });
  });
});

describe("CSV problems (one per row, parsing carries on)", () => {
  const long: CsvMapping = {
    unit: "kWh",
    intervalSeconds: 900,
    timeZone: "Europe/Rome",
    layout: { kind: "long", meteringPoint: "pod", direction: "dir", timestamp: "start", energy: "kwh", quality: "q" },
  };

  it("bad-timestamp, non-numeric, negative-value, excess-precision, bad-row, metering-point-missing, unsupported-quality, duplicate-interval, not-on-grid", async () => {
    const text = [
      "pod,dir,start,kwh,q",
      "IT001,prelievo,2024-01-01 00:00,1.5,measured",
      "IT001,prelievo,2024-13-01 00:00,1,",
      "IT001,prelievo,2024-01-01 00:15,one,",
      "IT001,prelievo,2024-01-01 00:30,-2,",
      "IT001,prelievo,2024-01-01 00:45,0.0000001,",
      "IT001,prelievo",
      ",prelievo,2024-01-01 01:00,1,",
      "IT001,prelievo,2024-01-01 01:00,1,maybe",
      "IT001,immissione,2024-01-01 00:00,2,L3",
      "IT001,prelievo,2024-01-01 00:00,1,",
      "IT001,prelievo,2024-01-01 01:05,1,",
      "IT001,sideways,2024-01-01 01:15,1,",
      "IT001,prelievo,2024-01-01 01:15,,",
    ].join("\r\n");
    const r = await parse(text, long);
    // Parser problems in line order, then validation problems (validation runs after parsing here).
    expect(r.problems.problems.map((p) => [p.line, p.code])).toEqual([
      [3, "bad-timestamp"],
      [4, "non-numeric"],
      [5, "negative-value"],
      [6, "excess-precision"],
      [7, "bad-row"],
      [8, "metering-point-missing"],
      [9, "unsupported-quality"],
      [13, "bad-row"],
      [11, "duplicate-interval"],
      [12, "not-on-grid"],
    ]);
    expect(r.channels.map((c) => [c.direction, c.intervals, c.totalWh])).toEqual([["consumption", 1, "1500"], ["injection", 1, "2000"]]);
    expect(r.accepted[1]?.quality).toBe("estimated");
  });

  it("unit-missing when the mapping has none; unit column: unit-missing per blank cell, unsupported-unit per unknown", async () => {
    const noUnit = await parse("pod,start,kwh\nIT001,2024-01-01T00:00Z,1\n", { intervalSeconds: 900, layout: { kind: "long", meteringPoint: "pod", timestamp: "start", energy: "kwh" } });
    expect(codes(noUnit.problems)).toEqual(["unit-missing"]);
    const perRow = await parse("pod,start,value,unit\nIT001,2024-01-01T00:00Z,1,\nIT001,2024-01-01T00:15Z,1,therms\nIT001,2024-01-01T00:30Z,1,Wh\n", {
      intervalSeconds: 900,
      layout: { kind: "long", meteringPoint: "pod", timestamp: "start", energy: "value", unit: "unit" },
    });
    expect(codes(perRow.problems)).toEqual(["unit-missing", "unsupported-unit"]);
    expect(perRow.readings.map((x) => x.energyMWh)).toEqual([1000n]);
  });

  it("time-zone-missing for local timestamps without a zone; offsets need none", async () => {
    const r = await parse("pod,start,kwh\nIT001,2024-01-01 00:00,1\nIT001,2024-01-01T00:15:00+01:00,1\n", {
      unit: "kWh",
      intervalSeconds: 900,
      layout: { kind: "long", meteringPoint: "pod", timestamp: "start", energy: "kwh" },
    });
    expect(codes(r.problems)).toEqual(["time-zone-missing"]);
    expect(r.readings.map((x) => iso(x.start))).toEqual(["2023-12-31T23:15:00.000Z"]);
  });

  it("missing-field when a mapped column is not in the header", async () => {
    const r = await parse("a,b\n1,2\n", { unit: "kWh", intervalSeconds: 900, layout: { kind: "long", timestamp: "time", energy: "b" } });
    expect(r.problems.problems).toMatchObject([{ line: 1, code: "missing-field", message: expect.stringContaining('"time"') }]);
  });

  it("bad-interval when an end column is not after the start; otherwise the length comes from the file", async () => {
    const r = await parse("from;to;wh\n2024-01-01T00:00Z;2024-01-01T00:30Z;5\n2024-01-01T01:00Z;2024-01-01T00:45Z;5\n", {
      unit: "Wh",
      meteringPoint: "X",
      layout: { kind: "long", timestamp: "from", end: "to", energy: "wh" },
    });
    expect(codes(r.problems)).toEqual(["bad-interval"]);
    expect(r.readings.map((x) => x.intervalSeconds)).toEqual([1800]);
  });

  it("an unterminated quote at the end of the file is a bad-row", async () => {
    const text = `t,v\n2024-01-01T00:00Z,"1\n${"x".repeat(2_000)}\n`;
    const r = await parseAndValidate((problems) =>
      parseCsv(textSource(text, 512), { mapping: { unit: "Wh", intervalSeconds: 900, meteringPoint: "X", layout: { kind: "wide", timestamp: "t", channels: [{ column: "v" }] } }, problems }),
    );
    expect(codes(r.problems)).toEqual(["bad-row"]);
  });

  it("record-too-long: a runaway quoted record or line is dropped and reading resumes on the next line", async () => {
    const problems = createProblemLog();
    const text = `a,b\n"open,${"x".repeat(300)}\n1,2\n${"y".repeat(500)}\n3,4\n`;
    const records = await collect(csvRecords(decodeText(textSource(text, 64)), { problems, maxRecordChars: 200 }));
    expect(problems.problems.map((p) => [p.line, p.code])).toEqual([[2, "record-too-long"], [4, "record-too-long"]]);
    expect(records.map((r) => [r.line, r.cells])).toEqual([[1, ["a", "b"]], [3, ["1", "2"]], [5, ["3", "4"]]]);
  });
});

describe("CSV syntax", () => {
  it("quoted cells may hold the delimiter and quotes; decimal comma; BOM and CRLF", async () => {
    const r = await parse('\uFEFF"Zähl;punkt";Zeit;"Wert ""kWh"""\r\n"AT;001";2024-01-01T00:00:00Z;"1,234"\r\n', {
      decimalMark: ",",
      unit: "kWh",
      intervalSeconds: 900,
      layout: { kind: "long", meteringPoint: "Zähl;punkt", timestamp: "Zeit", energy: 'Wert "kWh"' },
    }, 3);
    expect(r.readings).toMatchObject([{ meteringPoint: "AT;001", energyMWh: 1_234_000n, start: Date.parse("2024-01-01T00:00:00Z") }]);
  });

  it("guesses a long layout with a metering point column, its unit and interval", () => {
    const m = guessCsvMapping("POD;Data;Energia kWh\nIT001;2024-01-01 00:00;1,5\nIT001;2024-01-01 00:15;2\nIT001;2024-01-01 00:30;2\n");
    expect(m).toEqual({ delimiter: ";", decimalMark: ",", unit: "kWh", intervalSeconds: 900, layout: { kind: "long", meteringPoint: 0, timestamp: 1, energy: 2 } });
  });

  it("guesses a wide layout, one channel per numeric column", () => {
    const m = guessCsvMapping("time,AT001,AT002\n2024-01-01T00:00Z,1,2\n2024-01-01T01:00Z,1,2\n2024-01-01T02:00Z,1,2\n");
    expect(m).toMatchObject({ delimiter: ",", intervalSeconds: 3600, layout: { kind: "wide", timestamp: 0, channels: [{ column: 1 }, { column: 2 }] } });
  });

  it("a mapping that cannot work is an options error, not a file problem", () => {
    expect(() => resolveCsvMapping({ unit: "kWh", layout: { kind: "wide", timestamp: 0, channels: [{ column: 1 }] } })).toThrow(MeteringOptionsError);
    expect(() => resolveCsvMapping({ unit: "kWh", intervalSeconds: 900, timeZone: "Nowhere/Land", layout: { kind: "long", timestamp: 0, energy: 1 } })).toThrow(MeteringOptionsError);
    expect(() => resolveCsvMapping({ unit: "BTU" as "Wh", intervalSeconds: 900, layout: { kind: "long", timestamp: 0, energy: 1 } })).toThrow(/unit/);
  });
});
