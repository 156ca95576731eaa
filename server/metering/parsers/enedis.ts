// Enedis (France) "courbe de charge" downloads: `;`-separated, BOM, one metadata header line and its
// values line (Identifiant PRM; …; Grandeur metier; …; Unite; Pas en minutes), then
// "Horodate;Valeur": average power in W over the step, the timestamp marking the interval END, ISO
// with offset. Energy Wh = W × step / 3600 (× 0.5 for 30 minutes), so whole watts give whole mWh.
//
// Metering point id: the `meteringPoint` option, else the PRM from the metadata line, else
// "enedis:" + the file name's stem. Direction: "Grandeur metier" Consommation → consumption,
// Production → injection, else unknown. Step: "Pas en minutes" when filled in, else the
// `intervalSeconds` option, else 30 minutes. Timestamps without offset are read in Europe/Paris.
import { parseUnit } from "../energy-units";
import { MeteringOptionsError, type Direction, type ProblemSink, type Reading } from "../types";
import { type ByteSource, decodeText } from "./byte-source";
import { readingsFromRecords, resolveCsvMapping } from "./csv";
import { fileStem } from "./csv-guess";
import { type CsvRecord, csvRecordBatches } from "./csv-records";

export interface EnedisOptions {
  problems: ProblemSink;
  meteringPoint?: string;
  fileName?: string;
  intervalSeconds?: number;
  timeZone?: string;
}

function directionOf(text: string | undefined): Direction {
  const t = (text ?? "").trim().toLowerCase();
  return t.startsWith("consommation") ? "consumption" : t.startsWith("production") ? "injection" : "unknown";
}

export async function* parseEnedis(input: ByteSource, options: EnedisOptions): AsyncGenerator<Reading> {
  const batches = csvRecordBatches(decodeText(input), { delimiter: ";", problems: options.problems })[Symbol.asyncIterator]();
  // The metadata lines come first; read records one by one until the "Horodate;Valeur" header.
  let buffered: CsvRecord[] = [];
  const nextRecord = async (): Promise<CsvRecord | undefined> => {
    while (buffered.length === 0) {
      const b = await batches.next();
      if (b.done) return undefined;
      buffered = b.value;
    }
    return buffered.shift();
  };
  let header = await nextRecord();
  const meta: Record<string, string> = {};
  let metaLine: number | undefined;
  if (header?.cells[0]?.trim() === "Identifiant PRM") {
    const names = header.cells.map((c) => c.trim());
    const values = await nextRecord();
    metaLine = values?.line;
    names.forEach((name, i) => (meta[name] = values?.cells[i]?.trim() ?? ""));
    header = await nextRecord();
  }
  if (!header) return;
  const step = Number(meta["Pas en minutes"]);
  // The mapping is built from the file's own metadata: when that cannot make a valid mapping (found
  // by fuzzing: a NUL in the PRM), it is a problem of the metadata line, not an exception.
  let mapping: ReturnType<typeof resolveCsvMapping>;
  try {
    mapping = resolveCsvMapping({
      delimiter: ";",
      unit: parseUnit(meta.Unite) ?? "W",
      intervalSeconds: step > 0 && Number.isInteger(step) ? step * 60 : (options.intervalSeconds ?? 1800),
      timestampMarks: "end",
      timeZone: options.timeZone ?? "Europe/Paris",
      meteringPoint: options.meteringPoint || meta["Identifiant PRM"] || `enedis:${fileStem(options.fileName) ?? "unnamed"}`,
      direction: directionOf(meta["Grandeur metier"]),
      layout: { kind: "long", timestamp: "Horodate", energy: "Valeur" },
    });
  } catch (err) {
    if (!(err instanceof MeteringOptionsError)) throw err;
    options.problems.add({ line: metaLine ?? header.line, code: "bad-row", message: `the metadata cannot be used: ${err.message}` });
    return;
  }
  const first = header;
  async function* fromHeader(): AsyncGenerator<CsvRecord[]> {
    yield [first, ...buffered];
    for (let b = await batches.next(); !b.done; b = await batches.next()) yield b.value;
  }
  yield* readingsFromRecords(fromHeader(), mapping, options.problems);
}
