// The metering point list as a file in the member import's layout: GET …/metering-points/export?format=csv|xlsx&search=&direction=&status=&sort=&dir=
import { communityAccess, withSession } from "@/server/http/route-edge";
import { listFileResponse, listFormat, listQuery } from "@/server/http/list-download";
import { exportMeteringPoints, pointListQuery } from "@/server/metering-points/point-list";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withSession(communityAccess("read"), async ({ db, url, scope }) => listFileResponse(await exportMeteringPoints(db, scope, listQuery(url, pointListQuery), listFormat(url))));
