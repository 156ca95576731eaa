// GET /me/statement?memberId=…&runId=…: the resident's PDF statement of one settled period.
import { z } from "zod";
import { notFound } from "@/server/errors";
import { residentMember, withSession } from "@/server/http/route-edge";
import { routeLocale } from "@/server/i18n/request-locale";
import { fileName } from "@/server/residents/download-access";
import { memberStatement } from "@/server/residents/statement";
import { statementPdf } from "@/server/residents/statement-pdf";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withSession(residentMember, async ({ db, req, url, member }) => {
  const runId = z.uuid().safeParse(url.searchParams.get("runId"));
  if (!runId.success) throw notFound("Statement");
  const statement = await memberStatement(db, member, runId.data);
  // In the resident's language: the switcher's cookie, else their browser's (as the pages).
  const pdf = await statementPdf(statement, { locale: routeLocale(req) });
  return new Response(new Uint8Array(pdf), {
    headers: { "Content-Type": "application/pdf", "Content-Disposition": `attachment; filename="${fileName("dajie-statement", member.reference, statement.run.periodStart, `v${statement.run.version}`)}.pdf"` },
  });
});
