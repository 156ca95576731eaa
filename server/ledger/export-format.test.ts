import { describe, expect, it } from "vitest";
import { chainPostings, ENTRY_FORMAT, ZERO_HASH, type ChainedEntry, type Posting } from "./entry-encoding";
import { EXPORT_FORMAT, verifyExport, type ExportEntry, type ExportHeader } from "./export-format";
import { hex, rootFromLeafHashes } from "./merkle";

const COMMUNITY = "0b6f1c1e-6a0e-4d7c-9f3e-2a1b3c4d5e6f";
const RUNS = [
  { id: "11111111-1111-4111-8111-111111111111", periodStart: "2026-03-02", periodEnd: "2026-03-09" },
  { id: "22222222-2222-4222-8222-222222222222", periodStart: "2026-03-09", periodEnd: "2026-03-16" },
];

/** Two consumers pay a + b ¢ to CC, which pays one producer: five entries that sum to 0. */
const flat = (a: bigint, b: bigint): Posting[] => [
  { kind: "SHARED_ENERGY_DEBIT", account: "PC:M-A", memberId: null, amountCents: -a, energyMWh: 4_000_000n, reversesSeq: null },
  { kind: "SHARED_ENERGY_DEBIT", account: "PC:M-B", memberId: null, amountCents: -b, energyMWh: 2_500_000n, reversesSeq: null },
  { kind: "SHARED_ENERGY_COLLECTED", account: "CC", memberId: null, amountCents: a + b, energyMWh: 6_500_000n, reversesSeq: null },
  { kind: "SHARED_ENERGY_CREDIT", account: "PC:M-C", memberId: null, amountCents: a + b, energyMWh: 6_500_000n, reversesSeq: null },
  { kind: "SHARED_ENERGY_PAID", account: "CC", memberId: null, amountCents: -(a + b), energyMWh: 6_500_000n, reversesSeq: null },
];

/** An export of two weekly runs (5 + 5 entries) with a checkpoint each, as lines. */
function exportLines(): string[] {
  const entries: ChainedEntry[] = [];
  const runs: ExportHeader["runs"] = [];
  const checkpoints: ExportHeader["checkpoints"] = [];
  RUNS.forEach((r, i) => {
    const last = entries[entries.length - 1];
    const firstSeq = BigInt(entries.length + 1);
    entries.push(...chainPostings({ communityId: COMMUNITY, runId: r.id, periodStart: r.periodStart, periodEnd: r.periodEnd }, flat(500n + BigInt(i), 300n), last?.seq ?? 0n, last?.hash ?? ZERO_HASH));
    const root = hex(rootFromLeafHashes(entries.map((e) => e.hash)));
    const size = String(entries.length);
    runs.push({ ...r, version: 1, firstSeq: String(firstSeq), lastSeq: size, checkpoint: { size, root } });
    checkpoints.push({ treeSize: size, root, runId: r.id, createdAt: "2026-03-17T03:00:00.000Z" });
  });
  const header: ExportHeader = { format: EXPORT_FORMAT, entryFormat: ENTRY_FORMAT, community: { id: COMMUNITY, slug: "test", name: "Test" }, exportedAt: "2026-03-18T00:00:00.000Z", entries: String(entries.length), runs, checkpoints, anchors: [] };
  const lines = entries.map((e): ExportEntry => ({
    seq: e.seq.toString(),
    runId: e.runId,
    kind: e.kind,
    account: e.account,
    amountCents: e.amountCents.toString(),
    energyMWh: e.energyMWh.toString(),
    reversesSeq: null,
    prevHash: hex(e.prevHash),
    hash: hex(e.hash),
  }));
  return [JSON.stringify(header), ...lines.map((l) => JSON.stringify(l))];
}

/** The lines with line `n` (1 = header) changed. */
function edit(lines: string[], n: number, change: (o: Record<string, unknown>) => void): string[] {
  return lines.map((l, i) => {
    if (i !== n - 1) return l;
    const o = JSON.parse(l) as Record<string, unknown>;
    change(o);
    return JSON.stringify(o);
  });
}

