// The final runs list as a file: GET …/runs/export?format=csv|xlsx&year=&superseded=&sort=&dir= (the list's filters).
import { communityAccess, withSession } from "@/server/http/route-edge";
import { listFileResponse, listFormat, listQuery } from "@/server/http/list-download";
import { exportRuns, runListQuery } from "@/server/settlement/run-list";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withSession(communityAccess("read"), async ({ db, url, scope }) => listFileResponse(await exportRuns(db, scope.communityId, listQuery(url, runListQuery), listFormat(url))));
