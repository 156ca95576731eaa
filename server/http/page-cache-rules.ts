// What the anonymous page cache (server/http/page-cache.ts, docs/adr/0012) may keep, under which key,
// and how a kept page gets a fresh nonce. Pure: the proxy and the tests share these rules.
import { isEnglishOnlyPath, LOCALE_COOKIE, resolveLocale, DEFAULT_LOCALE } from "@/server/i18n/locales";

/** The pages kept: the landing page, a community's public page and its ledger page. */
const CACHED_PATH = /^\/(?:c\/[a-z0-9][a-z0-9-]{0,62}(?:\/ledger)?)?$/;

/** The request headers a kept page may depend on (besides the path): the language's two sources. */
export interface CacheableRequest {
  method: string;
  url: URL;
  headers: Pick<Headers, "get" | "has">;
}

/** The cookies of a Cookie header, by name (the first of a repeated name wins, as in browsers' order). */
export function parseCookies(header: string | null): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    if (!out.has(name)) out.set(name, part.slice(eq + 1).trim());
  }
  return out;
}

/**
 * A better-auth cookie (session token or its cached data; `__Secure-` prefixed on https): the visitor
 * may be signed in, so the page is rendered for them and never kept.
 */
export function hasSessionCookie(cookies: Map<string, string>): boolean {
  for (const name of cookies.keys()) if (name.includes("better-auth.")) return true;
  return false;
}

/**
 * The key of an anonymous GET of a kept page, or null when the request must be rendered for itself:
 * not a GET, a client-side navigation (React Server Components payload, prefetch), a session cookie,
 * or another path. The key holds what the HTML depends on: the path, the negotiated language and the
 * public page's energy view (`view`, and `month` for the daily view; app/c/[slug]/page.tsx →
 * energyViewOf). Other query parameters do not change the page and are left out, so they cannot fill
 * the cache with copies.
 */
export function pageCacheKey(req: CacheableRequest): string | null {
  if (req.method !== "GET") return null;
  const path = req.url.pathname;
  if (!CACHED_PATH.test(path)) return null;
  const h = req.headers;
  if (h.has("rsc") || h.has("next-router-state-tree") || h.has("next-router-prefetch") || h.has("next-action") || req.url.searchParams.has("_rsc")) return null;
  const cookies = parseCookies(h.get("cookie"));
  if (hasSessionCookie(cookies)) return null;
  const locale = isEnglishOnlyPath(path) ? DEFAULT_LOCALE : resolveLocale(cookies.get(LOCALE_COOKIE), h.get("accept-language"));
  let view = "";
  if (/^\/c\/[^/]+$/.test(path)) {
    const sp = req.url.searchParams;
    const v = sp.get("view");
    const month = sp.get("month");
    // As energyViewOf: an unknown view is the daily one; a month only matters there. A month the data
    // does not cover renders as no month, but is kept apart (its validity needs the data).
    const id = v === "month" || v === "year" ? v : "day";
    view = id === "day" && month !== null && /^\d{4}-\d{2}$/.test(month) ? `?view=day&month=${month}` : `?view=${id}`;
  }
  return `${locale} ${path}${view}`;
}

/** The language and the path to render (with the view's query) of a key made by pageCacheKey. */
export function parsePageCacheKey(key: string): { locale: string; path: string } {
  const space = key.indexOf(" ");
  return { locale: key.slice(0, space), path: key.slice(space + 1) };
}

/** The nonce of a Content-Security-Policy header's script-src ('nonce-…'), or null. */
export function nonceOfPolicy(csp: string | null): string | null {
  const m = /'nonce-([A-Za-z0-9+/=_-]+)'/.exec(csp ?? "");
  return m ? m[1]! : null;
}

/**
 * The kept page with `fresh` in place of the nonce it was rendered with. The nonce is 128 random bits
 * in base64 (24 characters): it cannot occur in the page by chance, so every occurrence is the nonce
 * (script tags' attributes and, if any, the flight data's copy).
 */
export function withFreshNonce(body: string, renderedWith: string, fresh: string): string {
  return body.replaceAll(renderedWith, fresh);
}

/**
 * A weak validator of the page's content without its nonce: two answers differ only by their nonce,
 * so they are equal in meaning but not byte for byte (hence weak, RFC 9110 §8.8.1). `digest` is a
 * hash of the page with the nonce removed (base64url), computed once when the page is kept.
 */
export function weakEtag(digest: string): string {
  return `W/"${digest}"`;
}

/** True when If-None-Match names `etag` (weak comparison: the W/ prefix is ignored on both sides). */
export function etagMatches(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const opaque = (t: string) => t.trim().replace(/^W\//, "");
  const mine = opaque(etag);
  return ifNoneMatch.split(",").some((t) => t.trim() === "*" || opaque(t) === mine);
}

/**
 * Cache-Control of an anonymous public page: browsers revalidate every time (max-age=0, answered 304
 * by ETag); a shared cache may keep it 5 s and serve it 30 s more while it refreshes. Short, because
 * a kept copy repeats its nonce to everyone it serves and a finalize must show within seconds.
 */
export const PUBLIC_PAGE_CACHE_CONTROL = "public, max-age=0, s-maxage=5, stale-while-revalidate=30";

/** The kept page varies with the language (cookie, Accept-Language) and whether it is a navigation. */
export const PUBLIC_PAGE_VARY = "RSC, Next-Router-State-Tree, Next-Router-Prefetch, Accept-Language, Cookie";
