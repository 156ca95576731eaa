// GET /api/v1/me/shared?day=YYYY-MM-DD: the member's day, from the community vs the grid, per interval.
import { withDeviceToken } from "@/server/http/route-edge";
import { deviceShared, exactJson } from "@/server/residents/device-api";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withDeviceToken(async ({ db, url, member }) => exactJson(await deviceShared(db, member, url)));
