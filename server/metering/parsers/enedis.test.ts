import { describe, expect, it } from "vitest";
import { codes, iso, parseAndValidate, sampleStream, textSource } from "../test-support";
import { parseEnedis } from "./enedis";

// Expected figures from a Python one-off (utf-8-sig, split on ";", fromisoformat): 17 520 rows,
// every step 30 minutes in UTC, ΣValeur = 14 605 198 W → × 0.5 h = 7 302 599 Wh; first row
// 2022-07-29T00:30:00+02:00;330 (interval 2022-07-28T22:00Z–22:30Z, 165 Wh), last row
// 2023-07-29T00:00:00+02:00;264 (interval 2023-07-28T21:30Z–22:00Z, 132 Wh).
describe("Enedis sample (enedis-load-curve-30min.csv)", async () => {
  const r = await parseAndValidate((problems) =>
    parseEnedis(sampleStream("enedis-load-curve-30min.csv"), { problems, fileName: "enedis-load-curve-30min.csv" }),
  );

  it("17 520 half hours of PRM 1111111111111, consumption, 7 302 599 Wh, no gaps, no problems", () => {
    expect(codes(r.problems)).toEqual([]);
    expect(r.channels).toEqual([
      {
        meteringPoint: "1111111111111",
        direction: "consumption",
        intervalSeconds: 1800,
        intervals: 17_520,
        start: "2022-07-28T22:00:00Z",
        end: "2023-07-28T22:00:00Z",
        totalWh: "7302599",
        gaps: [],
      },
    ]);
  });

  it("timestamps mark the END: the first row (00:30+02:00, 330 W) is 22:00Z–22:30Z, 165 Wh", () => {
    const [first, last] = [r.readings[0]!, r.readings[r.readings.length - 1]!];
    expect([iso(first.start), first.energyMWh, first.source.line]).toEqual(["2022-07-28T22:00:00.000Z", 165_000n, 4]);
    expect([iso(last.start), last.energyMWh, last.source.line]).toEqual(["2023-07-28T21:30:00.000Z", 132_000n, 17_523]);
  });

  it("French DST days: 50 half hours on 2022-10-30, 46 on 2023-03-26, 48 on an ordinary day", () => {
    const inDay = (from: string, to: string) => r.accepted.filter((x) => x.start >= Date.parse(from) && x.start < Date.parse(to)).length;
    expect(inDay("2022-10-29T22:00:00Z", "2022-10-30T23:00:00Z")).toBe(50);
    expect(inDay("2023-03-25T23:00:00Z", "2023-03-26T22:00:00Z")).toBe(46);
    expect(inDay("2023-01-14T23:00:00Z", "2023-01-15T23:00:00Z")).toBe(48);
  });
});

const parse = (text: string, options: { meteringPoint?: string; fileName?: string } = {}) =>
  parseAndValidate((problems) => parseEnedis(textSource(text), { problems, ...options }));

describe("Enedis files", () => {
  it("without the metadata lines: id from the file name, direction unknown, blank value = gap", async () => {
    const r = await parse("Horodate;Valeur\n2024-01-01T00:30:00+01:00;1000\n2024-01-01T01:00:00+01:00;\n2024-01-01T01:30:00+01:00;2000\n", {
      fileName: "/tmp/courbe.csv",
    });
    expect(r.channels).toMatchObject([
      { meteringPoint: "enedis:courbe", direction: "unknown", intervals: 2, totalWh: "1500", gaps: [{ start: "2023-12-31T23:30:00Z", end: "2024-01-01T00:00:00Z" }] },
    ]);
  });

  it("Production → injection; Pas en minutes 10 → 10-minute intervals; --metering-point wins over the PRM", async () => {
    const text = "\uFEFFIdentifiant PRM;Type de donnees;Date de debut;Date de fin;Grandeur physique;Grandeur metier;Etape metier;Unite;Pas en minutes\n" +
      "22222222222222;Courbe de charge;01/01/2024;02/01/2024;Energie active;Production;Comptage Brut;W;10\n" +
      "Horodate;Valeur\n2024-01-01T00:10:00+01:00;600\n2024-01-01T00:20:00+01:00;-5\n2024-01-01T00:30:00+01:00;6OO\n";
    const r = await parse(text, { meteringPoint: "PV-1" });
    expect(codes(r.problems)).toEqual(["negative-value", "non-numeric"]);
    expect(r.readings).toMatchObject([{ meteringPoint: "PV-1", direction: "injection", intervalSeconds: 600, energyMWh: 100_000n }]);
  });

  it("a PRM with a NUL in the metadata (found by fuzzing) → a problem on line 2, no readings, no exception", async () => {
    const text = "Identifiant PRM;Grandeur metier;Unite;Pas en minutes\n1111\u00001111;Consommation;W;30\nHorodate;Valeur\n2024-01-01T00:30:00+01:00;1000\n";
    const r = await parse(text);
    expect(r.readings).toEqual([]);
    expect(r.problems.problems).toMatchObject([{ line: 2, code: "bad-row", message: expect.stringMatching(/^the metadata cannot be used: invalid CSV mapping: .*U\+0000/) }]);
  });
});
