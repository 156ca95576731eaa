// A resident's figures over their readings (the totals per metering point, the energy per day or
// month, the latest day with a reading) read a year of 15-minute readings each time: tens of
// milliseconds of PostgreSQL per call at 35 k readings a meter, and /me asks for them on every load;
// their credits read the community's whole ledger for their account. They change only when readings
// arrive, a period is finalized or the member's points change, so they are kept in this process per
// member, keyed by
// - the member's id (one member's figures are never served for another: the key is theirs alone),
// - the member's metering points as they are now (id, meter, direction, validity: one cheap indexed
//   read per call, so a point added, closed or moved changes the key at once), and
// - the public data version (server/transparency/public-data-version.ts: an import or a finalize here
//   is seen on the next call, one in another process within about a second),
// for at most a minute (as the day view's community days: what the version does not see shows by then).
// Concurrent callers of a missed key share one computation.
import type { Tx } from "@/server/db/client";
import { KeptPromises } from "@/server/shared/kept-promises";
import { publicDataVersion } from "@/server/transparency/public-data-version";

export const KEEP_MS = 60_000;
const KEEP_MAX = 2_000;

// On globalThis: the route handlers and the pages are bundled apart but run in one process.
const holder = globalThis as typeof globalThis & { dajieKeptResidentFigures?: KeptPromises<unknown> };
const kept = (holder.dajieKeptResidentFigures ??= new KeptPromises<unknown>(KEEP_MS, KEEP_MAX));

// The points are read once per member object: the own member of one request (residentProcedure reads
// it once per tRPC request, a REST request once), so a batch of calls reads them once; the next
// request has a new object and reads them again.
const signatures = new WeakMap<object, Promise<string>>();

function pointsOf(db: Tx, member: { id: string }): Promise<string> {
  let p = signatures.get(member);
  if (!p) {
    signatures.set(member, (p = pointsSignature(db, member.id)));
    p.catch(() => signatures.delete(member));
  }
  return p;
}

/** The member's metering points as they stand (what the figures are computed from besides the readings). */
async function pointsSignature(db: Tx, memberId: string): Promise<string> {
  const rows = await db.$queryRaw<{ s: string | null }[]>`
    SELECT string_agg(concat_ws(',', id, community_id, meter_id, direction, valid_from, valid_to), ';' ORDER BY id) AS s
    FROM metering_point WHERE member_id = ${memberId}::uuid`;
  return rows[0]?.s ?? "";
}

/**
 * `compute()` for `what` of `member`, or the kept result while the member's points and the
 * public data version are the same (and it is younger than KEEP_MS). `what` must name everything
 * else the result depends on (e.g. the resolution). `points: false`: the figure does not depend on the
 * member's metering points (the credits: settlement runs and ledger entries, both moved only by a
 * finalize, which moves the version).
 */
export async function keptFigure<T>(db: Tx, member: { id: string }, what: string, compute: () => Promise<T>, opts: { points?: boolean; now?: number } = {}): Promise<T> {
  const now = opts.now ?? Date.now();
  const [points, version] = await Promise.all([opts.points === false ? "" : pointsOf(db, member), publicDataVersion(now)]);
  return kept.get(`${member.id}\u0000${what}\u0000${points}`, version, now, compute) as Promise<T>;
}

/** Forgets every kept figure (tests). */
export function forgetKeptFigures(): void {
  kept.clear();
}
