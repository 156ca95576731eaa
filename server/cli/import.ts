// `npm run -s dajie -- import FILE --community SLUG [options]`: imports a metering file, all or nothing.
// Prints the `inspect` summary plus the batch id as JSON. Exit 0 imported (or already imported),
// 1 when the file has problems (listed, nothing imported), 2 for bad usage.
import { readFile } from "node:fs/promises";
import { basename, resolve } from "node:path";
import { AppError } from "../errors";
import type { CsvMapping } from "../metering/parsers/csv-mapping";
import { FORMAT_IDS, type FormatId, type ProblemCode } from "../metering/types";
import { parseCommand } from "./_args";
import { withCliDatabase } from "./_database";

const usage = `Usage: npm run -s dajie -- import FILE --community SLUG [options]
  --format F             ${FORMAT_IDS.join(" | ")} (detected from the content otherwise)
  --tz ZONE              IANA time zone for local timestamps
  --metering-point ID    id for files that carry none (Green Button, Enedis, CSV)
  --alias FILEID=ID      map a file's metering point id to the community's (repeatable)
  --skip CODE[,CODE]     problem classes to skip instead of stopping (e.g. unknown-metering-point)
  --mapping FILE.json    CSV column mapping (guessed otherwise)
  --saved-mapping NAME   a CSV mapping saved for the community
  --save-mapping NAME    save the --mapping given under NAME for the next files
  --dry-run              check and summarise without writing
Uses DATABASE_URL, or the demo's embedded database in .dajie/postgres.
`;

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommand(args, usage, {
    community: { type: "string" },
    format: { type: "string" },
    tz: { type: "string" },
    "metering-point": { type: "string" },
    alias: { type: "string", multiple: true },
    skip: { type: "string" },
    mapping: { type: "string" },
    "saved-mapping": { type: "string" },
    "save-mapping": { type: "string" },
    "dry-run": { type: "boolean" },
  }, 1);
  if ("exit" in parsed) return parsed.exit;
  const { values: v, positionals } = parsed;
  const [file] = positionals;
  if (!file || positionals.length > 1 || !v.community) return process.stderr.write(usage), 2;
  if (v.format && !FORMAT_IDS.includes(v.format as FormatId)) return process.stderr.write(`import: unknown format ${v.format}\n`), 2;
  const aliases: Record<string, string> = {};
  for (const a of v.alias ?? []) {
    const i = a.indexOf("=");
    if (i <= 0) return process.stderr.write(`import: --alias takes FILEID=ID, got ${a}\n`), 2;
    aliases[a.slice(0, i)] = a.slice(i + 1);
  }

  return withCliDatabase(async (db) => {
    const { importFile, previewImport } = await import("../metering/import/import-file");
    const { importSummary } = await import("../metering/import/summary");
    const presets = await import("../metering/import/csv-mapping-presets");
    try {
      const community = await db.community.findUnique({ where: { slug: v.community } });
      if (!community) return process.stderr.write(`import: no community with the address ${v.community}\n`), 2;
      const given = v.mapping ? (JSON.parse(await readFile(v.mapping, "utf8")) as CsvMapping) : undefined;
      const scope = { communityId: community.id, municipalityId: community.municipalityId, via: "municipality" as const, orgId: community.municipalityId, role: "ADMIN" as const };
      if (v["save-mapping"] && given) await presets.saveCsvMapping(db, { userId: "cli" }, scope, v["save-mapping"], given);
      const csvMapping = given ?? (v["saved-mapping"] ? await presets.csvMappingByName(db, community.id, v["saved-mapping"]) : undefined);
      const request = {
        communityId: community.id,
        path: resolve(file),
        fileName: basename(file),
        options: {
          format: v.format as FormatId | undefined,
          timeZone: v.tz,
          meteringPoint: v["metering-point"],
          aliases,
          skip: (v.skip?.split(",").filter(Boolean) ?? []) as ProblemCode[],
          csvMapping,
        },
        source: "CLI" as const,
        actor: { userId: null, orgId: community.municipalityId },
      };
      const result = v["dry-run"] ? await previewImport(db, request) : await importFile(db, request);
      process.stdout.write(`${JSON.stringify(importSummary(result), null, 2)}\n`);
      return result.problems.length ? 1 : 0;
    } catch (e) {
      if (e instanceof AppError) {
        process.stdout.write(`${JSON.stringify({ error: { code: e.code, message: e.message, problems: e.problems } }, null, 2)}\n`);
        return e.code === "BAD_REQUEST" ? 1 : 2;
      }
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return process.stderr.write(`import: ${(e as Error).message}\n`), 2;
      throw e;
    }
  });
}
