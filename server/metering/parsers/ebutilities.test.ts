import { describe, expect, it } from "vitest";
import { codes, iso, parseAndValidate, sampleStream, textSource } from "../test-support";
import { meterCodeDirection, parseEbUtilities } from "./ebutilities";

// Expected figures were read from the file independently with Python's xml.etree + Decimal:
// 2972 EP elements under one EnergyData (MeterCode "1-1:1.9.0 P.01", UOM KWH), all MM L1, all
// 15 minutes, contiguous; ΣBQ = 86.002000 kWh; first DTF 2024-03-01T00:00+01:00 BQ 0.003000, last
// DTF 2024-03-31T23:45+02:00 BQ 0.071000; 92 EPs with a DTF on 2024-03-31 (local), 96 on 03-30.
describe("ebUtilities sample (ebutilities-crmsg.xml, March 2024, Vienna)", async () => {
  const r = await parseAndValidate((problems) => parseEbUtilities(sampleStream("ebutilities-crmsg.xml"), { problems }));

  it("2972 quarter hours (31 × 96 − 4 for the spring-forward hour), 86.002 kWh = \"86002\" Wh, no problems", () => {
    expect(codes(r.problems)).toEqual([]);
    expect(r.channels).toEqual([
      {
        meteringPoint: "EPXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",
        direction: "consumption",
        intervalSeconds: 900,
        intervals: 2972,
        start: "2024-02-29T23:00:00Z",
        end: "2024-03-31T22:00:00Z",
        totalWh: "86002",
        gaps: [],
      },
    ]);
  });

  it("the DST day 2024-03-31 (local 00:00+01:00 → 24:00+02:00) has 92 quarter hours, the day before 96", () => {
    const inDay = (from: string, to: string) => r.accepted.filter((x) => x.start >= Date.parse(from) && x.start < Date.parse(to)).length;
    expect(inDay("2024-03-30T23:00:00Z", "2024-03-31T22:00:00Z")).toBe(92);
    expect(inDay("2024-03-29T23:00:00Z", "2024-03-30T23:00:00Z")).toBe(96);
  });

  it("first 0.003 kWh at 2024-02-29T23:00Z, last 0.071 kWh at 2024-03-31T21:45Z, quality L1 = measured", () => {
    const first = r.readings[0];
    const last = r.readings[r.readings.length - 1];
    expect([iso(first!.start), first!.energyMWh, first!.quality, first!.source]).toEqual([
      "2024-02-29T23:00:00.000Z",
      3000n,
      "measured",
      { line: 28, element: "EP" }, // grep -n "<EP>" → line 28
    ]);
    expect([iso(last!.start), last!.intervalSeconds, last!.energyMWh]).toEqual(["2024-03-31T21:45:00.000Z", 900, 71_000n]);
  });
});

const record = (body: string, ns = "cr", version = "01p41") => `<?xml version="1.0" encoding="UTF-8"?>
<${ns}:ConsumptionRecord xmlns:${ns}="http://www.ebutilities.at/schemata/customerprocesses/consumptionrecord/${version}"
    xmlns:types="http://www.ebutilities.at/schemata/customerprocesses/common/types/01p20">
  <${ns}:ProcessDirectory>
    <types:MeteringPoint>AT0030000000000000000000000012345</types:MeteringPoint>
    <${ns}:Energy>
      <${ns}:MeteringIntervall>QH</${ns}:MeteringIntervall>
      ${body.replaceAll("<", `<${ns}:`).replaceAll(`<${ns}:/`, `</${ns}:`)}
    </${ns}:Energy>
  </${ns}:ProcessDirectory>
</${ns}:ConsumptionRecord>`;

const ep = (dtf: string, bq: string, mm = "L1", dtt?: string) =>
  `<EP><DTF>${dtf}</DTF>${dtt ? `<DTT>${dtt}</DTT>` : ""}<MM>${mm}</MM><BQ>${bq}</BQ></EP>`;

async function parse(xml: string) {
  return parseAndValidate((problems) => parseEbUtilities(textSource(xml), { problems }));
}

