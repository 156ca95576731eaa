// The resident page `/me` renders in the browser: its HTML is the site's header (who is signed in, the
// places they may go), the language's client messages and a "loading" placeholder, ~10 ms of Next's
// render on every load. So proxy.ts keeps a rendered copy per signed-in user (docs/adr/0014), as the
// public pages' cache does for everyone (ADR 0012): answered with a fresh nonce, under a key that holds
// everything that HTML depends on —
// - the user, from a session better-auth confirmed for this very request (server/auth/session-cache.ts:
//   a signed-out or revoked session gets no copy, and Next renders, i.e. redirects to sign-in),
// - the header's answer (whoAmI, read for every request: a new organization or membership, a changed
//   e-mail is a new key at once),
// - the language (the switcher's cookie or the browser's Accept-Language, as next-intl resolves it).
// Copies are kept PRIVATE_PAGE_TTL_MS at most and never shared between users.
import { createHash } from "node:crypto";
import { whoAmI } from "@/server/access/who-am-i";
import { getSessionUser } from "@/server/auth/auth";
import { db } from "@/server/db/client";
import { LOCALE_COOKIE, resolveLocale } from "@/server/i18n/locales";
import { PageCache } from "./page-cache";
import { hasSessionCookie, parseCookies, type CacheableRequest } from "./page-cache-rules";

/** The pages kept per user. */
const PRIVATE_PATHS = new Set(["/me"]);
export const PRIVATE_PAGE_TTL_MS = 10_000;
const PRIVATE_PAGE_MAX = 200;
/** What Next answers a signed-in page with: never stored by a browser or a proxy. */
export const PRIVATE_PAGE_CACHE_CONTROL = "private, no-cache, no-store, max-age=0, must-revalidate";
export const PRIVATE_PAGE_VARY = "rsc, next-router-state-tree, next-router-prefetch, next-router-segment-prefetch";

const holder = globalThis as typeof globalThis & { dajiePrivatePages?: PageCache };

export function privatePageCache(): PageCache {
  return (holder.dajiePrivatePages ??= new PageCache({ ttlMs: PRIVATE_PAGE_TTL_MS, max: PRIVATE_PAGE_MAX }));
}

/**
 * Whether the request may be answered from a user's kept copy: a plain GET of a kept page (not a
 * client-side navigation, prefetch or server action, no query) carrying a session cookie.
 */
export function privatePageRequest(req: CacheableRequest): boolean {
  if (req.method !== "GET" || !PRIVATE_PATHS.has(req.url.pathname) || req.url.search !== "") return false;
  const h = req.headers;
  if (h.has("rsc") || h.has("next-router-state-tree") || h.has("next-router-prefetch") || h.has("next-action")) return false;
  return hasSessionCookie(parseCookies(h.get("cookie")));
}

/** The copy's key for this request's signed-in user, or null when the session is not (or no longer) valid. */
export async function privatePageKey(req: CacheableRequest & { headers: Headers }): Promise<string | null> {
  const user = await getSessionUser(req.headers);
  if (!user) return null;
  const who = await whoAmI(db(), user);
  const locale = resolveLocale(parseCookies(req.headers.get("cookie")).get(LOCALE_COOKIE), req.headers.get("accept-language"));
  const header = createHash("sha256").update(JSON.stringify(who)).digest("base64url");
  return `${user.id} ${locale} ${req.url.pathname} ${header}`;
}
