// Reads a golden fixture (plain JSON: what run-inputs.ts would read from the database) into the
// RunInputs the pure computation takes: energies as bigint, null → no reading, missing intervals and
// the inputs digest computed as run-inputs.ts computes them.
import { readFileSync } from "node:fs";
import { inputsDigest, missingOf } from "../run-computation";
import type { RunCommunity, RunInputs, SeriesWindow } from "../run-inputs";

interface Fixture {
  community: RunCommunity;
  period: { start: string; end: string };
  from: string;
  to: string;
  intervalSeconds: number;
  intervalCount: number;
  series: (SeriesWindow & { energy: (number | null)[] })[];
}

export function goldenInputs(file: URL): RunInputs {
  const f = JSON.parse(readFileSync(file, "utf8")) as Fixture;
  const series = f.series.map((s) => {
    const energy = s.energy.map((e) => (e === null ? undefined : BigInt(e)));
    return { ...s, energy, ...missingOf(energy, s.fromIdx, s.toIdx) };
  });
  const data = { community: f.community, period: f.period, from: new Date(f.from), to: new Date(f.to), intervalSeconds: f.intervalSeconds, intervalCount: f.intervalCount, series };
  return { ...data, inputsDigest: inputsDigest(data) };
}
