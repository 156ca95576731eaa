import { describe, expect, it } from "vitest";
import { codes, iso, parseAndValidate, sampleStream, textSource } from "../test-support";
import { parseGreenButton } from "./green-button";

const run = (name: string, meteringPoint?: string) =>
  parseAndValidate((problems) => parseGreenButton(sampleStream(name), { problems, meteringPoint }));

// Expected figures from Python's xml.etree over all espi:IntervalReading elements: count, Σvalue
// (uom 72 = Wh, powerOfTenMultiplier 0, flowDirection 1), min/max timePeriod/start, and the gaps
// between start + duration and the next start.
describe("Green Button samples", () => {
  it("coastal multi-family 2011: 8760 hours, Σ 4 425 305 Wh, 2011-01-01T08:00Z (450 Wh) … 2012-01-01T07:00Z (482 Wh)", async () => {
    const r = await run("greenbutton-coastal-multi-family-2011.xml");
    expect(codes(r.problems)).toEqual([]);
    expect(r.channels).toEqual([
      {
        meteringPoint: "urn:uuid:DAE2A527-3662-4066-85A8-C073762A1790",
        direction: "consumption",
        intervalSeconds: 3600,
        intervals: 8760,
        start: "2011-01-01T08:00:00Z",
        end: "2012-01-01T08:00:00Z",
        totalWh: "4425305",
        gaps: [],
      },
    ]);
    const [first, last] = [r.readings[0], r.readings[r.readings.length - 1]];
    expect([iso(first!.start), first!.energyMWh, first!.quality]).toEqual(["2011-01-01T08:00:00.000Z", 450_000n, "measured"]);
    expect([iso(last!.start), last!.energyMWh]).toEqual(["2012-01-01T07:00:00.000Z", 482_000n]);
  });

  it("abridged: 8 hours in two blocks of 4, Σ 4086 Wh, the 8-hour gap between the blocks", async () => {
    const r = await run("greenbutton-electric-abridged.xml");
    expect(r.channels).toEqual([
      {
        meteringPoint: "urn:uuid:C4B46B5D-D4AC-4CD3-9E29-13717DD04140",
        direction: "consumption",
        intervalSeconds: 3600,
        intervals: 8,
        start: "2011-01-01T08:00:00Z",
        end: "2011-01-02T00:00:00Z",
        totalWh: "4086",
        gaps: [{ start: "2011-01-01T12:00:00Z", end: "2011-01-01T20:00:00Z" }],
      },
    ]);
    expect(r.readings.map((x) => Number(x.energyMWh / 1000n))).toEqual([450, 430, 418, 410, 595, 591, 611, 581]);
    expect(r.readings[0]?.source).toEqual({ line: 94, element: "IntervalReading" }); // grep -n "<IntervalReading>" → 94
  });

  it("--metering-point replaces the derived id", async () => {
    const r = await run("greenbutton-electric-abridged.xml", "US-123");
    expect(r.channels.map((c) => c.meteringPoint)).toEqual(["US-123"]);
  });
});

const BASE = "https://example.org/espi/1_1/resource";
const entry = (links: Record<string, string>, content: string, id = "urn:uuid:1") =>
  `<entry><id>${id}</id>${Object.entries(links)
    .map(([rel, href]) => `<link rel="${rel.replace(/\d$/, "")}" href="${BASE}/${href}"/>`)
    .join("")}<content>${content}</content></entry>`;
const readingType = (fields: string) => entry({ self: "ReadingType/7" }, `<espi:ReadingType>${fields}</espi:ReadingType>`);
const meterReading = entry({ self: "UsagePoint/1/MeterReading/1", related: "ReadingType/7" }, "<espi:MeterReading/>");
const usagePoint = entry({ self: "UsagePoint/1" }, "<espi:UsagePoint/>", "urn:uuid:UP-1");
const block = (readings: string) =>
  entry({ self: "UsagePoint/1/MeterReading/1/IntervalBlock/1", up: "UsagePoint/1/MeterReading/1/IntervalBlock" }, `<espi:IntervalBlock>${readings}</espi:IntervalBlock>`);
const reading = (start: number, value: string, extra = "", duration = 900) =>
  `<espi:IntervalReading>${extra}<espi:timePeriod><espi:duration>${duration}</espi:duration><espi:start>${start}</espi:start></espi:timePeriod><espi:value>${value}</espi:value></espi:IntervalReading>`;
