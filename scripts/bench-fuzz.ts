// `npm run bench:fuzz`: how long each meter-file parser takes on large hostile inputs, in seconds
// per megabyte; exits 1 when any input takes more than a second per megabyte (the bound of issue 12).
// Timing lives here, not in the tests (tests check behaviour, never timings). Inputs: every sample file
// whole and mutated (fast-check, fixed seed), and hand-made pathological inputs of about 1 MB each
// (one endless line, endless quotes, deep XML nesting, one huge text node, EDIFACT without a segment end).
//
//   npm run bench:fuzz              40 mutated variants per sample file
//   npm run bench:fuzz -- 200       more
import fc from "fast-check";
import { performance } from "node:perf_hooks";
import { loadSeeds, mutate, runParser, TOKENS, type Mutation, type Seed } from "../server/metering/parsers/fuzz-harness.ts";

const variants = Number(process.argv[2] ?? 40);
const LIMIT_S_PER_MB = 1;
const seeds = loadSeeds(Number.MAX_SAFE_INTEGER);
const MB = 1_000_000;

const position = fc.integer({ min: 0, max: 1_000_000 });
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant("flip" as const), at: position, byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ op: fc.constant("insert" as const), at: position, token: fc.nat({ max: TOKENS.length - 1 }) }),
  fc.record({ op: fc.constant("delete" as const), at: position, length: fc.integer({ min: 1, max: 4000 }) }),
  fc.record({ op: fc.constant("duplicate" as const), at: position, length: fc.integer({ min: 1, max: 100_000 }), to: position }),
);

const repeat = (s: string, bytes = MB) => new TextEncoder().encode(s.repeat(Math.ceil(bytes / s.length)));
const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) out.set(p, (at += p.length) - p.length);
  return out;
};
const text = (s: string) => new TextEncoder().encode(s);

function pathological(seed: Seed): { name: string; bytes: Uint8Array }[] {
  const head = seed.bytes.subarray(0, 2000);
  switch (seed.format) {
    case "csv":
    case "enedis":
      return [
        { name: "one 1 MB line", bytes: concat(head, repeat("x")) },
        { name: "1 MB of quotes", bytes: concat(head, repeat('"')) },
        { name: "1 MB of delimiters", bytes: concat(head, repeat(seed.format === "enedis" ? ";" : ",")) },
        { name: "1 MB of empty lines", bytes: concat(head, repeat("\n")) },
      ];
    case "greenbutton":
    case "ebutilities":
      return [
        { name: "100 000 nested elements", bytes: concat(head, repeat("<a>", MB)) },
        { name: "one 1 MB text node", bytes: concat(head, text("<x>"), repeat("y")) },
        { name: "1 MB of entity references", bytes: concat(head, text("<x>"), repeat("&amp;")) },
        { name: "one 1 MB attribute", bytes: concat(head, text('<x a="'), repeat("z")) },
      ];
    case "mscons":
      return [
        { name: "1 MB without a segment terminator", bytes: concat(head, repeat("QTY+220:1")) },
        { name: "1 MB of release characters", bytes: concat(head, repeat("?+")) },
        { name: "1 MB of empty segments", bytes: concat(head, repeat("'")) },
      ];
  }
}

interface Row {
  file: string;
  input: string;
  bytes: number;
  ms: number;
  sPerMB: number;
  violation: string | null;
}

const rows: Row[] = [];
async function measure(seed: Seed, input: string, bytes: Uint8Array) {
  if (process.env.BENCH_VERBOSE) process.stderr.write(`${seed.file} / ${input} (${bytes.length} bytes)… `);
  const t0 = performance.now();
  const outcome = await runParser(seed, bytes, 65_536);
  const ms = performance.now() - t0;
  if (process.env.BENCH_VERBOSE) process.stderr.write(`${ms.toFixed(0)} ms\n`);
  rows.push({ file: seed.file, input, bytes: bytes.length, ms, sPerMB: ms / 1000 / (bytes.length / MB), violation: outcome.violation });
}

for (const seed of seeds) {
  // Once untimed: the first run of a parser pays for loading and compiling it, not for the input.
  await runParser(seed, seed.bytes, 65_536);
  await measure(seed, "the whole sample file", seed.bytes);
  const mutations = fc.sample(fc.array(mutation, { minLength: 1, maxLength: 6 }), { seed: 42, numRuns: variants });
  for (const [i, m] of mutations.entries()) {
    const bytes = mutate(seed.bytes, m);
    if (bytes.length >= 100_000) await measure(seed, `mutation ${i + 1}`, bytes); // small inputs: fixed costs dominate
  }
  for (const p of pathological(seed)) await measure(seed, p.name, p.bytes);
}

const worst = [...rows].sort((a, b) => b.sPerMB - a.sPerMB);
console.log(`${rows.length} inputs ≥ 100 kB, ${variants} mutated variants per sample file\n`);
console.log("file".padEnd(44) + "worst input".padEnd(36) + "MB".padStart(7) + "ms".padStart(9) + "s/MB".padStart(8));
for (const file of [...new Set(rows.map((r) => r.file))]) {
  const r = worst.find((x) => x.file === file)!;
  console.log(file.padEnd(44) + r.input.padEnd(36) + (r.bytes / MB).toFixed(2).padStart(7) + r.ms.toFixed(0).padStart(9) + r.sPerMB.toFixed(3).padStart(8));
}
const slow = rows.filter((r) => r.sPerMB > LIMIT_S_PER_MB);
const broken = rows.filter((r) => r.violation);
for (const r of broken) console.log(`VIOLATION ${r.file} / ${r.input}: ${r.violation}`);
console.log(`\nworst: ${worst[0]!.sPerMB.toFixed(3)} s/MB (${worst[0]!.file}, ${worst[0]!.input}); limit ${LIMIT_S_PER_MB} s/MB: ${slow.length ? `${slow.length} inputs over` : "all within"}`);
process.exit(slow.length || broken.length ? 1 : 0);
