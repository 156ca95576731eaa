// Every signed-in request asks better-auth for its session (signature check, a PostgreSQL read of the
// session and its user, ~2 ms of CPU): /me alone makes three such requests on load. So a session that
// better-auth confirmed is kept in this process for SESSION_KEEP_MS under the request's exact Cookie
// header, and dropped at once when it ends here (docs/adr/0014-session-cache-resident-figures-private-copies.md):
// - sign-out and any other session delete through better-auth (its database hooks, auth.ts),
// - a password reset (which ends all of the user's sessions) and a user's erasure (forgetUser),
// - a change of the user (name, e-mail) through better-auth.
// A session ended by another process (a second app server) is refused there at once and here within
// SESSION_KEEP_MS at most. A lookup that started before a drop is not kept (the generation check), so
// a sign-out racing a request cannot leave the old session behind.
//
// The key is the whole Cookie header: only a header whose session better-auth accepted is ever kept,
// so a forged or altered cookie is a different key and goes to better-auth.
export const SESSION_KEEP_MS = 5_000;
const SESSION_KEEP_MAX = 10_000;

export interface KeptSession<U> {
  user: U;
  userId: string;
  token: string;
  /** The session's own expiry (ms): nothing is kept past it. */
  expiresAt: number;
}

interface State {
  entries: Map<string, KeptSession<unknown> & { until: number }>;
  /** Bumped by every drop: a lookup that began under an older generation is not kept. */
  generation: number;
}
// On globalThis: the auth route (sign-out), the tRPC route and the pages are bundled apart but share it.
const holder = globalThis as typeof globalThis & { dajieSessionCache?: State };
const state = (holder.dajieSessionCache ??= { entries: new Map(), generation: 0 });

/**
 * The session of `cookie` as kept, or `lookup()` (better-auth) whose answer is kept when it is a
 * session and nothing was dropped meanwhile. Without a cookie header there is nothing to key on.
 */
export async function keptSession<U>(cookie: string | null, lookup: () => Promise<KeptSession<U> | null>, now: () => number = Date.now): Promise<U | null> {
  if (!cookie) return (await lookup())?.user ?? null;
  const t = now();
  const hit = state.entries.get(cookie);
  if (hit && t < hit.until) return hit.user as U;
  if (hit) state.entries.delete(cookie);
  const generation = state.generation;
  const found = await lookup();
  if (!found) return null;
  const until = Math.min(now() + SESSION_KEEP_MS, found.expiresAt);
  if (generation === state.generation && until > now()) {
    if (state.entries.size >= SESSION_KEEP_MAX) state.entries.delete(state.entries.keys().next().value!);
    state.entries.set(cookie, { ...found, until });
  }
  return found.user;
}

/** Drops the kept session with this token (sign-out, a session deleted). */
export function forgetSessionToken(token: string): void {
  state.generation++;
  for (const [k, v] of state.entries) if (v.token === token) state.entries.delete(k);
}

/** Drops every kept session of this user (password reset, erasure, the user changed). */
export function forgetUser(userId: string): void {
  state.generation++;
  for (const [k, v] of state.entries) if (v.userId === userId) state.entries.delete(k);
}

/** Drops everything (tests). */
export function forgetAllSessions(): void {
  state.generation++;
  state.entries.clear();
}
