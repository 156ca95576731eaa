import { describe, expect, it } from "vitest";
import { chainPostings, encodeEntry, entryHash, ZERO_HASH, type ChainedEntry, type Posting } from "./entry-encoding";
import { EMPTY_ROOT, hex, rootFromLeafHashes } from "./merkle";
import { LedgerVerifier, verifyLedger, type Checkpoint, type StoredEntry } from "./verify-ledger";

const COMMUNITY = "0b6f1c1e-6a0e-4d7c-9f3e-2a1b3c4d5e6f";
const RUN_A = "11111111-1111-4111-8111-111111111111";
const RUN_B = "22222222-2222-4222-8222-222222222222";
const RUN_C = "33333333-3333-4333-8333-333333333333";

const line = (kind: Posting["kind"], account: string, amountCents: bigint, energyMWh: bigint, reversesSeq: bigint | null = null): Posting => ({
  kind,
  account,
  memberId: null,
  amountCents,
  energyMWh,
  reversesSeq,
});

/** Two consumers pay 500 + 300 ¢, CC collects 800 ¢ and pays one producer 800 ¢: sums to 0. */
const flat = (a: bigint, b: bigint): Posting[] => [
  line("SHARED_ENERGY_DEBIT", "PC:M-A", -a, 4_000_000n),
  line("SHARED_ENERGY_DEBIT", "PC:M-B", -b, 2_500_000n),
  line("SHARED_ENERGY_COLLECTED", "CC", a + b, 6_500_000n),
  line("SHARED_ENERGY_CREDIT", "PC:M-C", a + b, 6_500_000n),
  line("SHARED_ENERGY_PAID", "CC", -(a + b), 6_500_000n),
];

interface Ledger {
  entries: ChainedEntry[];
  checkpoints: Checkpoint[];
}

/** Chains runs one after another and makes one checkpoint (run-style) per run. */
function ledger(runs: { id: string; start: string; end: string; postings: Posting[] }[]): Ledger {
  const entries: ChainedEntry[] = [];
  const checkpoints: Checkpoint[] = [];
  for (const r of runs) {
    const last = entries[entries.length - 1];
    entries.push(...chainPostings({ communityId: COMMUNITY, runId: r.id, periodStart: r.start, periodEnd: r.end }, r.postings, last?.seq ?? 0n, last?.hash ?? ZERO_HASH));
    checkpoints.push({ size: BigInt(entries.length), root: hex(rootFromLeafHashes(entries.map((e) => e.hash))), source: `settlement_run ${r.id}` });
  }
  return { entries, checkpoints };
}

/** 5 + 5 + (5 reversals + 5) = 20 entries in 3 runs; the third corrects the first. */
function threeRuns(): Ledger {
  const a = flat(500n, 300n);
  const reversals = a.map((p, k) => ({ ...p, kind: "REVERSAL" as const, amountCents: -p.amountCents, energyMWh: -p.energyMWh, reversesSeq: BigInt(k + 1) }));
  return ledger([
    { id: RUN_A, start: "2026-03-01", end: "2026-04-01", postings: a },
    { id: RUN_B, start: "2026-04-01", end: "2026-05-01", postings: flat(120n, 80n) },
    { id: RUN_C, start: "2026-03-01", end: "2026-04-01", postings: [...reversals, ...flat(510n, 290n)] },
  ]);
}

/** A copy of the stored rows with entry `seq` changed as `change` says (what a tamperer would do). */
function tamper(l: Ledger, seq: number, change: (e: StoredEntry) => StoredEntry): StoredEntry[] {
  return l.entries.map((e) => (e.seq === BigInt(seq) ? change({ ...e }) : e));
}

/** Re-chains rows from `from` on, as a tamperer who recomputes hashes would. */
function rechain(rows: StoredEntry[], from: number): StoredEntry[] {
  const out = [...rows];
  for (let k = from - 1; k < out.length; k++) {
    const prevHash = k === 0 ? ZERO_HASH : out[k - 1]!.hash;
    const e = { ...out[k]!, prevHash };
    out[k] = { ...e, hash: entryHash(encodeEntry(e)) };
  }
  return out;
}

describe("verifyLedger: an intact ledger passes", () => {
  it("20 entries in 3 balanced runs, 3 checkpoints → ok, root = RFC 6962 root of the 20 entry hashes", () => {
    const l = threeRuns();
    expect(verifyLedger(l.entries, l.checkpoints)).toEqual({ ok: true, entries: 20, checkpoints: 3, root: hex(rootFromLeafHashes(l.entries.map((e) => e.hash))) });
  });

  it("the same verdict whatever the chunk size (1, 2, 4, 8, 1024)", () => {
    const l = threeRuns();
    const bad = tamper(l, 13, (e) => ({ ...e, amountCents: e.amountCents + 1n }));
    for (const chunk of [1, 2, 4, 8, 1024]) {
      expect(verifyLedger(l.entries, l.checkpoints, chunk)).toMatchObject({ ok: true, entries: 20 });
      expect(verifyLedger(bad, l.checkpoints, chunk)).toMatchObject({ ok: false, seq: 13n });
    }
  });

  it("a checkpoint kept in two places (run and ledger_checkpoint) counts once", () => {
    const l = threeRuns();
    const both = [...l.checkpoints, ...l.checkpoints.map((c) => ({ ...c, source: "ledger_checkpoint" }))];
    expect(verifyLedger(l.entries, both)).toMatchObject({ ok: true, checkpoints: 3 });
  });

  it("an empty ledger: 0 entries, root = SHA-256 of the empty string", () => {
    expect(verifyLedger([], [])).toEqual({ ok: true, entries: 0, checkpoints: 0, root: hex(EMPTY_ROOT) });
  });
});

