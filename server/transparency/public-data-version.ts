// The version of everything the public pages show, so that kept copies (the figures in
// public-stats.ts, the rendered pages in server/http/page-cache.ts) know when they are stale, across
// processes: an import or a finalize in the CLI or a pg-boss job changes it as well as one here.
//
// The version is read from PostgreSQL at most once a second (VERSION_POLL_MS) per process, whatever
// the traffic: counts and latest timestamps of the tables the public pages read (communities, members,
// meters, participation factors, import batches, settlement runs, anchors, witnesses and their
// cosignatures). A change here (publicDataChanged, after a finalize commits) is seen at once. So a
// change through this process shows on the next request, one elsewhere within about a second (plus one
// read of the version, which page-cache hits do not wait for); what the
// version does not see (a municipality's contact details, a new day) shows when the copies' TTL runs out.
import { db, type Tx } from "@/server/db/client";

export const VERSION_POLL_MS = 1_000;

const VERSION_SQL = `SELECT concat_ws('|',
  (SELECT count(*) || ':' || coalesce(max(updated_at)::text, '') FROM community),
  (SELECT count(*) || ':' || coalesce(max(updated_at)::text, '') FROM member),
  (SELECT count(*) || ':' || coalesce(max(created_at)::text, '') FROM metering_point),
  (SELECT count(*) FROM participation_factor),
  (SELECT count(*) || ':' || coalesce(max(created_at)::text, '') FROM import_batch),
  (SELECT count(*) || ':' || coalesce(max(created_at)::text, '') FROM settlement_run),
  (SELECT count(*) || ':' || coalesce(max(updated_at)::text, '') FROM anchor),
  (SELECT count(*) FROM community_witness),
  (SELECT count(*) FROM checkpoint_cosignature)) AS v`;

/** The database's part of the version (one cheap query: small tables and counts, no reading). */
export async function readPublicDataVersion(tx: Tx): Promise<string> {
  const [row] = await tx.$queryRawUnsafe<{ v: string }[]>(VERSION_SQL);
  return row!.v;
}

interface VersionState {
  /** Bumped by publicDataChanged: a change in this process, seen without waiting for the poll. */
  local: number;
  polled: { at: number; value: string } | null;
  pending: Promise<string> | null;
}
// On globalThis: the proxy, the pages and the route handlers are bundled apart but run in one process.
const holder = globalThis as typeof globalThis & { dajiePublicVersion?: VersionState };
const state = (holder.dajiePublicVersion ??= { local: 0, polled: null, pending: null });

/**
 * The current version of the public data: this process's change count and the database's version,
 * read again when the last read is older than VERSION_POLL_MS (one read at a time; callers meanwhile
 * share it). `read` is the database read (a test may give its own database). With `wait: false` a
 * due read is started but not waited for: the last version read is returned at once (the page cache's
 * hits must not wait for the database; they then see a change elsewhere one read later).
 */
export async function publicDataVersion(now = Date.now(), read: () => Promise<string> = () => readPublicDataVersion(db()), opts: { wait?: boolean } = {}): Promise<string> {
  const local = state.local;
  if (state.polled && now - state.polled.at < VERSION_POLL_MS) return `${local}/${state.polled.value}`;
  state.pending ??= read()
    .then((value) => {
      state.polled = { at: now, value };
      return value;
    })
    .finally(() => {
      state.pending = null;
    });
  if (opts.wait === false && state.polled) {
    state.pending.catch(() => {}); // a failed read is retried by the next call; the last value stands
    return `${local}/${state.polled.value}`;
  }
  return `${local}/${await state.pending}`;
}

/**
 * The version as last known, without waiting: null before the first read. Starts the database read
 * when it is due (not waited for; its result is seen by a later call), so that the custom server's
 * fast path, whose hits never reach proxy.ts, keeps the poll going.
 */
export function publicDataVersionNow(now = Date.now(), read: () => Promise<string> = () => readPublicDataVersion(db())): string | null {
  if (!state.polled || now - state.polled.at >= VERSION_POLL_MS) publicDataVersion(now, read, { wait: false }).catch(() => {});
  return state.polled ? `${state.local}/${state.polled.value}` : null;
}

/** The public data changed in this process (after the commit): kept copies are stale from now on. */
export function publicDataChanged(): void {
  state.local++;
  state.polled = null;
}
