import { describe, expect, it } from "vitest";
import { checkTuples, columnRows, PreparedContext } from "./check-tuples";
import { chainPostings, ZERO_HASH, type Posting } from "./entry-encoding";
import { hex } from "./merkle";
import { tupleBytes, type TupleRow } from "./tuple-test-records";
import { encodeLeafInputs, LedgerVerifier, verifyLedger, type StoredEntry } from "./verify-ledger";
import { hashChunk } from "./tree-chunks";

const COMMUNITY = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const RUN = { id: "11111111-2222-4333-8444-555555555555", periodStart: "2026-03-02", periodEnd: "2026-03-09" };
const postings: Posting[] = Array.from({ length: 10 }, (_, k) => ({ kind: "SHARED_ENERGY_DEBIT", account: `PC:M-${k}`, amountCents: BigInt(k % 2 ? -k : k), energyMWh: BigInt(1000 * k), reversesSeq: null, memberId: null }));
const entries: StoredEntry[] = chainPostings({ communityId: COMMUNITY, runId: RUN.id, periodStart: RUN.periodStart, periodEnd: RUN.periodEnd }, postings, 0n, ZERO_HASH);
const asRow = (e: StoredEntry): TupleRow => ({ ...e });
const context = () => new PreparedContext({ key: "k", communityId: COMMUNITY, runs: [RUN] });

describe("checkTuples", () => {
  it("10 entries → the same leaf hashes, subtrees and roots at 3 and 10 as the reference encoding, and the stored fields", () => {
    const r = checkTuples({ tuples: tupleBytes(entries.map(asRow)), count: 10, wanted: [3, 10] }, context());
    const ref = hashChunk(encodeLeafInputs(entries).inputs, 0, 10, [3, 10]);
    expect(hex(r.hashes.leafHashes)).toBe(hex(ref.leafHashes));
    expect(r.hashes.subtrees.map(hex)).toEqual(ref.subtrees.map(hex));
    expect(r.hashes.rootsAt.map(hex)).toEqual(ref.rootsAt.map(hex));
    const rows = columnRows(r.columns, [RUN.id]);
    expect(Array.from({ length: rows.length }, (_, i) => [rows.seq(i), rows.runId(i), rows.amountCents(i), hex(rows.prevHash(i)), hex(rows.hash(i))])).toEqual(
      entries.map((e) => [e.seq, e.runId, e.amountCents, hex(e.prevHash), hex(e.hash)]),
    );
    expect(r.columns.problem).toBeNull();
  });

  it("entry 4 of an unknown run → 3 entries checked, problem at 4; entry 6 with kind BOGUS → 5 entries, 'cannot encode' at 6", () => {
    const unknown = entries.map((e, k) => asRow(k === 3 ? { ...e, runId: "99999999-2222-4333-8444-555555555555" } : e));
    const r = checkTuples({ tuples: tupleBytes(unknown), count: 10, wanted: [3, 10] }, context());
    expect([r.columns.count, r.hashes.rootsAt.length, r.columns.problem]).toEqual([3, 1, { ok: false, seq: 4n, problem: "entry 4 belongs to run 99999999-2222-4333-8444-555555555555, which does not exist" }]);
    const bogus = entries.map((e, k) => asRow(k === 5 ? { ...e, kind: "BOGUS" as never } : e));
    const b = checkTuples({ tuples: tupleBytes(bogus), count: 10, wanted: [] }, context());
    expect([b.columns.count, b.columns.problem]).toEqual([5, { ok: false, seq: 6n, problem: "cannot encode entry: unknown entry kind BOGUS" }]);
  });

  it("a stored hash of 31 bytes at entry 2 is passed on as stored (the verifier names it: hash mismatch)", () => {
    const odd = entries.map((e, k) => asRow(k === 1 ? { ...e, hash: e.hash.subarray(0, 31) } : e));
    const r = checkTuples({ tuples: tupleBytes(odd), count: 10, wanted: [] }, context());
    expect(hex(columnRows(r.columns, [RUN.id]).hash(1))).toBe(hex(entries[1]!.hash.subarray(0, 31)));
    expect(verifyLedger(entries.map((e, k) => (k === 1 ? { ...e, hash: e.hash.subarray(0, 31) } : e)), [])).toMatchObject({ ok: false, seq: 2n });
  });

  it("amounts of 2^60 ¢ and −2^60 − 1 ¢ pass through the columns exactly: the run sums to −1 cents", () => {
    const big: Posting[] = [2n ** 60n, -(2n ** 60n) - 1n].map((a) => ({ kind: "SHARED_ENERGY_CREDIT", account: "CC", amountCents: a, energyMWh: 0n, reversesSeq: null, memberId: null }));
    const chained = chainPostings({ communityId: COMMUNITY, runId: RUN.id, periodStart: RUN.periodStart, periodEnd: RUN.periodEnd }, big, 0n, ZERO_HASH);
    const r = checkTuples({ tuples: tupleBytes(chained.map(asRow)), count: 2, wanted: [] }, context());
    const v = new LedgerVerifier([]);
    v.pushChunk(columnRows(r.columns, [RUN.id]), r.hashes);
    expect(v.finish()).toEqual({ ok: false, seq: 2n, problem: `run ${RUN.id} does not balance: entries 1–2 sum to -1 cents` });
  });
});
