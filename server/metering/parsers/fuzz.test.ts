// Fuzzing every meter-file parser: thousands of inputs per format, mutated from the real sample files
// (test/fixtures/meter-files) and generated from scratch, fed in random chunk sizes. Any outcome but
// readings and problems that name their line fails (fuzz-harness.ts). Deterministic: a fixed seed
// (FUZZ_SEED overrides it, FUZZ_RUNS the number of runs). Speed is not checked here (tests check
// behaviour, not timings): `npm run bench:fuzz` measures seconds per megabyte on large mutated inputs.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { judge, loadSeeds, mutate, runParser, TOKENS, type Mutation } from "./fuzz-harness";

const SEED = Number(process.env.FUZZ_SEED ?? 20261204);
const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
const seeds = loadSeeds();

const position = fc.integer({ min: 0, max: 1_000_000 });
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant("flip" as const), at: position, byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ op: fc.constant("insert" as const), at: position, token: fc.nat({ max: TOKENS.length - 1 }) }),
  fc.record({ op: fc.constant("insertBytes" as const), at: position, bytes: fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 16 }) }),
  fc.record({ op: fc.constant("delete" as const), at: position, length: fc.integer({ min: 1, max: 400 }) }),
  fc.record({ op: fc.constant("duplicate" as const), at: position, length: fc.integer({ min: 1, max: 400 }), to: position }),
  fc.record({ op: fc.constant("truncate" as const), at: position }),
);
const chunkSize = fc.oneof(fc.constant(65_536), fc.integer({ min: 1, max: 64 }), fc.integer({ min: 65, max: 8192 }));

for (const format of [...new Set(seeds.map((s) => s.format))]) {
  const ofFormat = seeds.filter((s) => s.format === format);
  describe(`${format} parser under fuzzing (seeds: ${ofFormat.map((s) => s.file).join(", ")})`, () => {
    it(`${RUNS} mutated inputs → readings or problems with a line, nothing else`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...ofFormat), fc.array(mutation, { minLength: 1, maxLength: 8 }), chunkSize, async (seed, mutations, chunk) => {
          const outcome = await runParser(seed, mutate(seed.bytes, mutations), chunk);
          expect(outcome.violation).toBeNull();
        }),
        { seed: SEED, numRuns: RUNS },
      );
    }, 120_000); // 1000 parses of ≤ 6 KB each: ~5–20 s per format on the busy 2-core machine

    it(`${RUNS} generated inputs (random bytes, random text from the format's tokens) → readings or problems with a line`, async () => {
      const tokenText = fc.array(fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 12 })), { maxLength: 60 }).map((parts) => new TextEncoder().encode(parts.join("")));
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...ofFormat), fc.oneof(fc.uint8Array({ maxLength: 2000 }), tokenText), chunkSize, async (seed, bytes, chunk) => {
          const outcome = await runParser(seed, bytes, chunk);
          expect(outcome.violation).toBeNull();
        }),
        { seed: SEED + 1, numRuns: RUNS },
      );
    }, 120_000);
  });
}

describe("the harness can fail", () => {
  it("a problem without a line, a negative reading and a thrown error are each a violation; the intact CSV seed is not", async () => {
    const reading = { meteringPoint: "X", direction: "unknown" as const, start: 0, intervalSeconds: 900, energyMWh: 1n, quality: "measured" as const, source: { line: 2 } };
    expect(judge([], [{ code: "bad-row", message: "x" }])).toMatch(/^a problem without a line/);
    expect(judge([{ ...reading, energyMWh: -1n }], [])).toMatch(/^a malformed reading/);
    expect(judge([reading], [{ code: "bad-row", message: "x", line: 3 }])).toBeNull();
    const csv = seeds.find((s) => s.format === "csv")!;
    expect((await runParser({ ...csv, csvMapping: undefined }, csv.bytes, 100)).violation).toMatch(/^threw MeteringOptionsError/);
    const intact = await runParser(csv, csv.bytes, 100);
    expect([intact.readings.length > 0, intact.violation]).toEqual([true, null]);
  });
});
