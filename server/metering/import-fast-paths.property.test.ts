// The import's fast paths (energy-units.ts whole-number cells, csv.ts per-file instant cache,
// reading-bounds.ts last-bound memo, validate.ts last-channel lookup) must give exactly what the
// general paths give. Each property compares a fast path with its reference on random input.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decimalToMilliwattHours, parseDecimal, toMilliwattHours, UNITS, type EnergyResult, type Unit } from "./energy-units";
import { parseCsv } from "./parsers/csv";
import type { CsvMapping } from "./parsers/csv-mapping";
import { createProblemLog } from "./problem-log";
import { implausible, readingBoundMWh } from "./reading-bounds";
import { textSource } from "./test-support";
import type { Reading } from "./types";
import { ReadingValidator } from "./validate";

/** The general path alone: regex decimal, then the exact conversion. */
function referenceMWh(text: string, unit: Unit, seconds: number, mark: "." | ","): EnergyResult {
  const value = parseDecimal(text, mark);
  if (!value) return { ok: false, code: "non-numeric", message: `not a number: "${text.slice(0, 40)}"` };
  return decimalToMilliwattHours(value, unit, seconds);
}

const digits = fc.stringMatching(/^[0-9]{1,18}$/);
const cellText = fc.oneof(digits, fc.stringMatching(/^[-+ 0-9.,eE]{0,12}$/), fc.string({ maxLength: 8 }));

describe("energy cell fast path", () => {
  it("any cell text, any unit, either decimal mark: toMilliwattHours = parseDecimal + decimalToMilliwattHours", () => {
    fc.assert(
      fc.property(cellText, fc.constantFrom(...UNITS), fc.constantFrom(60, 300, 900, 3600), fc.constantFrom(".", ","), (text, unit, seconds, mark) => {
        expect(toMilliwattHours(text, unit, seconds, mark as "." | ",")).toEqual(referenceMWh(text, unit, seconds, mark as "." | ","));
      }),
      { numRuns: 3000 },
    );
  });
});

describe("reading bound memo", () => {
  const reference = (e: bigint, cap: bigint | null, s: number) => {
    const { maxMWh, basis } = readingBoundMWh(cap, s);
    return e <= maxMWh ? null : { maxMWh, basis };
  };
  it("a random sequence of (energy, capacity, interval): implausible refuses exactly above readingBoundMWh, in any order", () => {
    const call = fc.record({
      e: fc.bigInt({ min: 0n, max: 10n ** 13n }),
      cap: fc.option(fc.bigInt({ min: 0n, max: 10n ** 9n }), { nil: null }),
      s: fc.constantFrom(300, 900, 3600, 86_400),
    });
    fc.assert(
      fc.property(fc.array(call, { maxLength: 30 }), (calls) => {
        for (const { e, cap, s } of calls) {
          const ref = reference(e, cap, s);
          const got = implausible(e, cap, s);
          expect(got === null).toBe(ref === null);
          if (ref && got) expect(got).toContain(ref.basis);
        }
      }),
    );
  });
});

// Rows of a long file mixing timestamps with an offset (cached), local ones (never cached: the clock
// keeps per-series DST state), repeated ones and junk, for several points.
const stamp = fc.oneof(
  fc.constantFrom("2026-03-29T00:00:00Z", "2026-03-29T00:15:00Z", "2026-03-29T01:00:00+01:00", "2026-03-29T00:15:00.000Z", " 2026-03-29T00:00:00Z"),
  fc.constantFrom("2026-03-29 01:45", "2026-03-29 02:00", "2026-03-29 03:00", "2026-10-25 02:15", "29.03.2026 03:15"),
  fc.constantFrom("", "yesterday", "2026-13-01T00:00:00Z", "2026-03-29T00:07:00Z"),
);
const row = fc.tuple(fc.constantFrom("A", "B", "C"), stamp, fc.oneof(digits, cellText));
const mapping: CsvMapping = { unit: "Wh", intervalSeconds: 900, timeZone: "Europe/Vienna", layout: { kind: "long", meteringPoint: "pod", timestamp: "start", energy: "wh" } };

async function run(text: string) {
  const problems = createProblemLog(10_000);
  const validator = new ReadingValidator({ problems, intervalSeconds: 900 });
  const readings: Reading[] = [];
  for await (const r of parseCsv(textSource(text, 13), { mapping, problems })) if (validator.accept(r)) readings.push(r);
  return { readings, problems: problems.problems, summaries: validator.summaries() };
}

describe("long CSV with repeated timestamps", () => {
  it("random rows: readings, problems (with line numbers) and summaries equal the row-by-row reference", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 40 }), async (rows) => {
        const lines = rows.map(([p, t, v]) => `${p},${t},${v.replace(/[,\n\r"]/g, "")}`);
        const whole = await run(`pod,start,wh\n${lines.join("\n")}\n`);
        // Reference: every prefix parsed from scratch, so no cache entry outlives one parse; the last
        // row of each prefix is what a fresh parser makes of that row after the same history.
        const expected = { readings: [] as Reading[], problems: [] as typeof whole.problems };
        for (let i = 1; i <= lines.length; i++) {
          const before = await run(`pod,start,wh\n${lines.slice(0, i - 1).join("\n")}\n`);
          const upto = await run(`pod,start,wh\n${lines.slice(0, i).join("\n")}\n`);
          expected.readings.push(...upto.readings.slice(before.readings.length));
          expected.problems.push(...upto.problems.slice(before.problems.length));
          if (i === lines.length) expect(whole.summaries).toEqual(upto.summaries);
        }
        expect(whole.readings).toEqual(expected.readings);
        expect(whole.problems).toEqual(expected.problems);
      }),
      { numRuns: 60 },
    );
  });
});
