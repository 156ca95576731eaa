// GET /me/export?memberId=…&format=json|csv[&table=…]: the resident's own data as a download.
import { z } from "zod";
import { db } from "@/server/db/client";
import { fileName, noStore, residentDownload } from "@/server/residents/download-access";
import { EXPORT_TABLES, exportCsv, myExport } from "@/server/residents/export";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const query = z.object({ memberId: z.uuid(), format: z.enum(["json", "csv"]).default("json"), table: z.enum(EXPORT_TABLES).default("member") });

export async function GET(req: Request) {
  const params = Object.fromEntries(new URL(req.url).searchParams);
  const parsed = query.safeParse(params);
  const member = await residentDownload(req, parsed.success ? parsed.data.memberId : null);
  if (member instanceof Response) return member;
  if (!parsed.success) return Response.json({ error: "Unknown format or table." }, { status: 400, headers: noStore });
  const { format, table } = parsed.data;
  const data = await myExport(db(), member);
  const date = new Date().toISOString().slice(0, 10);
  if (format === "json") {
    return new Response(JSON.stringify(data, null, 2), {
      headers: { ...noStore, "Content-Type": "application/json; charset=utf-8", "Content-Disposition": `attachment; filename="${fileName("dajie", member.pseudonym, date)}.json"` },
    });
  }
  return new Response(exportCsv(data, table), {
    headers: { ...noStore, "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="${fileName("dajie", member.pseudonym, table, date)}.csv"` },
  });
}