describe("public ledger export: verify from the file alone", () => {
  it("an intact export of 2 runs × 5 entries passes: 10 entries, 2 checkpoint sizes, latest root named", async () => {
    const lines = exportLines();
    const v = await verifyExport(lines);
    expect(v).toMatchObject({ ok: true, entries: 10, checkpoints: 2, community: "test", runs: 2, checkpointRows: 2, anchors: 0 });
    expect(v.latest).toEqual({ size: "10", root: (JSON.parse(lines[0]!) as ExportHeader).checkpoints[1]!.root });
    if (v.ok) expect(v.root).toBe(v.latest!.root);
  });

  it("entry 7's amount changed from −501 ¢ to −401 ¢ → entry 7 fails: hash mismatch", async () => {
    const v = await verifyExport(edit(exportLines(), 8, (o) => (o.amountCents = "-401")));
    expect(v).toMatchObject({ ok: false, seq: 7n });
    expect(v.ok ? "" : v.problem).toMatch(/^hash mismatch: stored [0-9a-f]{64} recomputed [0-9a-f]{64}$/);
  });

  it("entry 2's stored hash replaced → entry 2 fails (hash mismatch)", async () => {
    const v = await verifyExport(edit(exportLines(), 3, (o) => (o.hash = "ab".repeat(32))));
    expect(v).toMatchObject({ ok: false, seq: 2n });
    expect(v.ok ? "" : v.problem).toContain("hash mismatch");
  });

  it("entry 1's amount changed and every later hash recomputed (a consistent chain) → the first checkpoint, at size 5, names both roots", async () => {
    const header = exportLines()[0]!;
    const forged: ChainedEntry[] = [];
    RUNS.forEach((r, i) => {
      const last = forged[forged.length - 1];
      const postings = flat(i === 0 ? 400n : 501n, i === 0 ? 400n : 300n); // run 1: 400 + 400 instead of 500 + 300, still balanced
      forged.push(...chainPostings({ communityId: COMMUNITY, runId: r.id, periodStart: r.periodStart, periodEnd: r.periodEnd }, postings, last?.seq ?? 0n, last?.hash ?? ZERO_HASH));
    });
    const lines = forged.map((e) => JSON.stringify({ seq: e.seq.toString(), runId: e.runId, kind: e.kind, account: e.account, amountCents: e.amountCents.toString(), energyMWh: e.energyMWh.toString(), reversesSeq: null, prevHash: hex(e.prevHash), hash: hex(e.hash) }));
    const v = await verifyExport([header, ...lines]);
    expect(v).toMatchObject({ ok: false, seq: 5n });
    expect(v.ok ? "" : v.problem).toMatch(/^checkpoint at size 5: root [0-9a-f]{64} ≠ recomputed [0-9a-f]{64}/);
  });

  it("a checkpoint root changed in the header → the checkpoint at size 5 is named with both roots", async () => {
    const v = await verifyExport(edit(exportLines(), 1, (o) => ((o as unknown as ExportHeader).checkpoints[0]!.root = "00".repeat(32))));
    expect(v).toMatchObject({ ok: false, seq: 5n });
    expect(v.ok ? "" : v.problem).toMatch(/^checkpoint at size 5: root 0{64} ≠ recomputed [0-9a-f]{64} \(checkpoint row of run 11111111/);
  });

  it("a missing entry line → missing entry 4", async () => {
    const lines = exportLines();
    const v = await verifyExport([...lines.slice(0, 4), ...lines.slice(5)]);
    expect(v).toMatchObject({ ok: false, seq: 4n });
    expect(v.ok ? "" : v.problem).toMatch(/^missing entry 4/);
  });

  it("a cut-off file (last 3 entries gone) → the checkpoint at size 10 cannot be reached", async () => {
    const v = await verifyExport(exportLines().slice(0, 8));
    expect(v).toMatchObject({ ok: false, seq: 8n });
  });

  it("not an export: a non-JSON line or a wrong header is unreadable (no seq)", async () => {
    expect(await verifyExport(["hello"])).toMatchObject({ ok: false, seq: null, problem: "line 1 is not JSON" });
    expect(await verifyExport(['{"format":"something-else"}'])).toMatchObject({ ok: false, seq: null });
    expect(await verifyExport([])).toMatchObject({ ok: false, problem: "the file is empty" });
  });

  it("an entry of a run the header does not list is named", async () => {
    const v = await verifyExport(edit(exportLines(), 2, (o) => (o.runId = "33333333-3333-4333-8333-333333333333")));
    expect(v).toMatchObject({ ok: false, seq: 1n });
    expect(v.ok ? "" : v.problem).toContain("which the header does not list");
  });
});
