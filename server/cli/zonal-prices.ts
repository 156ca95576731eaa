// `npm run -s dajie -- zonal-prices import FILE --zone NORD`: loads hourly zonal prices (Pz) for Italian
// CER settlement, all or nothing. A price already stored for the same zone and hour is replaced (the
// market operator publishes corrections); prints a JSON summary. Exit 1 when the file has problems.
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { MARKET_ZONES } from "../communities/schemas";
import { parseZonalPrices } from "../settlement/zonal-price-file";
import { parseCommand } from "./_args";
import { withCliDatabase } from "./_database";

const usage = `Usage: npm run -s dajie -- zonal-prices import FILE --zone ${MARKET_ZONES.join("|")} [--tz Europe/Rome]
FILE is CSV: "hour_start,eur_per_mwh" (ISO instants with offset) or "date;hour;price" (GME style,
hours 1–24 of the local day, decimal comma allowed). Uses DATABASE_URL, or the demo's database.
`;

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommand(args, usage, { zone: { type: "string" }, tz: { type: "string" } }, 2);
  if ("exit" in parsed) return parsed.exit;
  const { values: v, positionals } = parsed;
  const [sub, file, ...rest] = positionals;
  if (sub !== "import" || !file || rest.length > 0 || !v.zone) return process.stderr.write(usage), 2;
  if (!(MARKET_ZONES as readonly string[]).includes(v.zone)) return process.stderr.write(`zonal-prices: unknown zone ${v.zone}\n${usage}`), 2;
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    return process.stderr.write(`zonal-prices: ${(e as Error).message}\n`), 2;
  }
  const { rows, problems } = parseZonalPrices(text, v.tz ?? "Europe/Rome");
  if (problems.length > 0) {
    process.stdout.write(`${JSON.stringify({ imported: 0, problems: problems.slice(0, 100), more: Math.max(0, problems.length - 100) }, null, 2)}\n`);
    return 1;
  }
  return withCliDatabase(async (db) => {
    const zone = v.zone;
    const source = basename(file);
    await db.$transaction(async (tx) => {
      for (let i = 0; i < rows.length; i += 1000) {
        const chunk = rows.slice(i, i + 1000);
        await tx.$executeRaw`
          INSERT INTO zonal_price (zone, hour_start, eur_per_mwh, source)
          SELECT ${zone}, h, p::numeric, ${source} FROM unnest(${chunk.map((r) => r.hourStart)}::timestamptz[], ${chunk.map((r) => r.eurPerMWh)}::text[]) AS t(h, p)
          ON CONFLICT (zone, hour_start) DO UPDATE SET eur_per_mwh = EXCLUDED.eur_per_mwh, source = EXCLUDED.source`;
      }
    });
    const first = rows.reduce((a, r) => (r.hourStart < a ? r.hourStart : a), rows[0]!.hourStart);
    const last = rows.reduce((a, r) => (r.hourStart > a ? r.hourStart : a), rows[0]!.hourStart);
    process.stdout.write(`${JSON.stringify({ imported: rows.length, zone, first: first.toISOString(), last: last.toISOString() }, null, 2)}\n`);
    return 0;
  });
}
