// One entry point for every format: bytes in, readings out, problems to the sink.
import { MeteringOptionsError, type FormatId, type ProblemSink, type Reading } from "../types";
import type { ByteSource } from "./byte-source";
import { parseCsv } from "./csv";
import type { CsvMapping } from "./csv-mapping";
import { parseEbUtilities } from "./ebutilities";
import { parseEnedis } from "./enedis";
import { parseGreenButton } from "./green-button";
import { parseMscons } from "./mscons";

export interface ParseOptions {
  problems: ProblemSink;
  /** Id for files that carry none (Green Button, Enedis without PRM, CSV without an id column). */
  meteringPoint?: string;
  /** IANA zone for local timestamps. */
  timeZone?: string;
  /** Used to derive a metering point id when the file has none. */
  fileName?: string;
  /** Required for "csv". */
  csvMapping?: CsvMapping;
  intervalSeconds?: number;
}

export function parseReadings(format: FormatId, input: ByteSource, o: ParseOptions): AsyncGenerator<Reading> {
  switch (format) {
    case "csv": {
      if (!o.csvMapping) throw new MeteringOptionsError("CSV files need a column mapping");
      const mapping = { ...o.csvMapping };
      if (o.timeZone) mapping.timeZone = o.timeZone;
      if (o.meteringPoint) mapping.meteringPoint = o.meteringPoint;
      if (o.intervalSeconds) mapping.intervalSeconds = o.intervalSeconds;
      return parseCsv(input, { mapping, problems: o.problems });
    }
    case "enedis":
      return parseEnedis(input, o);
    case "greenbutton":
      return parseGreenButton(input, o);
    case "ebutilities":
      return parseEbUtilities(input, o);
    case "mscons":
      return parseMscons(input, o);
  }
}
