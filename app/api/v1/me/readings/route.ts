// GET /api/v1/me/readings?day=YYYY-MM-DD: the device token's member's own readings of a local day.
import { withDeviceToken } from "@/server/http/route-edge";
import { deviceReadings, exactJson } from "@/server/residents/device-api";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withDeviceToken(async ({ db, url, member }) => exactJson(await deviceReadings(db, member, url)));
