// `npm run -s dajie -- settle --community SLUG --period 2026-03 [--finalize [--by NAME]] [--accept-gaps]`:
// previews a period (JSON: totals, gaps, one row per member) or finalizes it (JSON: run id, version,
// whether it was written). A run finalized here is started by a person, recorded as "cli:<name>"
// (--by, else the OS user), never as the scheduler. Periods: YYYY-MM (a month), YYYY-Www (an ISO week)
// or START..END (dates, END exclusive). Exit 0 done, 1 refused (gaps not accepted, overlap, no data), 2 bad usage.
import { userInfo } from "node:os";
import { AppError } from "../errors";
import { checkRange, type Period } from "../settlement/periods";
import { addDays, msToIsoDate } from "../shared/iso-date";
import { parseCommand, usageError } from "./_args";
import { withCliDatabase } from "./_database";

const usage = `Usage: npm run -s dajie -- settle --community SLUG --period PERIOD [--finalize [--by NAME]] [--accept-gaps]
  PERIOD   YYYY-MM (month), YYYY-Www (ISO week) or YYYY-MM-DD..YYYY-MM-DD (end exclusive)
  --finalize     write the run to the ledger (default: preview only)
  --by NAME      who finalizes, recorded as cli:NAME (default: the OS user)
  --accept-gaps  finalize even though metering points miss intervals
Uses DATABASE_URL, or the demo's embedded database in .dajie/postgres.
`;

/** "2026-03" → March; "2026-W10" → that ISO week; "a..b" → [a, b). */
export function parsePeriod(text: string): Period | null {
  const month = /^(\d{4})-(\d{2})$/.exec(text);
  if (month) {
    const m = Number(month[2]);
    if (m < 1 || m > 12) return null;
    const end = m === 12 ? `${Number(month[1]) + 1}-01-01` : `${month[1]}-${String(m + 1).padStart(2, "0")}-01`;
    return { start: `${text}-01`, end };
  }
  const week = /^(\d{4})-W(\d{2})$/.exec(text);
  if (week) {
    // ISO week 1 holds 4 January; weeks start on Monday.
    const jan4 = new Date(Date.UTC(Number(week[1]), 0, 4));
    const monday = addDays(msToIsoDate(jan4), -((jan4.getUTCDay() + 6) % 7));
    const n = Number(week[2]);
    if (n < 1 || n > 53) return null;
    const start = addDays(monday, (n - 1) * 7);
    return { start, end: addDays(start, 7) };
  }
  const range = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(text);
  if (range) return checkRange({ start: range[1]!, end: range[2]! }) ? null : { start: range[1]!, end: range[2]! };
  return null;
}

/** Who finalizes from the CLI: --by NAME, else the OS user; a message when neither gives a name. */
export function cliFinalizer(by: string | undefined, osUser: () => string = () => userInfo().username): { kind: "cli"; name: string } | string {
  let name = by;
  if (name === undefined) {
    try {
      name = osUser();
    } catch {
      return "no OS user name: say who finalizes with --by NAME";
    }
  }
  name = name.trim();
  if (!/^[\p{L}\p{N}._@-]{1,64}$/u.test(name)) return "--by takes a name of 1 to 64 letters, digits, '.', '_', '@' or '-'";
  return { kind: "cli", name };
}

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommand(args, usage, { community: { type: "string" }, period: { type: "string" }, finalize: { type: "boolean" }, by: { type: "string" }, "accept-gaps": { type: "boolean" } });
  if ("exit" in parsed) return parsed.exit;
  const v = parsed.values;
  if (!v.community || !v.period) return usageError(usage);
  const period = parsePeriod(v.period);
  if (!period) return usageError(usage, `settle: cannot read the period "${v.period}"`);
  const by = cliFinalizer(v.by);
  if (typeof by === "string") return usageError(usage, `settle: ${by}`);

  return withCliDatabase(async (db) => {
    const { finalizeRun, previewRun } = await import("../settlement/finalize-run");
    const { previewDto } = await import("../settlement/run-views");
    try {
      const community = await db.community.findUnique({ where: { slug: v.community } });
      if (!community) return process.stderr.write(`settle: no community with the address ${v.community}\n`), 2;
      const out = v.finalize
        ? await finalizeRun(db, community.id, period, by, { acceptGaps: v["accept-gaps"] ?? false })
        : await previewDto(db, await previewRun(db, community.id, period));
      process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
      return 0;
    } catch (e) {
      if (e instanceof AppError) {
        process.stdout.write(`${JSON.stringify({ error: { code: e.code, message: e.message, problems: e.problems } }, null, 2)}\n`);
        return 1;
      }
      throw e;
    }
  });
}
