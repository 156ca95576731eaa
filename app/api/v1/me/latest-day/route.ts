// GET /api/v1/me/latest-day: the member's latest day with readings and its totals (a home sensor's poll).
import { withDeviceToken } from "@/server/http/route-edge";
import { deviceLatestDay, exactJson } from "@/server/residents/device-api";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withDeviceToken(async ({ db, member }) => exactJson(await deviceLatestDay(db, member)));
