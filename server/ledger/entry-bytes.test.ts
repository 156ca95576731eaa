// The fast writer (entry-bytes.ts) against the reference (entry-line.ts): for any row, the same bytes
// or the same error. Numbers are drawn around the writer's own limits (2^50) and the int8 range, kinds
// and accounts around what the format allows, runs with dates the reference refuses.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EntryWriter, type RunPeriod } from "./entry-bytes";
import { ENTRY_KINDS, entryLine, type EntryFields, type EntryKind } from "./entry-line";
import { emptyTupleFields, readTuple } from "./ledger-tuples";
import { tupleBytes, type TupleRow } from "./tuple-test-records";

const COMMUNITY = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const RUNS: RunPeriod[] = [
  { id: "11111111-2222-4333-8444-555555555555", periodStart: "2026-03-02", periodEnd: "2026-03-09" },
  { id: "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee", periodStart: "2026-02-28", periodEnd: "2026-02-30" }, // not a date: refused
  { id: "00000000-0000-4000-8000-000000000000", periodStart: "1999-12-31", periodEnd: "2000-01-01" },
];

const edge = [0n, 1n, -1n, 9n, 10n, -10n, 2n ** 50n - 1n, 2n ** 50n, -(2n ** 50n), -(2n ** 50n) - 1n, 2n ** 53n - 1n, 2n ** 53n, -(2n ** 53n), 2n ** 63n - 1n, -(2n ** 63n)];
const int8 = fc.oneof(
  { weight: 3, arbitrary: fc.bigInt(-(10n ** 12n), 10n ** 12n) },
  { weight: 2, arbitrary: fc.constantFrom(...edge) },
  { weight: 1, arbitrary: fc.bigInt(-(2n ** 63n), 2n ** 63n - 1n) },
);
const word = fc.stringMatching(/^[A-Za-z0-9-]{1,66}$/);
const account = fc.oneof(
  { weight: 4, arbitrary: word.map((w) => `PC:${w}`) },
  { weight: 2, arbitrary: fc.constantFrom("CC", "FUND", "GSE", "GRID_FEE", "PC:", "cc", "GRID", "FUNDS", "PC:M_1", "PC:Zählpunkt", "PC:M 1", `PC:${"Z9-".repeat(21)}a`, `PC:${"Z9-".repeat(21)}ab`) },
  { weight: 1, arbitrary: fc.string({ maxLength: 70, unit: "grapheme" }) },
);
const kind = fc.oneof({ weight: 6, arbitrary: fc.constantFrom<string>(...ENTRY_KINDS) }, { weight: 1, arbitrary: fc.constantFrom("", "REVERSAL ", "reversal", "GRID_FEE_PAIDX", "RÉVERSAL") });
const hash = (lengths: number[]) => fc.constantFrom(...lengths).chain((n) => fc.uint8Array({ minLength: n, maxLength: n }));
const row = fc.record({
  seq: int8,
  run: fc.nat({ max: RUNS.length - 1 }),
  kind,
  account,
  amountCents: int8,
  energyMWh: int8,
  reversesSeq: fc.option(int8, { nil: null }),
  prevHash: fc.oneof({ weight: 9, arbitrary: hash([32]) }, { weight: 1, arbitrary: hash([0, 31, 33]) }),
});

type Outcome = { bytes: string } | { error: string };

function reference(communityId: string, r: TupleRow, run: RunPeriod): Outcome {
  const fields: EntryFields = { ...r, communityId, periodStart: run.periodStart, periodEnd: run.periodEnd, kind: r.kind as EntryKind };
  try {
    return { bytes: Buffer.from([0, ...new TextEncoder().encode(entryLine(fields))]).toString("hex") };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

function fast(writer: EntryWriter, r: TupleRow, run: number, room: number): Outcome {
  const src = tupleBytes([r]);
  const view = new DataView(src.buffer, src.byteOffset, src.byteLength);
  const f = emptyTupleFields();
  expect(readTuple(view, 0, f)).toBe(src.length);
  let out = new Uint8Array(room);
  try {
    let end = writer.write(out, 3, src, view, f, run);
    if (end < 0) {
      out = new Uint8Array(3 - end);
      end = writer.write(out, 3, src, view, f, run);
    }
    return { bytes: Buffer.from(out.subarray(3, end)).toString("hex") };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

describe("EntryWriter (entry-bytes.ts) = entryLine (entry-line.ts)", () => {
  it("any row of any run: the same 0x00 ‖ canonical bytes, or the same error (2,000 rows, room for 0–400 bytes)", () => {
    const writer = new EntryWriter(COMMUNITY, RUNS);
    fc.assert(
      fc.property(row, fc.nat({ max: 400 }), (r, room) => {
        const tuple: TupleRow = { ...r, runId: RUNS[r.run]!.id, hash: new Uint8Array(32) };
        expect(fast(writer, tuple, r.run, room)).toEqual(reference(COMMUNITY, tuple, RUNS[r.run]!));
      }),
      { numRuns: 2_000 },
    );
  });

  it("a community id the reference refuses (upper case) → every row fails with the reference's error", () => {
    const bad = COMMUNITY.toUpperCase();
    const writer = new EntryWriter(bad, RUNS);
    fc.assert(
      fc.property(row, (r) => {
        const tuple: TupleRow = { ...r, runId: RUNS[r.run]!.id, hash: new Uint8Array(32) };
        expect(fast(writer, tuple, r.run, 400)).toEqual(reference(bad, tuple, RUNS[r.run]!));
      }),
      { numRuns: 200 },
    );
  });

  it("seq 12, −12,345 ¢, 5,000,000 mWh, reversing entry 3 → the documented line", () => {
    const writer = new EntryWriter(COMMUNITY, RUNS);
    const r: TupleRow = { seq: 12n, runId: RUNS[0]!.id, kind: "REVERSAL", account: "PC:M-ABC", amountCents: -12_345n, energyMWh: 5_000_000n, reversesSeq: 3n, prevHash: new Uint8Array(32).fill(0xab), hash: new Uint8Array(32) };
    const out = fast(writer, r, 0, 400);
    expect("bytes" in out && Buffer.from(out.bytes, "hex").subarray(1).toString()).toBe(
      `dajie-ledger-entry/1|${COMMUNITY}|12|${RUNS[0]!.id}|2026-03-02|2026-03-09|REVERSAL|PC:M-ABC|EUR|-12345|5000000|3|${"ab".repeat(32)}`,
    );
  });
});
