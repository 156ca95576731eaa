// The query parameters of POST /api/v1/communities/{slug}/imports: the one list that the handler reads
// (importQuery) and that the OpenAPI document describes (server/api/rest/openapi-files.ts), so the two
// cannot drift apart (openapi.test.ts reads every name through a recording URLSearchParams). Pure.
import { AppError } from "@/server/errors";
import { FORMAT_IDS, isProblemCode, PROBLEM_CODES, type FormatId, type ProblemCode } from "../types";

export interface ImportQueryParameter {
  name: string;
  description: string;
  schema: { type: "string"; enum?: readonly string[]; example?: string };
  /** May be given more than once (?alias=a=1&alias=b=2). */
  repeatable?: boolean;
}

export const IMPORT_QUERY_PARAMETERS = [
  { name: "format", description: `The file's format; default: recognised from the content. One of ${FORMAT_IDS.map((f) => `\`${f}\``).join(", ")}.`, schema: { type: "string", enum: FORMAT_IDS } },
  { name: "tz", description: "IANA time zone of the file's local time stamps (files whose times carry no offset), e.g. `Europe/Rome`; default: the community's.", schema: { type: "string", example: "Europe/Rome" } },
  { name: "meteringPoint", description: "The metering point code for a file that names none (Green Button, Enedis, a CSV without a point column).", schema: { type: "string", example: "IT001E00000001" } },
  { name: "alias", description: "`FILEID=ID`: read the file's metering point id `FILEID` as the community's point `ID`. Repeat it for several points.", schema: { type: "string", example: "METER-7=IT001E00000001" }, repeatable: true },
  { name: "skip", description: `Problem classes to skip instead of refusing the file, comma separated, e.g. \`unknown-metering-point,duplicate-interval\`. One of ${PROBLEM_CODES.map((c) => `\`${c}\``).join(", ")}.`, schema: { type: "string", example: "unknown-metering-point" } },
  { name: "mapping", description: "The name of a CSV column mapping saved for the community (console → Meter data); an unknown name is a 400 naming `mapping`.", schema: { type: "string", example: "utility-export" } },
  { name: "fileName", description: "The file's name, as shown in the console's import history and audit log; default `api-upload`.", schema: { type: "string", example: "readings-2026-11.csv" } },
  { name: "dryRun", description: "`1`: check the file and report what an import would do (channels, problems, readings new or already stored) without writing anything; answers 200.", schema: { type: "string", enum: ["1"] } },
] as const satisfies readonly ImportQueryParameter[];

type Name = (typeof IMPORT_QUERY_PARAMETERS)[number]["name"];

export interface ImportQuery {
  format?: FormatId;
  timeZone?: string;
  meteringPoint?: string;
  aliases: Record<string, string>;
  skip: ProblemCode[];
  mappingName: string | null;
  fileName: string;
  dryRun: boolean;
}

/** The import's options from the request's query; a malformed one is the caller's mistake (400). */
export function importQuery(q: URLSearchParams): ImportQuery {
  // Only documented names are read: a parameter the handler needs must first be added to the list.
  const one = (name: Name) => q.get(name);
  const all = (name: Name) => q.getAll(name);
  const format = one("format");
  if (format && !FORMAT_IDS.includes(format as FormatId)) throw new AppError("BAD_REQUEST", `Unknown format ${format}; use one of ${FORMAT_IDS.join(", ")}.`, [{ where: "format", message: "Unknown format." }]);
  const aliases: Record<string, string> = {};
  for (const a of all("alias")) {
    const i = a.indexOf("=");
    if (i <= 0) throw new AppError("BAD_REQUEST", `alias takes FILEID=ID, got ${a}`, [{ where: "alias", message: "Expected FILEID=ID." }]);
    aliases[a.slice(0, i)] = a.slice(i + 1);
  }
  return {
    format: (format as FormatId | null) ?? undefined,
    timeZone: one("tz") ?? undefined,
    meteringPoint: one("meteringPoint") ?? undefined,
    aliases,
    skip: skipCodes(one("skip")),
    mappingName: one("mapping"),
    fileName: one("fileName") ?? "api-upload",
    dryRun: one("dryRun") === "1",
  };
}

/** The problem classes to skip, comma separated; an unknown one is the caller's mistake (400). */
function skipCodes(text: string | null): ProblemCode[] {
  const codes = text?.split(",").filter(Boolean) ?? [];
  const unknown = codes.filter((c) => !isProblemCode(c));
  if (unknown.length) throw new AppError("BAD_REQUEST", `Unknown problem class ${unknown.join(", ")}; use one of ${PROBLEM_CODES.join(", ")}.`, [{ where: "skip", message: `Unknown problem class ${unknown.join(", ")}.` }]);
  return codes.filter(isProblemCode);
}
