// The answers of GET /api/v1/me/… (a resident's device token): plain JSON, exact numbers as strings.
import type { Tx } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { myCredits } from "./credits";
import { dayInput, myDay, myLatestDay, myReadings } from "./day-view";
import type { OwnMember } from "./own-member";

/** JSON with every bigint as its decimal string (JSON has no exact integers beyond 2^53). */
export function exactJson(body: unknown): Response {
  return new Response(JSON.stringify(body, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)), { headers: { "Content-Type": "application/json; charset=utf-8" } });
}

/** `?day=YYYY-MM-DD`, or the member's latest day with readings when absent; 404 when they have none. */
export async function dayOf(db: Tx, member: OwnMember, url: URL): Promise<string> {
  const asked = url.searchParams.get("day");
  if (asked !== null) {
    const parsed = dayInput.safeParse(asked);
    if (!parsed.success) throw new AppError("BAD_REQUEST", parsed.error.issues[0]!.message, [{ where: "day", message: parsed.error.issues[0]!.message }]);
    return parsed.data;
  }
  const latest = await myLatestDay(db, member);
  if (!latest) throw new AppError("NOT_FOUND", "No readings yet.");
  return latest;
}

const who = (m: OwnMember) => ({ memberId: m.id, pseudonym: m.pseudonym, community: m.community.slug });

export const deviceReadings = async (db: Tx, member: OwnMember, url: URL) => ({ ...who(member), ...(await myReadings(db, member, await dayOf(db, member, url))) });
export const deviceShared = async (db: Tx, member: OwnMember, url: URL) => ({ ...who(member), ...(await myDay(db, member, await dayOf(db, member, url))) });
export const deviceCredits = async (db: Tx, member: OwnMember) => ({ ...who(member), ...(await myCredits(db, member)) });

/** The latest day with readings and its totals (what a home dashboard shows), or day null. */
export async function deviceLatestDay(db: Tx, member: OwnMember) {
  const day = await myLatestDay(db, member);
  if (!day) return { ...who(member), day: null, totals: null };
  const view = await myDay(db, member, day);
  return { ...who(member), day, timeZone: view.timeZone, totals: view.totals };
}
