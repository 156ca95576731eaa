// GET /api/v1/me/credits: the member's Prosumer Credit per settled period and their PC account.
import { withDeviceToken } from "@/server/http/route-edge";
import { deviceCredits, exactJson } from "@/server/residents/device-api";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withDeviceToken(async ({ db, member }) => exactJson(await deviceCredits(db, member)));