const feed = (...entries: string[]) =>
  `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom" xmlns:espi="http://naesb.org/espi">${entries.join("")}</feed>`;

const T0 = 1_704_067_200; // 2024-01-01T00:00:00Z
const parse = (xml: string) => parseAndValidate((problems) => parseGreenButton(textSource(xml), { problems }));

describe("Green Button feeds", () => {
  it("uom 38 (W) over 15 min, multiplier 3 (kW): 2 kW → 500 Wh; flowDirection 19 → injection", async () => {
    const r = await parse(feed(usagePoint, meterReading, readingType("<espi:flowDirection>19</espi:flowDirection><espi:powerOfTenMultiplier>3</espi:powerOfTenMultiplier><espi:uom>38</espi:uom>"), block(reading(T0, "2"))));
    expect(r.readings).toMatchObject([{ meteringPoint: "urn:uuid:UP-1", direction: "injection", energyMWh: 500_000n, intervalSeconds: 900 }]);
  });

  it("multiplier -3 on Wh: value 1234 → 1.234 Wh = 1234 mWh; ReadingQuality 8/7 → estimated/substituted", async () => {
    const rq = (q: number) => `<espi:ReadingQuality><espi:quality>${q}</espi:quality></espi:ReadingQuality>`;
    const r = await parse(
      feed(usagePoint, meterReading, readingType("<espi:flowDirection>1</espi:flowDirection><espi:powerOfTenMultiplier>-3</espi:powerOfTenMultiplier><espi:uom>72</espi:uom>"),
        block(reading(T0, "1234", rq(8)) + reading(T0 + 900, "1", rq(7)) + reading(T0 + 1800, "1", rq(0)))),
    );
    expect(r.readings.map((x) => [x.energyMWh, x.quality])).toEqual([[1234n, "estimated"], [1n, "substituted"], [1n, "measured"]]);
  });

  it("holds readings whose ReadingType comes later in the feed, then delivers them", async () => {
    const r = await parse(feed(usagePoint, meterReading, block(reading(T0, "5")), readingType("<espi:flowDirection>1</espi:flowDirection><espi:uom>72</espi:uom>")));
    expect(codes(r.problems)).toEqual([]);
    expect(r.readings).toMatchObject([{ energyMWh: 5000n, direction: "consumption" }]);
  });

  it("readings that never get a ReadingType are reported once as unit-missing", async () => {
    const r = await parse(feed(usagePoint, meterReading, block(reading(T0, "5") + reading(T0 + 900, "6"))));
    expect(r.readings).toEqual([]);
    expect(r.problems.problems).toMatchObject([{ code: "unit-missing", message: expect.stringContaining("2 readings") }]);
  });

  it("unsupported uom and cumulative (bulkQuantity) reading types are skipped with one problem", async () => {
    const kvarh = await parse(feed(meterReading, readingType("<espi:uom>73</espi:uom>"), block(reading(T0, "5") + reading(T0 + 900, "5"))));
    expect(codes(kvarh.problems)).toEqual(["unsupported-unit"]);
    const bulk = await parse(feed(meterReading, readingType("<espi:accumulationBehaviour>1</espi:accumulationBehaviour><espi:uom>72</espi:uom>"), block(reading(T0, "5"))));
    expect(codes(bulk.problems)).toEqual(["unsupported-reading-type"]);
  });

  it("negative, non-numeric and duration-less readings are problems; the rest are kept", async () => {
    const r = await parse(
      feed(meterReading, readingType("<espi:uom>72</espi:uom>"),
        block(reading(T0, "-5") + reading(T0 + 900, "1.5") + reading(T0 + 1800, "7", "", 0) + reading(T0 + 2700, "7"))),
    );
    expect(codes(r.problems)).toEqual(["negative-value", "non-numeric", "missing-field"]);
    expect(r.readings.map((x) => iso(x.start))).toEqual(["2024-01-01T00:45:00.000Z"]);
    // Without a UsagePoint entry the id falls back to the UsagePoint href.
    expect(r.readings[0]?.meteringPoint).toBe(`${BASE}/UsagePoint/1`);
  });

  it("an undefined entity is malformed XML, never resolved", async () => {
    const r = await parse(feed(meterReading).replace("<feed", "<feed title=\"&xxe;\""));
    expect(codes(r.problems)).toEqual(["bad-xml"]);
  });
});
