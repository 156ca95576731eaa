// Runs before every page (not /api, not static files):
// - tells the server components which path is being rendered (Next gives layouts no pathname), so that
//   English-only pages (the console, the API docs) render in English with <html lang="en">;
// - sets the page's Content-Security-Policy with a fresh nonce (on the request too: Next reads the nonce
//   from it and puts it on its scripts) and HSTS when APP_URL is https (server/http/security-headers.ts);
// - answers an anonymous GET of a public page (`/`, `/c/<slug>`, `/c/<slug>/ledger`) from a rendered
//   copy with a fresh nonce, rendering it through Next on a miss (server/http/page-cache.ts, ADR 0012);
// - answers a signed-in user's GET of `/me` from their own rendered copy the same way
//   (server/http/private-page-cache.ts, ADR 0014).
// It sets no cookie and never redirects: URLs carry no locale.
import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/server/env";
import { bodyWithNonce, isKept, type KeptPage, type RenderedPage } from "@/server/http/page-cache";
import { FILL_HEADER, pageCacheState } from "@/server/http/page-cache-state";
import { PRIVATE_PAGE_CACHE_CONTROL, PRIVATE_PAGE_VARY, privatePageCache, privatePageKey, privatePageRequest } from "@/server/http/private-page-cache";
import { etagMatches, nonceOfPolicy, pageCacheKey, parsePageCacheKey, PUBLIC_PAGE_CACHE_CONTROL, PUBLIC_PAGE_VARY, weakEtag, withFreshNonce } from "@/server/http/page-cache-rules";
import { contentSecurityPolicy, newNonce, strictTransportSecurity } from "@/server/http/security-headers";
import { LOCALE_COOKIE, PATH_HEADER } from "@/server/i18n/locales";
import { publicDataVersion } from "@/server/transparency/public-data-version";

const state = pageCacheState();

export function proxy(request: NextRequest): NextResponse | Promise<NextResponse> {
  const { NODE_ENV } = env();
  const cacheable = NODE_ENV !== "development" && request.headers.get(FILL_HEADER) !== state.secret;
  const key = cacheable ? pageCacheKey({ method: request.method, url: request.nextUrl, headers: request.headers }) : null;
  if (key) return fromCache(request, key);
  if (cacheable && privatePageRequest({ method: request.method, url: request.nextUrl, headers: request.headers })) return fromPrivateCache(request);
  return rendered(request);
}

function policy(nonce: string): string {
  const { APP_URL, NODE_ENV } = env();
  return contentSecurityPolicy(nonce, { https: APP_URL.startsWith("https://"), development: NODE_ENV === "development" });
}

