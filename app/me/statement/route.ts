// GET /me/statement?memberId=…&runId=…: the resident's PDF statement of one settled period.
import { z } from "zod";
import { db } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { requestLocale } from "@/server/i18n/request-locale";
import { fileName, noStore, residentDownload } from "@/server/residents/download-access";
import { memberStatement } from "@/server/residents/statement";
import { statementPdf } from "@/server/residents/statement-pdf";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const query = z.object({ memberId: z.uuid(), runId: z.uuid() });

export async function GET(req: Request) {
  const parsed = query.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  const member = await residentDownload(req, parsed.success ? parsed.data.memberId : null);
  if (member instanceof Response) return member;
  if (!parsed.success) return Response.json({ error: "Statement not found" }, { status: 404, headers: noStore });
  try {
    const statement = await memberStatement(db(), member, parsed.data.runId);
    // In the resident's language: the switcher's cookie, else their browser's (as the pages).
    const pdf = await statementPdf(statement, { locale: await requestLocale() });
    return new Response(new Uint8Array(pdf), {
      headers: { ...noStore, "Content-Type": "application/pdf", "Content-Disposition": `attachment; filename="${fileName("dajie-statement", member.reference, statement.run.periodStart, `v${statement.run.version}`)}.pdf"` },
    });
  } catch (err) {
    if (err instanceof AppError && err.code === "NOT_FOUND") return Response.json({ error: err.message }, { status: 404, headers: noStore });
    throw err;
  }
}
