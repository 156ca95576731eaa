import { describe, expect, it } from "vitest";
import { parseCsv } from "@/server/csv/parse-csv";
import { db } from "@/server/db/client";
import { exportLedgerEntries } from "@/server/ledger/entry-list";
import { communityLedger } from "@/server/ledger/ledger";
import { finalizeRun } from "@/server/settlement/finalize-run";
import { writeReadings } from "@/server/settlement/test-settlement";
import { makeWorld } from "@/server/test/factories";
import { centsToEur, exportRuns, searchRuns } from "./run-list";

/** Community A settled for 2 March 2026: A1 and A2 consume 96 × 100 000 mWh, a producer injects 96 × 150 000 mWh. */
async function settled() {
  const w = await makeWorld();
  const producer = await db().member.create({ data: { communityId: w.communityA.id, pseudonym: `M-P${w.communityA.id.slice(0, 8).toUpperCase()}`, reference: "producer", kind: "PRODUCER", joinedOn: new Date("2026-01-01") } });
  const pv = await db().meteringPoint.create({ data: { communityId: w.communityA.id, memberId: producer.id, code: `PV${w.communityA.id.slice(0, 8)}`.toUpperCase(), direction: "INJECTION", capacityKw: "6", validFrom: new Date("2026-01-01") } });
  await writeReadings(w.communityA.id, w.pointA1.id, "2026-03-01T23:00:00Z", "2026-03-02T23:00:00Z", 100_000n);
  await writeReadings(w.communityA.id, w.pointA2.id, "2026-03-01T23:00:00Z", "2026-03-02T23:00:00Z", 100_000n);
  await writeReadings(w.communityA.id, pv.id, "2026-03-01T23:00:00Z", "2026-03-02T23:00:00Z", 150_000n);
  const run = await finalizeRun(db(), w.communityA.id, { start: "2026-03-02", end: "2026-03-03" }, { kind: "scheduler" });
  return { w, runId: run.runId };
}

describe("runs and ledger entries as lists and files", () => {
  it("cents to euros exactly: -1234 → -12.34, 5 → 0.05", () => {
    expect([centsToEur("-1234"), centsToEur("5"), centsToEur("100")]).toEqual(["-12.34", "0.05", "1.00"]);
  });

  it("one run: the year filter 2026 keeps it, 2025 drops it; the runs file has its period, version and checkpoint", async () => {
    const { w, runId } = await settled();
    expect((await searchRuns(db(), w.communityA.id, { year: "2026" })).map((r) => r.id)).toEqual([runId]);
    expect(await searchRuns(db(), w.communityA.id, { year: "2025" })).toEqual([]);
    const file = await exportRuns(db(), w.communityA.id, {}, "csv");
    const [header, row] = parseCsv(file.body as string);
    expect(header!.cells.slice(0, 4)).toEqual(["period_start", "period_end", "version", "superseded"]);
    expect(row!.cells.slice(0, 4)).toEqual(["2026-03-02", "2026-03-03", "1", "no"]);
    expect(row!.cells[5]).toBe("scheduler");
  });

  it("ledger entries: the file has every entry; under A1's account alone, its one PC line with A1's reference and 7.2 kWh", async () => {
    const { w } = await settled();
    const all = parseCsv((await exportLedgerEntries(db(), w.communityA.id, {}, "csv")).body as string);
    const count = await db().ledgerEntry.count({ where: { communityId: w.communityA.id } });
    expect(all).toHaveLength(1 + count);
    const account = `PC:${w.memberA1.pseudonym}`;
    const one = parseCsv((await exportLedgerEntries(db(), w.communityA.id, { account }, "csv")).body as string).slice(1);
    expect(one.map((r) => [r.cells[5], r.cells[6]])).toEqual([[account, w.memberA1.reference]]);
    // A1 got 7.2 kWh of shared energy (14.4 kWh shared by two consumers alike).
    expect(one[0]!.cells[8]).toMatch(/^-?7\.200000$/);
  });

  it("runs search: 'SCHED' and '2026-03' find the scheduler's run, 'nobody' finds none", async () => {
    const { w, runId } = await settled();
    expect((await searchRuns(db(), w.communityA.id, { search: "SCHED" })).map((r) => r.id)).toEqual([runId]);
    expect((await searchRuns(db(), w.communityA.id, { search: "2026-03" })).map((r) => r.id)).toEqual([runId]);
    expect(await searchRuns(db(), w.communityA.id, { search: "nobody" })).toEqual([]);
  });

  it("ledger list: kind, a member's reference as search, amount sort — and the file holds the same entries in the same order", async () => {
    const { w } = await settled();
    const credits = await communityLedger(db(), w.communityA.id, { kind: "SHARED_ENERGY_CREDIT" });
    expect(credits.entries.length).toBeGreaterThan(0);
    expect(new Set(credits.entries.map((e) => e.kind))).toEqual(new Set(["SHARED_ENERGY_CREDIT"]));
    expect(credits.total).toBe(credits.entries.length);

    // A1's reference, in other case: only A1's PC account (its own entries; no other account has it).
    const byRef = await communityLedger(db(), w.communityA.id, { search: w.memberA1.reference.toUpperCase() });
    expect(new Set(byRef.entries.map((e) => e.account))).toEqual(new Set([`PC:${w.memberA1.pseudonym}`]));

    const byAmount = await communityLedger(db(), w.communityA.id, { sort: "amount", dir: "asc" });
    const amounts = byAmount.entries.map((e) => BigInt(e.amountCents));
    expect(amounts).toEqual([...amounts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(amounts[0]! < amounts[amounts.length - 1]!).toBe(true);

    const file = parseCsv((await exportLedgerEntries(db(), w.communityA.id, { sort: "amount", dir: "asc" }, "csv")).body as string).slice(1);
    expect(file.map((r) => r.cells[0])).toEqual(byAmount.entries.map((e) => e.seq));

    // Pages: offset 1, limit 2 are the list's 2nd and 3rd entries.
    const page = await communityLedger(db(), w.communityA.id, { offset: 1, limit: 2 });
    const all = await communityLedger(db(), w.communityA.id, {});
    expect(page.entries.map((e) => e.seq)).toEqual(all.entries.slice(1, 3).map((e) => e.seq));
  });
});
