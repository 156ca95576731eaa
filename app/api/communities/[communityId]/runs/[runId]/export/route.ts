// Downloads of a final run for the municipality and the ESCOs serving the community:
// ?format=csv|json (billing export), ubl (ZIP of the run's issued invoices; &member=REFERENCE for one), pain008|pain001|sepa-report (SEPA payment files: the "payments"
// access), statements (ZIP of every member's PDF statement) or statement&memberId=… (one PDF).
// Read-only; every download is written to the audit log.
import { z } from "zod";
import { accessFor, downloadHeaders, parseRunDownload, runDownload } from "@/server/billing/run-downloads";
import { notFound } from "@/server/errors";
import { communityAccess, fileResponse, withSession } from "@/server/http/route-edge";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withSession(
  communityAccess((url) => accessFor(parseRunDownload(url.searchParams).format)),
  async ({ db, url, params, user, scope }) => {
    const runId = z.uuid().safeParse(params.runId);
    if (!runId.success) throw notFound("Settlement run");
    const file = await runDownload(db, { userId: user.id }, scope, runId.data, parseRunDownload(url.searchParams));
    return fileResponse(file, downloadHeaders(file));
  },
);
