// GET /me/export?memberId=…&format=json|csv[&table=…]: the resident's own data as a download.
import { z } from "zod";
import { AppError } from "@/server/errors";
import { residentMember, withSession } from "@/server/http/route-edge";
import { fileName } from "@/server/residents/download-access";
import { EXPORT_TABLES, exportCsv, myExport } from "@/server/residents/export";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const query = z.object({ format: z.enum(["json", "csv"]).default("json"), table: z.enum(EXPORT_TABLES).default("member") });

export const GET = withSession(residentMember, async ({ db, url, member }) => {
  const parsed = query.safeParse({ format: url.searchParams.get("format") ?? undefined, table: url.searchParams.get("table") ?? undefined });
  if (!parsed.success) throw new AppError("BAD_REQUEST", "Unknown format or table.", parsed.error.issues.map((i) => ({ where: i.path.join("."), message: i.message })));
  const { format, table } = parsed.data;
  const data = await myExport(db, member);
  const date = new Date().toISOString().slice(0, 10);
  if (format === "json") {
    return new Response(JSON.stringify(data, null, 2), {
      headers: { "Content-Type": "application/json; charset=utf-8", "Content-Disposition": `attachment; filename="${fileName("dajie", member.pseudonym, date)}.json"` },
    });
  }
  return new Response(exportCsv(data, table), {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="${fileName("dajie", member.pseudonym, table, date)}.csv"` },
  });
});