/** Let Next render the page, with a fresh nonce on the request and the answer. */
function rendered(request: NextRequest): NextResponse {
  const csp = policy(newNonce());
  const headers = new Headers(request.headers);
  headers.set(PATH_HEADER, request.nextUrl.pathname);
  headers.set("Content-Security-Policy", csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", csp);
  const hsts = strictTransportSecurity(env().APP_URL);
  if (hsts) response.headers.set("Strict-Transport-Security", hsts);
  return response;
}

async function fromCache(request: NextRequest, key: string): Promise<NextResponse> {
  const now = Date.now();
  let found: KeptPage | RenderedPage;
  try {
    found = await state.cache.get(key, await publicDataVersion(now, undefined, { wait: false }), now, () => renderThroughNext(key));
  } catch (err) {
    // The database or the render request failed: this request is rendered as if there were no cache.
    console.error("[page-cache]", err);
    return rendered(request);
  }
  const headers = new Headers();
  const hsts = strictTransportSecurity(env().APP_URL);
  if (hsts) headers.set("Strict-Transport-Security", hsts);
  if (!isKept(found)) {
    // Not kept (a 404, an error): the render's answer, to this request, with a nonce of its own.
    const rendered = nonceOfPolicy(found.headers.get("content-security-policy"));
    const fresh = newNonce();
    for (const name of ["content-type", "cache-control"]) if (found.headers.has(name)) headers.set(name, found.headers.get(name)!);
    if (rendered) headers.set("Content-Security-Policy", policy(fresh));
    return new NextResponse(rendered ? withFreshNonce(found.body, rendered, fresh) : found.body, { status: found.status, headers });
  }
  const etag = weakEtag(found.digest);
  headers.set("ETag", etag);
  headers.set("Cache-Control", PUBLIC_PAGE_CACHE_CONTROL);
  headers.set("Vary", PUBLIC_PAGE_VARY);
  // 304 carries no CSP: its headers would replace the cached copy's, whose page holds the older nonce.
  if (etagMatches(request.headers.get("if-none-match"), etag)) return new NextResponse(null, { status: 304, headers });
  const fresh = newNonce();
  headers.set("Content-Type", found.contentType);
  headers.set("Content-Security-Policy", policy(fresh));
  return new NextResponse(bodyWithNonce(found, fresh), { status: 200, headers });
}

/**
 * A signed-in user's kept copy of their page (server/http/private-page-cache.ts), with a fresh nonce;
 * anything else — no valid session, a render that is not a plain 200 page (a redirect), a failure —
 * is rendered by Next for this request as if there were no copy.
 */
async function fromPrivateCache(request: NextRequest): Promise<NextResponse> {
  let found: KeptPage | RenderedPage;
  try {
    const key = await privatePageKey({ method: request.method, url: request.nextUrl, headers: request.headers });
    if (!key) return rendered(request);
    found = await privatePageCache().get(key, "", Date.now(), () => renderForUser(request));
  } catch (err) {
    console.error("[private-page-cache]", err);
    return rendered(request);
  }
  if (!isKept(found)) return rendered(request);
  const headers = new Headers();
  const hsts = strictTransportSecurity(env().APP_URL);
  if (hsts) headers.set("Strict-Transport-Security", hsts);
  const fresh = newNonce();
  headers.set("Content-Type", found.contentType);
  headers.set("Cache-Control", PRIVATE_PAGE_CACHE_CONTROL);
  headers.set("Vary", PRIVATE_PAGE_VARY);
  headers.set("Content-Security-Policy", policy(fresh));
  return new NextResponse(bodyWithNonce(found, fresh), { status: 200, headers });
}

/** Renders `request`'s page for its user through this server (their cookies and language, the process's secret). */
async function renderForUser(request: NextRequest): Promise<RenderedPage> {
  const origin = process.env.__NEXT_PRIVATE_ORIGIN || `http://localhost:${process.env.PORT ?? 3000}`;
  const headers = new Headers({ [FILL_HEADER]: state.secret, "accept-encoding": "identity", cookie: request.headers.get("cookie") ?? "" });
  const language = request.headers.get("accept-language");
  if (language) headers.set("accept-language", language);
  const res = await fetch(new URL(request.nextUrl.pathname, origin), { headers, redirect: "manual", cache: "no-store" });
  return { status: res.status, headers: res.headers, body: await res.text() };
}

/**
 * Renders the page of `key` through this server (a request to itself carrying the process's secret,
 * which this proxy lets through to Next). Only the key goes along — its language as the switcher's
 * cookie — so the copy holds nothing of the visitor whose request missed.
 */
async function renderThroughNext(key: string): Promise<RenderedPage> {
  const origin = process.env.__NEXT_PRIVATE_ORIGIN || `http://localhost:${process.env.PORT ?? 3000}`;
  const { locale, path } = parsePageCacheKey(key);
  const headers = new Headers({ [FILL_HEADER]: state.secret, "accept-encoding": "identity", cookie: `${LOCALE_COOKIE}=${locale}` });
  const res = await fetch(new URL(path, origin), { headers, redirect: "manual", cache: "no-store" });
  return { status: res.status, headers: res.headers, body: await res.text() };
}

export const config = { matcher: ["/((?!api/|_next/static|_next/image|favicon.ico).*)"] };