describe("verifyLedger: each kind of tampering is named at its entry", () => {
  const l = threeRuns();
  const hashOf = (seq: number) => hex(l.entries[seq - 1]!.hash);

  it("amount of entry 7 changed 120 → 121 ¢ → hash mismatch at 7, stored vs recomputed", () => {
    const rows = tamper(l, 7, (e) => ({ ...e, amountCents: -121n }));
    const recomputed = hex(entryHash(encodeEntry(rows[6]!)));
    expect(verifyLedger(rows, l.checkpoints)).toEqual({ ok: false, seq: 7n, problem: `hash mismatch: stored ${hashOf(7)} recomputed ${recomputed}` });
  });

  it("account of entry 4 changed CC → PC:M-A → hash mismatch at 4", () => {
    expect(verifyLedger(tamper(l, 4, (e) => ({ ...e, account: "PC:M-A" })), l.checkpoints)).toMatchObject({ ok: false, seq: 4n, problem: expect.stringMatching(/^hash mismatch: stored /) });
  });

  it("stored hash of entry 12 changed → hash mismatch at 12 (entry 13 still chains to the true hash)", () => {
    const rows = tamper(l, 12, (e) => ({ ...e, hash: new Uint8Array(32).fill(0xab) }));
    expect(verifyLedger(rows, l.checkpoints)).toEqual({ ok: false, seq: 12n, problem: `hash mismatch: stored ${"ab".repeat(32)} recomputed ${hashOf(12)}` });
  });

  it("prev_hash of entry 9 changed → prev_hash does not match entry 8", () => {
    const rows = tamper(l, 9, (e) => ({ ...e, prevHash: new Uint8Array(32).fill(1) }));
    expect(verifyLedger(rows, l.checkpoints)).toEqual({ ok: false, seq: 9n, problem: `prev_hash does not match entry 8: stored ${"01".repeat(32)}, expected ${hashOf(8)}` });
  });

  it("prev_hash of entry 1 not zero → named as such", () => {
    expect(verifyLedger(tamper(l, 1, (e) => ({ ...e, prevHash: new Uint8Array(32).fill(2) })), l.checkpoints)).toMatchObject({ seq: 1n, problem: expect.stringMatching(/^prev_hash of entry 1 is not 32 zero bytes/) });
  });

  it("entry 6 deleted → missing entry 6", () => {
    const rows = l.entries.filter((e) => e.seq !== 6n);
    expect(verifyLedger(rows, l.checkpoints)).toEqual({ ok: false, seq: 6n, problem: "missing entry 6 (the next stored entry is 7)" });
  });

  it("the last 2 entries deleted → missing entry 19, found through the checkpoint at size 20", () => {
    expect(verifyLedger(l.entries.slice(0, 18), l.checkpoints)).toMatchObject({ ok: false, seq: 19n, problem: expect.stringMatching(/^missing entry 19 \(checkpoint at size 20 /) });
  });

  it("entries out of order → named", () => {
    const rows = [...l.entries];
    [rows[2], rows[3]] = [rows[3]!, rows[2]!];
    expect(verifyLedger(rows, l.checkpoints)).toMatchObject({ ok: false, seq: 3n, problem: "missing entry 3 (the next stored entry is 4)" });
  });

  it("checkpoint root at size 10 changed → checkpoint at size 10: root … ≠ recomputed …", () => {
    const cps = l.checkpoints.map((c) => (c.size === 10n ? { ...c, root: "00".repeat(32) } : c));
    expect(verifyLedger(l.entries, cps)).toEqual({ ok: false, seq: 10n, problem: `checkpoint at size 10: root ${"00".repeat(32)} ≠ recomputed ${l.checkpoints[1]!.root} (settlement_run ${RUN_B})` });
  });

  it("a checkpoint record that is missing (root null) → named with its source", () => {
    const cps = [...l.checkpoints, { size: 5n, root: null, source: `ledger_checkpoint of run ${RUN_A}` }];
    expect(verifyLedger(l.entries, cps)).toMatchObject({ ok: false, seq: 5n, problem: expect.stringMatching(`^checkpoint at size 5: ledger_checkpoint of run ${RUN_A} is missing`) });
  });

  it("amount of entry 7 changed and every later hash recomputed (a consistent forgery) → only the checkpoint at size 10 catches it", () => {
    const rows = rechain(tamper(l, 7, (e) => ({ ...e, amountCents: -121n })), 7);
    expect(verifyLedger(rows, l.checkpoints)).toMatchObject({ ok: false, seq: 10n, problem: expect.stringMatching(/^checkpoint at size 10: root /) });
  });

  it("amount changed and only that hash recomputed → entry 8 no longer chains to entry 7", () => {
    const rows = tamper(l, 7, (e) => {
      const changed = { ...e, amountCents: -121n };
      return { ...changed, hash: entryHash(encodeEntry(changed)) };
    });
    expect(verifyLedger(rows, l.checkpoints)).toMatchObject({ ok: false, seq: 8n, problem: expect.stringMatching(/^prev_hash does not match entry 7: /) });
  });

  it("a run whose entries sum to +1 ¢ (correctly chained) → run B does not balance, at its last entry 10", () => {
    const unbalanced = ledger([
      { id: RUN_A, start: "2026-03-01", end: "2026-04-01", postings: flat(500n, 300n) },
      { id: RUN_B, start: "2026-04-01", end: "2026-05-01", postings: [...flat(120n, 80n).slice(0, 4), line("SHARED_ENERGY_PAID", "CC", -199n, 0n)] },
    ]);
    expect(verifyLedger(unbalanced.entries, unbalanced.checkpoints)).toEqual({ ok: false, seq: 10n, problem: `run ${RUN_B} does not balance: entries 6–10 sum to 1 cents` });
  });

  it("amounts near and beyond 2^53 ¢ are summed exactly: (2^53 − 1) + 2^60 + (2^53 − 1) − (2^60 + 2^54 − 2) = 0 balances; one cent more → sums to 1 cents", () => {
    const big = [2n ** 53n - 1n, 2n ** 60n, 2n ** 53n - 1n];
    const postings = (extra: bigint) => [...big.map((a) => line("SHARED_ENERGY_CREDIT", "PC:M-A", a, 0n)), line("SHARED_ENERGY_PAID", "CC", -(2n ** 60n + 2n ** 54n - 2n) + extra, 0n)];
    const balanced = ledger([{ id: RUN_A, start: "2026-03-01", end: "2026-04-01", postings: postings(0n) }]);
    expect(verifyLedger(balanced.entries, balanced.checkpoints)).toMatchObject({ ok: true, entries: 4 });
    const off = ledger([{ id: RUN_A, start: "2026-03-01", end: "2026-04-01", postings: postings(1n) }]);
    expect(verifyLedger(off.entries, off.checkpoints)).toEqual({ ok: false, seq: 4n, problem: `run ${RUN_A} does not balance: entries 1–4 sum to 1 cents` });
  });

  it("a middle run that sums to −1 ¢ → named when the next run starts, at its last entry 5", () => {
    const unbalanced = ledger([
      { id: RUN_A, start: "2026-03-01", end: "2026-04-01", postings: [...flat(500n, 300n).slice(0, 4), line("SHARED_ENERGY_PAID", "CC", -801n, 0n)] },
      { id: RUN_B, start: "2026-04-01", end: "2026-05-01", postings: flat(120n, 80n) },
    ]);
    expect(verifyLedger(unbalanced.entries, unbalanced.checkpoints)).toEqual({ ok: false, seq: 5n, problem: `run ${RUN_A} does not balance: entries 1–5 sum to -1 cents` });
  });

  it("the last entry of run A (5) deleted → missing entry 5, not 'run A does not balance'", () => {
    expect(verifyLedger(l.entries.filter((e) => e.seq !== 5n), l.checkpoints)).toMatchObject({ ok: false, seq: 5n, problem: "missing entry 5 (the next stored entry is 6)" });
  });

  it("an entry that cannot be encoded (kind BOGUS) → named", () => {
    const rows = tamper(l, 15, (e) => ({ ...e, kind: "BOGUS" as never }));
    expect(verifyLedger(rows, l.checkpoints)).toEqual({ ok: false, seq: 15n, problem: "cannot encode entry: unknown entry kind BOGUS" });
  });

  it("two tamperings (entries 14 and 3) → the first, 3, is reported", () => {
    const rows = tamper({ ...l, entries: tamper(l, 14, (e) => ({ ...e, energyMWh: 1n })) as ChainedEntry[] }, 3, (e) => ({ ...e, energyMWh: 1n }));
    expect(verifyLedger(rows, l.checkpoints)).toMatchObject({ ok: false, seq: 3n });
  });
});

describe("LedgerVerifier", () => {
  it("refuses a chunk that is not a subtree of the tree (4 entries after 2)", () => {
    const l = threeRuns();
    const v = new LedgerVerifier(l.checkpoints);
    v.pushInThread(l.entries.slice(0, 2));
    expect(() => v.pushInThread(l.entries.slice(2, 6))).toThrow(/cannot start at entry 3/);
  });

  it("asks for roots exactly where checkpoints fall inside a chunk", () => {
    const v = new LedgerVerifier(threeRuns().checkpoints);
    expect(v.checkpointSizesIn(0, 8)).toEqual([5]);
    expect(v.checkpointSizesIn(8, 8)).toEqual([2]);
    expect(v.checkpointSizesIn(16, 8)).toEqual([4]);
  });
});
