// An Italian CER community settled from stored readings and hourly zonal prices, and the CLI that
// loads the prices.
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { previewRun, finalizeRun } from "./finalize-run";
import { settlementWorld, writeReadings } from "./test-settlement";

// 2026-04-14 in Europe/Rome (UTC+2): 22:00Z the day before to 22:00Z.
const DAY = { start: "2026-04-14", end: "2026-04-15" };
const FROM = "2026-04-13T22:00:00Z";
const TO = "2026-04-14T22:00:00Z";
const CER = {
  kind: "IT_CER" as const,
  plantKw: "100",
  zone: "north" as const,
  pv: true,
  grantFactor: "0",
  areraEurPerMWh: "8.2",
  marketZone: "NORD" as const,
  split: { producers: "0.5", consumers: "0.3", fund: "0.2" },
};

async function pricesForDay(eurPerMWh: string) {
  const hours = Array.from({ length: 24 }, (_, h) => new Date(Date.parse(FROM) + h * 3_600_000));
  await db().zonalPrice.createMany({ data: hours.map((hourStart) => ({ zone: "NORD", hourStart, eurPerMWh, source: "test" })), skipDuplicates: true });
}

describe("Italy CER runs", () => {
  it("100 kW north PV, Pz 150 → TIP 120 €/MWh; E = 400 Wh × 24 h = 9.6 kWh → incentive 115 ¢ + ARERA 8 ¢ → producer 62, consumer 36, fund 25, GSE −123", async () => {
    const w = await settlementWorld([{}, { injection: true }], { rule: CER });
    await writeReadings(w.community.id, w.members[0]!.consumption!.id, FROM, TO, 100_000n);
    await writeReadings(w.community.id, w.members[1]!.injection!.id, FROM, TO, 150_000n);
    await pricesForDay("150");
    const c = await previewRun(db(), w.community.id, DAY);
    expect(c.totals).toMatchObject({ sharedMWh: "9600000", valueCents: "123", communityCreditCents: "98", fundCents: "25" });
    expect(c.members.map((m) => [m.reference, m.allocatedMWh, m.deliveredMWh, m.creditCents, m.pcCents])).toEqual([
      ["R001", 9_600_000n, 0n, 36n, 36n],
      ["R002", 0n, 9_600_000n, 62n, 62n],
    ]);
    const out = await finalizeRun(db(), w.community.id, DAY, { kind: "scheduler" });
    const entries = await db().ledgerEntry.findMany({ where: { runId: out.runId }, orderBy: { seq: "asc" } });
    expect(entries.map((e) => [e.kind, e.account.startsWith("PC:") ? "PC" : e.account, e.amountCents])).toEqual([
      ["INCENTIVE_RECEIVABLE", "GSE", -123n],
      ...[
        ["INCENTIVE_CREDIT", "PC", entries[1]!.amountCents],
        ["INCENTIVE_CREDIT", "PC", entries[2]!.amountCents],
      ],
      ["INCENTIVE_FUND", "FUND", 25n],
    ]);
    expect([entries[1]!.amountCents, entries[2]!.amountCents].sort()).toEqual([36n, 62n]);
  });

  it("a period without zonal prices is refused with the first hour that has none", async () => {
    const w = await settlementWorld([{}, { injection: true }], { rule: { ...CER, marketZone: "SICI" } });
    await writeReadings(w.community.id, w.members[0]!.consumption!.id, FROM, TO, 100_000n);
    await writeReadings(w.community.id, w.members[1]!.injection!.id, FROM, TO, 150_000n);
    await expect(previewRun(db(), w.community.id, DAY)).rejects.toThrow(/No zonal price \(Pz, zone SICI\) for 24 hour\(s\) of this period, from 2026-04-13T22:00:00.000Z/);
  });

  it("the CLI loads a GME-style file (hours 1–24, decimal comma) and replaces a corrected price", () => {
    const dir = mkdtempSync(join(tmpdir(), "pz-"));
    const file = join(dir, "pz.csv");
    writeFileSync(file, `date;hour;price\n${Array.from({ length: 24 }, (_, h) => `20250112;${h + 1};${100 + h},5`).join("\n")}\n`);
    const cli = (f: string) => spawnSync("node_modules/.bin/tsx", ["scripts/dajie.ts", "zonal-prices", "import", f, "--zone", "SARD"], { env: process.env, encoding: "utf8", timeout: 60_000 });
    const first = cli(file);
    expect(first.status, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ imported: 24, zone: "SARD", first: "2025-01-11T23:00:00.000Z", last: "2025-01-12T22:00:00.000Z" });
    writeFileSync(file, "date;hour;price\n20250112;1;99,25\n20250112;x;1\n");
    const bad = cli(file);
    expect(bad.status).toBe(1);
    expect(JSON.parse(bad.stdout).problems).toEqual([{ line: 3, message: 'hour "x" is not 1–25' }]);
    writeFileSync(file, "date;hour;price\n20250112;1;99,25\n");
    expect(cli(file).status).toBe(0);
    return db()
      .zonalPrice.findUniqueOrThrow({ where: { zone_hourStart: { zone: "SARD", hourStart: new Date("2025-01-11T23:00:00Z") } } })
      .then((p) => expect(p.eurPerMWh.toFixed(2)).toBe("99.25"));
  }, 90_000); // 3 CLI child processes, each loading tsx and the server modules: ~12 s each on a busy 2-core machine
});
