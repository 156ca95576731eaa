import { describe, expect, it } from "vitest";
import { unpackRows } from "./packed-entries";

/** Packs rows exactly as PACKED_ROW_SQL does (int8send, uuid_send, int4send are big-endian). */
function pack(rows: { seq: bigint; runId: string; amount: bigint; energy: bigint; reverses: bigint | null; prev: Uint8Array; hash: Uint8Array; kind: string; account: string }[]): Uint8Array {
  const parts: Buffer[] = [];
  const i8 = (v: bigint) => {
    const b = Buffer.alloc(8);
    b.writeBigInt64BE(v);
    return b;
  };
  const str = (b: Uint8Array) => {
    const n = Buffer.alloc(4);
    n.writeInt32BE(b.length);
    return Buffer.concat([n, b]);
  };
  for (const r of rows) {
    parts.push(i8(r.seq), Buffer.from(r.runId.replace(/-/g, ""), "hex"), i8(r.amount), i8(r.energy), Buffer.from([r.reverses === null ? 0 : 1]), i8(r.reverses ?? 0n));
    parts.push(str(r.prev), str(r.hash), str(Buffer.from(r.kind)), str(Buffer.from(r.account)));
  }
  return new Uint8Array(Buffer.concat(parts));
}

const RUN = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

describe("unpackRows", () => {
  it("two rows: negative amount, a reversal of entry 3, a 31-byte tampered hash and a non-ASCII account read back as written", () => {
    const rows = [
      { seq: 7n, runId: RUN, amount: -1234n, energy: 5_000_000n, reverses: null, prev: new Uint8Array(32).fill(1), hash: new Uint8Array(32).fill(2), kind: "PC", account: "M-ABCDEF01" },
      { seq: 8n, runId: RUN, amount: 1234n, energy: -5_000_000n, reverses: 3n, prev: new Uint8Array(32).fill(2), hash: new Uint8Array(31).fill(9), kind: "REVERSAL", account: "Zählpunkt€" },
    ];
    const out = unpackRows(pack(rows));
    expect(out.map((r) => [r.seq, r.runId, r.amountCents, r.energyMWh, r.reversesSeq, r.prevHash.length, r.hash.length, r.hash[30], r.kind, r.account])).toEqual([
      [7n, RUN, -1234n, 5_000_000n, null, 32, 32, 2, "PC", "M-ABCDEF01"],
      [8n, RUN, 1234n, -5_000_000n, 3n, 32, 31, 9, "REVERSAL", "Zählpunkt€"],
    ]);
  });

  it("an empty buffer is no rows; a buffer cut inside a row is an error, not a shorter batch", () => {
    expect(unpackRows(new Uint8Array(0))).toEqual([]);
    const one = pack([{ seq: 1n, runId: RUN, amount: 0n, energy: 0n, reverses: null, prev: new Uint8Array(32), hash: new Uint8Array(32), kind: "CC", account: "CC" }]);
    expect(() => unpackRows(one.subarray(0, one.length - 1))).toThrow(/in the middle of a row/);
  });
});
