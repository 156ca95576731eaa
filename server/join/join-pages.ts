// The join page's data, bound to the app's database so that the server components hold no database
// client. NOT_FOUND (an unknown address) is left to the page, which answers with its 404 page.
import { db } from "@/server/db/client";
import { joinPage } from "./join-requests";
import { JOIN_CONFIRM_HOURS } from "./join-requests";

export const joinPageData = async (slug: string) => ({ ...(await joinPage(db(), slug)), confirmHours: JOIN_CONFIRM_HOURS });

/** Whether the community at `slug` takes requests to join (the public page then links its join page). */
export async function joinOpen(slug: string): Promise<boolean> {
  const c = await db().community.findUnique({ where: { slug }, select: { joinEnabled: true } });
  return c?.joinEnabled ?? false;
}
