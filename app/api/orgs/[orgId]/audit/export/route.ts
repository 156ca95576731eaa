// The organization's audit log as a file: GET /api/orgs/ORG/audit/export?format=csv|xlsx&action=&actor=&from=&to=
// — the log page's filters; administrators of the organization only (as the page).
import { auditListQuery, exportAudit } from "@/server/audit/audit-list";
import { listFileResponse, listFormat, listQuery, orgAdmin } from "@/server/http/list-download";
import { withSession } from "@/server/http/route-edge";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withSession(orgAdmin, async ({ db, url, org }) => listFileResponse(await exportAudit(db, org.orgId, listQuery(url, auditListQuery), listFormat(url))));