describe("ebUtilities records", () => {
  it("matches by namespace URI, not prefix: prefix x, schema 01p41, 2.9.0 G.01 → injection", async () => {
    const r = await parse(record(`<EnergyData MeterCode="1-1:2.9.0 G.01" UOM="KWH">${ep("2024-10-27T02:45:00+02:00", "1.5")}</EnergyData>`, "x"));
    expect(r.readings).toMatchObject([
      { meteringPoint: "AT0030000000000000000000000012345", direction: "injection", start: Date.parse("2024-10-27T00:45:00Z"), intervalSeconds: 900, energyMWh: 1_500_000n },
    ]);
  });

  it("without DTT the interval comes from MeteringIntervall QH; with DTT from DTF → DTT", async () => {
    const r = await parse(
      record(`<EnergyData MeterCode="1-1:1.9.0 G.01" UOM="KWH">${ep("2024-01-01T00:00:00+01:00", "1")}${ep("2024-01-01T00:15:00+01:00", "1", "L1", "2024-01-01T00:45:00+01:00")}</EnergyData>`),
    );
    expect(r.readings.map((x) => x.intervalSeconds)).toEqual([900, 1800]);
  });

  it("L2 → substituted, L3 → estimated; L9 is unsupported-quality", async () => {
    const r = await parse(
      record(`<EnergyData MeterCode="1-1:1.9.0 G.01" UOM="KWH">${ep("2024-01-01T00:00:00+01:00", "1", "L2")}${ep("2024-01-01T00:15:00+01:00", "1", "L3")}${ep("2024-01-01T00:30:00+01:00", "1", "L9")}</EnergyData>`),
    );
    expect(r.readings.map((x) => x.quality)).toEqual(["substituted", "estimated"]);
    expect(codes(r.problems)).toEqual(["unsupported-quality"]);
  });

  it("skips the operator's allocation series (G.02, G.03) with one problem per block", async () => {
    const r = await parse(
      record(`<EnergyData MeterCode="1-1:2.9.0 G.03" UOM="KWH">${ep("2024-01-01T00:00:00+01:00", "1")}${ep("2024-01-01T00:15:00+01:00", "1")}</EnergyData>`),
    );
    expect(r.readings).toEqual([]);
    expect(codes(r.problems)).toEqual(["unsupported-meter-code"]);
  });

  it("reports unit-missing, unsupported-unit, bad-timestamp, negative-value, non-numeric, excess-precision, bad-interval and missing-field, and carries on", async () => {
    const r = await parse(
      record(
        `<EnergyData MeterCode="1-1:1.9.0 G.01">${ep("2024-01-01T00:00:00+01:00", "1")}</EnergyData>` +
          `<EnergyData MeterCode="1-1:1.9.0 G.01" UOM="KW">${ep("2024-01-01T00:00:00+01:00", "1")}</EnergyData>` +
          `<EnergyData MeterCode="1-1:1.9.0 G.01" UOM="KWH">` +
          ep("2024-01-01 00:00", "1") +
          ep("2024-01-01T00:15:00+01:00", "-0.5") +
          ep("2024-01-01T00:30:00+01:00", "n/a") +
          ep("2024-01-01T00:45:00+01:00", "0.0000001") +
          ep("2024-01-01T01:00:00+01:00", "1", "L1", "2024-01-01T01:00:00+01:00") +
          "<EP><DTF>2024-01-01T01:15:00+01:00</DTF><MM>L1</MM></EP>" +
          ep("2024-01-01T01:30:00+01:00", "0.25") +
          `</EnergyData>`,
      ),
    );
    expect(codes(r.problems)).toEqual([
      "unit-missing",
      "unsupported-unit",
      "negative-value",
      "non-numeric",
      "excess-precision",
      "bad-interval",
      "missing-field",
    ]);
    // "2024-01-01 00:00" has no offset: read in Europe/Vienna (the schema requires an offset).
    expect(r.readings.map((x) => [iso(x.start), x.energyMWh])).toEqual([
      ["2023-12-31T23:00:00.000Z", 1_000_000n],
      ["2024-01-01T00:30:00.000Z", 250_000n],
    ]);
  });

  it("refuses a DOCTYPE (no external entities, no entity expansion)", async () => {
    const xml = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>${record("").replace(/^<\?xml[^>]*>/, "")}`;
    const r = await parse(xml);
    expect(codes(r.problems)).toEqual(["doctype-forbidden"]);
  });

  it("stops at malformed XML with bad-xml and its line, keeping what came before", async () => {
    const r = await parse(record(`<EnergyData MeterCode="1-1:1.9.0 G.01" UOM="KWH">${ep("2024-01-01T00:00:00+01:00", "1")}<EP></EnergyData>`));
    expect(r.problems.problems).toContainEqual(expect.objectContaining({ code: "bad-xml", line: 8 }));
    expect(r.readings).toHaveLength(1);
  });
});

describe("meterCodeDirection", () => {
  it.each([
    ["1-1:1.9.0 G.01", "consumption"],
    ["1-1:1.9.0 P.01", "consumption"],
    ["1-1:2.9.0 G.01", "injection"],
    ["1-1:2.9.0 P.01", "injection"],
    ["G.01", "consumption"],
    ["P.01", "injection"],
    ["1-1:2.9.0 G.02", undefined],
    ["1-1:2.9.0 G.03", undefined],
    ["1-1:2.9.0 P.01T", undefined],
  ])("%s → %s", (code, direction) => expect(meterCodeDirection(code)).toBe(direction));
});
