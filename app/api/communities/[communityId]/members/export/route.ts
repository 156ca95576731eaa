// The member list as a file: GET …/members/export?format=csv|xlsx&search=&kind=&account=&status=&sort=&dir=
// — the list's own filters, so the file holds exactly what the list shows (names only for the municipality).
import { communityAccess, withSession } from "@/server/http/route-edge";
import { listFileResponse, listFormat, listQuery } from "@/server/http/list-download";
import { exportMembers, memberListQuery } from "@/server/members/member-list";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withSession(communityAccess("read"), async ({ db, url, scope }) => listFileResponse(await exportMembers(db, scope, listQuery(url, memberListQuery), listFormat(url))));
