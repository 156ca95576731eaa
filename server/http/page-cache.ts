// The rendered copies of the anonymous public pages (docs/adr/0012): proxy.ts answers an anonymous GET
// of `/`, `/c/<slug>` or `/c/<slug>/ledger` from here, and on a miss renders the page once through
// Next (one render per key at a time, the other requests wait for it). A copy is kept while the public
// data's version (server/transparency/public-data-version.ts) is the one it was rendered under, and
// PAGE_TTL_MS at most. Each answer gets a fresh nonce, in the page and in its CSP header.
import { createHash } from "node:crypto";
import { nonceOfPolicy } from "./page-cache-rules";

/**
 * A copy is rendered again after this long even if the version did not move (a new day, a contact);
 * meanwhile the old copy is still answered, so no request waits for that render.
 */
export const PAGE_TTL_MS = 10_000;
/** At most this many copies (language × page × view), the least recently used dropped first. */
export const PAGE_CACHE_MAX = 300;

/** What a render through Next answered. */
export interface RenderedPage {
  status: number;
  headers: Headers;
  body: string;
}

export interface KeptPage {
  body: string;
  /** The page's UTF-8 bytes between the nonce's occurrences: an answer is these joined by a fresh nonce. */
  parts: Buffer[];
  /** The nonce the page was rendered with, replaced on every answer. */
  nonce: string;
  /** Hash of the page without its nonce (base64url), for the ETag. */
  digest: string;
  contentType: string;
  at: number;
  version: string;
}

/** Keepable: a 200 HTML page with a nonce in its CSP, that sets no cookie. */
export function keepable(r: RenderedPage, at: number, version: string): KeptPage | null {
  const contentType = r.headers.get("content-type") ?? "";
  const nonce = nonceOfPolicy(r.headers.get("content-security-policy"));
  if (r.status !== 200 || !contentType.startsWith("text/html") || !nonce || r.headers.has("set-cookie")) return null;
  const digest = createHash("sha256").update(r.body.replaceAll(nonce, "")).digest("base64url").slice(0, 27);
  const parts = r.body.split(nonce).map((p) => Buffer.from(p, "utf8"));
  return { body: r.body, parts, nonce, digest, contentType, at, version };
}

/** The kept page's bytes for one answer, with `fresh` as its nonce (as withFreshNonce, without re-encoding the page). */
export function bodyWithNonce(page: KeptPage, fresh: string): Uint8Array<ArrayBuffer> {
  const nonce = Buffer.from(fresh, "utf8");
  const out = new Uint8Array(page.parts.reduce((n, p) => n + p.length, 0) + nonce.length * (page.parts.length - 1));
  let at = 0;
  page.parts.forEach((p, i) => {
    if (i > 0) (out.set(nonce, at), (at += nonce.length));
    out.set(p, at);
    at += p.length;
  });
  return out;
}

export class PageCache {
  private readonly pages = new Map<string, KeptPage>();
  private readonly renders = new Map<string, Promise<KeptPage | RenderedPage>>();

  constructor(private readonly opts: { ttlMs?: number; max?: number } = {}) {}

  /**
   * The kept page for `key` under `version`, or a render's answer that cannot be kept (a 404, an
   * error: returned as is, to this request only). `render` runs once per key and version at a time.
   * A copy older than the TTL under the same version is still answered while it is rendered again
   * (its data did not change as far as the version knows); a copy of another version never is.
   */
  async get(key: string, version: string, now: number, render: () => Promise<RenderedPage>): Promise<KeptPage | RenderedPage> {
    const hit = this.pages.get(key);
    if (hit && hit.version === version) {
      // Most recently used last: the Map's order is the eviction order.
      this.pages.delete(key);
      this.pages.set(key, hit);
      if (now - hit.at >= (this.opts.ttlMs ?? PAGE_TTL_MS)) this.renderOnce(key, version, now, render).catch(() => {});
      return hit;
    }
    return this.renderOnce(key, version, now, render);
  }

  /**
   * The kept page for `key` if it is of `version` and younger than the TTL, else null; renders nothing
   * (the custom server's fast path: a miss or an aging copy goes on to Next, whose proxy renders it).
   */
  peek(key: string, version: string, now: number): KeptPage | null {
    const hit = this.pages.get(key);
    if (!hit || hit.version !== version || now - hit.at >= (this.opts.ttlMs ?? PAGE_TTL_MS)) return null;
    this.pages.delete(key);
    this.pages.set(key, hit);
    return hit;
  }

  private renderOnce(key: string, version: string, now: number, render: () => Promise<RenderedPage>): Promise<KeptPage | RenderedPage> {
    const flight = `${version}\n${key}`;
    let pending = this.renders.get(flight);
    if (!pending) {
      pending = render()
        .then((r) => {
          const page = keepable(r, now, version);
          if (!page) return r;
          this.pages.delete(key);
          while (this.pages.size >= (this.opts.max ?? PAGE_CACHE_MAX)) this.pages.delete(this.pages.keys().next().value!);
          this.pages.set(key, page);
          return page;
        })
        .finally(() => this.renders.delete(flight));
      this.renders.set(flight, pending);
    }
    return pending;
  }

  /** How many copies are kept (for tests). */
  get size(): number {
    return this.pages.size;
  }
}

export function isKept(x: KeptPage | RenderedPage): x is KeptPage {
  return "digest" in x;
}
