import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { emptyTupleFields, ledgerCopySql, readTuple, TupleBatcher } from "./ledger-tuples";
import { tupleBytes, type TupleRow } from "./tuple-test-records";

const RUN = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const rowsOf = (n: number): TupleRow[] =>
  Array.from({ length: n }, (_, k) => ({
    seq: BigInt(k + 1),
    runId: RUN,
    kind: "REVERSAL",
    account: k % 3 === 0 ? "CC" : `PC:M-${k}`,
    amountCents: BigInt(-k),
    energyMWh: BigInt(k * 1000),
    reversesSeq: k % 2 ? BigInt(k) : null,
    prevHash: new Uint8Array(32).fill(k),
    hash: new Uint8Array(k % 5 === 4 ? 31 : 32).fill(k + 1), // a tampered length now and then
  }));

/** Seqs of the tuples in a batch, read back with readTuple. */
function seqs(bytes: Uint8Array, count: number): number[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const f = emptyTupleFields();
  const out: number[] = [];
  let at = 0;
  for (let i = 0; i < count; i++) {
    at = readTuple(view, at, f);
    out.push(Number(view.getBigInt64(f.seq)));
  }
  expect(at).toBe(bytes.length);
  return out;
}

describe("TupleBatcher", () => {
  it("11 tuples of a COPY cut at any byte positions → batches of 4, 4, 3 holding tuples 1–11 in order", () => {
    const copy = tupleBytes(rowsOf(11), { header: true });
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: copy.length - 1 }), { maxLength: 12 }), (cuts) => {
        const at = [0, ...cuts.sort((a, b) => a - b), copy.length];
        const b = new TupleBatcher(4, { header: true });
        const batches = at.slice(1).flatMap((end, k) => b.push(copy.subarray(at[k]!, end)));
        batches.push(...b.end());
        expect(batches.map((x) => x.count)).toEqual([4, 4, 3]);
        expect(batches.flatMap((x) => seqs(x.bytes, x.count))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
      }),
      { numRuns: 300 },
    );
  });

  it("bare tuples (as LEDGER_TUPLE_SQL builds them): 8 in batches of 4 → 4 + 4; an empty COPY → no batch", () => {
    const b = new TupleBatcher(4, { header: false });
    expect([...b.push(tupleBytes(rowsOf(8))), ...b.end()].map((x) => x.count)).toEqual([4, 4]);
    const empty = new TupleBatcher(4, { header: true });
    expect([...empty.push(tupleBytes([], { header: true })), ...empty.end()]).toEqual([]);
  });

  it("data cut inside a tuple, a missing trailer or a bad signature → an error, not a shorter ledger", () => {
    const copy = tupleBytes(rowsOf(3), { header: true });
    const cut = new TupleBatcher(4, { header: true });
    cut.push(copy.subarray(0, copy.length - 5));
    expect(() => cut.end()).toThrow(/middle of a tuple/);
    const noTrailer = new TupleBatcher(4, { header: true });
    noTrailer.push(copy.subarray(0, copy.length - 2));
    expect(() => noTrailer.end()).toThrow(/middle of a tuple/);
    const bad = copy.slice();
    bad[0] = 0x51;
    expect(() => new TupleBatcher(4, { header: true }).push(bad)).toThrow(/signature/);
  });

  it("the COPY statement takes only a lowercase uuid", () => {
    expect(ledgerCopySql(RUN)).toContain(`community_id = '${RUN}'::uuid`);
    expect(() => ledgerCopySql(`${RUN}'; DROP TABLE ledger_entry; --`)).toThrow(/UUID/);
    expect(() => ledgerCopySql(RUN.toUpperCase())).toThrow(/UUID/);
  });
});
