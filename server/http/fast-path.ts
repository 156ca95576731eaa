// The custom server's fast path (server.ts, docs/adr/0013): an anonymous GET of a public page whose
// copy is kept in the page cache for the current data version is answered here, without Next's
// request pipeline (~2–3 ms of CPU per answer even for a kept page). Everything else — a miss, an
// aging copy, a signed-in visitor, a client navigation, the proxy's own render request — goes on to
// Next, whose proxy.ts renders and keeps the page. An answer carries what proxy.ts gives a hit plus
// what next.config.js adds to every page (EVERY_ANSWER_HEADERS), with a fresh nonce in body and CSP.
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import { env } from "@/server/env";
import { deflateParts, gzipWithNonce, type GzipParts } from "./gzip-parts";
import { bodyWithNonce, type KeptPage } from "./page-cache";
import { etagMatches, pageCacheKey, PUBLIC_PAGE_CACHE_CONTROL, PUBLIC_PAGE_VARY, weakEtag } from "./page-cache-rules";
import { FILL_HEADER, pageCacheState } from "./page-cache-state";
import { contentSecurityPolicy, EVERY_ANSWER_HEADERS, newNonce, strictTransportSecurity } from "./security-headers";
import { publicDataVersionNow } from "@/server/transparency/public-data-version";

/** The request's headers as pageCacheKey reads them (no copy into a Headers object). */
function headerView(h: IncomingHttpHeaders): Pick<Headers, "get" | "has"> {
  const get = (name: string): string | null => {
    const v = h[name];
    return v === undefined ? null : Array.isArray(v) ? v.join(", ") : v;
  };
  return { get, has: (name: string) => h[name] !== undefined };
}

/** Each kept copy's parts deflated once, on its first gzip answer (dropped with the copy). */
const deflated = new WeakMap<KeptPage, GzipParts>();

/** True when the client takes gzip (a q=0 refusal aside). */
export function acceptsGzip(acceptEncoding: string | undefined): boolean {
  if (!acceptEncoding) return false;
  return acceptEncoding.split(",").some((part) => {
    const [coding, ...params] = part.trim().toLowerCase().split(";");
    return (coding === "gzip" || coding === "*") && !params.some((p) => /^\s*q=0(\.0*)?\s*$/.test(p));
  });
}

/**
 * Answers `req` from a kept copy and returns true, or returns false having written nothing (the caller
 * hands the request to Next). `now` for tests.
 */
export function answerFromPageCache(req: IncomingMessage, res: ServerResponse, now = Date.now()): boolean {
  if (req.method !== "GET") return false;
  const { NODE_ENV, APP_URL } = env();
  if (NODE_ENV === "development") return false;
  const state = pageCacheState();
  if (req.headers[FILL_HEADER] !== undefined) return false;
  const key = pageCacheKey({ method: "GET", url: new URL(req.url ?? "/", "http://localhost"), headers: headerView(req.headers) });
  if (!key) return false;
  const version = publicDataVersionNow(now);
  const page = version === null ? null : state.cache.peek(key, version, now);
  if (!page) return false;

  const gzip = acceptsGzip(req.headers["accept-encoding"]);
  const headers: Record<string, string> = { ...EVERY_ANSWER_HEADERS };
  const hsts = strictTransportSecurity(APP_URL);
  if (hsts) headers["Strict-Transport-Security"] = hsts;
  const etag = weakEtag(page.digest);
  headers.ETag = etag;
  headers["Cache-Control"] = PUBLIC_PAGE_CACHE_CONTROL;
  headers.Vary = `${PUBLIC_PAGE_VARY}, Accept-Encoding`;
  // 304 carries no CSP: its headers would replace the cached copy's, whose page holds the older nonce.
  if (etagMatches(headerView(req.headers).get("if-none-match"), etag)) {
    res.writeHead(304, headers);
    res.end();
    return true;
  }
  const fresh = newNonce();
  headers["Content-Type"] = page.contentType;
  headers["Content-Security-Policy"] = contentSecurityPolicy(fresh, { https: APP_URL.startsWith("https://"), development: false });
  let body: Uint8Array;
  if (gzip) {
    // The parts are compressed once per copy; an answer adds its nonce's block and a CRC-32 (gzip-parts.ts).
    let gz = deflated.get(page);
    if (!gz) deflated.set(page, (gz = deflateParts(page.parts)));
    body = gzipWithNonce(page.parts, gz, fresh);
    headers["Content-Encoding"] = "gzip";
  } else body = bodyWithNonce(page, fresh);
  headers["Content-Length"] = String(body.length);
  res.writeHead(200, headers);
  res.end(body);
  return true;
}
