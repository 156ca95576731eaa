// `npm run -s dajie -- inspect FILE [options]`: what is in a metering file, without a database.
// Prints one JSON object {format, channels, problems, problemCounts} on stdout.
// Exit code 0 when the file was read (problems are data, not failures), 2 for bad usage or options.
import { readFile } from "node:fs/promises";
import { inspectFile, type InspectOptions } from "../metering/inspect-file";
import type { CsvMapping } from "../metering/parsers/csv-mapping";
import { FORMAT_IDS, type FormatId, MeteringOptionsError } from "../metering/types";
import { parseCommand } from "./_args";

const usage = `Usage: npm run -s dajie -- inspect FILE [options]
  --format F             ${FORMAT_IDS.join(" | ")} (detected from the content otherwise)
  --tz ZONE              IANA time zone for local timestamps, e.g. Europe/Vienna
  --metering-point ID    id for files that carry none (Green Button, Enedis, CSV)
  --interval SECONDS     expected interval length (900, 1800, 3600)
  --mapping FILE.json    CSV column mapping (guessed from the first lines otherwise)
  --unit U               CSV unit: Wh, kWh, MWh, or average W, kW, MW over the interval
  --delimiter C          CSV delimiter
  --decimal C            CSV decimal mark: . or ,
  --timestamp-marks M    CSV timestamps mark the interval start or end
  --date-order O         CSV dates like 01/02/2024: dmy (default) or mdy
  --encoding E           CSV text encoding (utf-8 by default)
  --max-problems N       problems listed in full (1000 by default; all are counted)
`;

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommand(args, usage, {
    format: { type: "string" },
    tz: { type: "string" },
    "metering-point": { type: "string" },
    interval: { type: "string" },
    mapping: { type: "string" },
    unit: { type: "string" },
    delimiter: { type: "string" },
    decimal: { type: "string" },
    "timestamp-marks": { type: "string" },
    "date-order": { type: "string" },
    encoding: { type: "string" },
    "max-problems": { type: "string" },
  }, 1);
  if ("exit" in parsed) return parsed.exit;
  const { values: v, positionals } = parsed;
  const [file, ...extra] = positionals;
  if (!file || extra.length > 0) {
    process.stderr.write(usage);
    return 2;
  }
  try {
    if (v.format && !FORMAT_IDS.includes(v.format as FormatId)) throw new MeteringOptionsError(`unknown format ${v.format}`);
    const number = (text: string | undefined, name: string) => {
      if (text === undefined) return undefined;
      const n = Number(text);
      if (!Number.isInteger(n) || n <= 0) throw new MeteringOptionsError(`${name} must be a positive whole number`);
      return n;
    };
    // Checked with the rest of the mapping (zod) when parsing starts.
    type Overrides = NonNullable<InspectOptions["csvOverrides"]>;
    const overrides: Overrides = {};
    if (v.unit) overrides.unit = v.unit as Overrides["unit"];
    if (v.delimiter) overrides.delimiter = v.delimiter === "\\t" ? "\t" : v.delimiter;
    if (v.decimal) overrides.decimalMark = v.decimal as Overrides["decimalMark"];
    if (v["timestamp-marks"]) overrides.timestampMarks = v["timestamp-marks"] as Overrides["timestampMarks"];
    if (v["date-order"]) overrides.dateOrder = v["date-order"] as Overrides["dateOrder"];
    if (v.encoding) overrides.encoding = v.encoding;
    const result = await inspectFile(file, {
      format: v.format as FormatId | undefined,
      timeZone: v.tz,
      meteringPoint: v["metering-point"],
      intervalSeconds: number(v.interval, "--interval"),
      csvMapping: v.mapping ? (JSON.parse(await readFile(v.mapping, "utf8")) as CsvMapping) : undefined,
      csvOverrides: overrides,
      maxProblems: number(v["max-problems"], "--max-problems"),
    });
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return 0;
  } catch (e) {
    if (e instanceof MeteringOptionsError || (e as NodeJS.ErrnoException).code === "ENOENT" || e instanceof SyntaxError) {
      process.stderr.write(`inspect: ${(e as Error).message}\n`);
      return 2;
    }
    throw e;
  }
}
