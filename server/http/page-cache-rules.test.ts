// The anonymous page cache's rules: which requests are kept and under which key, the nonce swap, the ETag.
import { describe, expect, it } from "vitest";
import { etagMatches, hasSessionCookie, nonceOfPolicy, pageCacheKey, parseCookies, parsePageCacheKey, weakEtag, withFreshNonce } from "./page-cache-rules";

const req = (path: string, headers: Record<string, string> = {}, method = "GET") => ({ method, url: new URL(path, "http://localhost:3000"), headers: new Headers(headers) });

describe("pageCacheKey", () => {
  it("keeps the landing page, a community's page and its ledger page, per language", () => {
    expect(pageCacheKey(req("/"))).toBe("en /");
    expect(pageCacheKey(req("/c/solaria"))).toBe("en /c/solaria?view=day");
    expect(pageCacheKey(req("/c/solaria/ledger"))).toBe("en /c/solaria/ledger");
  });

  it("the language: the switcher's cookie wins over Accept-Language; an unknown cookie falls back to the header", () => {
    expect(pageCacheKey(req("/c/solaria", { "accept-language": "de-AT,de;q=0.9" }))).toBe("de /c/solaria?view=day");
    expect(pageCacheKey(req("/c/solaria", { "accept-language": "de", cookie: "dajie-locale=it" }))).toBe("it /c/solaria?view=day");
    expect(pageCacheKey(req("/c/solaria", { "accept-language": "fr", cookie: "dajie-locale=xx" }))).toBe("fr /c/solaria?view=day");
  });

  it("the public page's view is in the key as energyViewOf reads it; other parameters are not", () => {
    expect(pageCacheKey(req("/c/solaria?view=month"))).toBe("en /c/solaria?view=month");
    expect(pageCacheKey(req("/c/solaria?view=year&month=2026-01"))).toBe("en /c/solaria?view=year");
    expect(pageCacheKey(req("/c/solaria?month=2026-03"))).toBe("en /c/solaria?view=day&month=2026-03");
    expect(pageCacheKey(req("/c/solaria?view=nonsense&month=March"))).toBe("en /c/solaria?view=day");
    expect(pageCacheKey(req("/c/solaria?utm=1"))).toBe(pageCacheKey(req("/c/solaria")));
    expect(pageCacheKey(req("/?view=month"))).toBe("en /");
  });

  it("never kept: a session cookie, a client navigation (RSC), not a GET, other pages", () => {
    expect(pageCacheKey(req("/c/solaria", { cookie: "dajie-locale=de; better-auth.session_token=abc" }))).toBeNull();
    expect(pageCacheKey(req("/c/solaria", { cookie: "__Secure-better-auth.session_token=abc" }))).toBeNull();
    expect(pageCacheKey(req("/c/solaria", { rsc: "1" }))).toBeNull();
    expect(pageCacheKey(req("/c/solaria?_rsc=x1"))).toBeNull();
    expect(pageCacheKey(req("/c/solaria", { "next-router-prefetch": "1" }))).toBeNull();
    expect(pageCacheKey(req("/c/solaria", {}, "POST"))).toBeNull();
    expect(pageCacheKey(req("/c/solaria", {}, "HEAD"))).toBeNull();
    for (const path of ["/console", "/me", "/sign-in", "/c/solaria/join", "/c/solaria/checkpoints", "/c/Solaria", "/c/solaria/ledger/x", "/c/"]) expect(pageCacheKey(req(path))).toBeNull();
  });

  it("parsePageCacheKey gives back the language and the path to render", () => {
    expect(parsePageCacheKey("de /c/solaria?view=day&month=2026-03")).toEqual({ locale: "de", path: "/c/solaria?view=day&month=2026-03" });
    expect(parsePageCacheKey(pageCacheKey(req("/", { "accept-language": "it" }))!)).toEqual({ locale: "it", path: "/" });
  });
});

describe("cookies", () => {
  it("parses names and values; a better-auth cookie is a session", () => {
    const c = parseCookies("a=1; dajie-locale=de;b=x=y; junk");
    expect([...c.entries()]).toEqual([["a", "1"], ["dajie-locale", "de"], ["b", "x=y"]]);
    expect(hasSessionCookie(c)).toBe(false);
    expect(hasSessionCookie(parseCookies("better-auth.session_data=z"))).toBe(true);
  });
});

describe("nonce", () => {
  it("reads the nonce of a policy and swaps every occurrence in the page", () => {
    const old = "k3J+9/aZ0qP1xYw2ZQ==AbCd";
    expect(nonceOfPolicy(`default-src 'self'; script-src 'self' 'nonce-${old}' 'strict-dynamic'`)).toBe(old);
    expect(nonceOfPolicy("default-src 'self'")).toBeNull();
    const page = `<script nonce="${old}">a</script><script nonce="${old}" src="/x.js"></script>"nonce":"${old}"`;
    const fresh = "Zz9+Yy8/Xx7=Ww6Vv5Uu4Tt3";
    const out = withFreshNonce(page, old, fresh);
    expect(out).toBe(`<script nonce="${fresh}">a</script><script nonce="${fresh}" src="/x.js"></script>"nonce":"${fresh}"`);
    expect(out).not.toContain(old);
  });
});

describe("ETag", () => {
  it("weak, and If-None-Match compares weakly, in a list or as *", () => {
    const etag = weakEtag("abc");
    expect(etag).toBe('W/"abc"');
    expect(etagMatches('W/"abc"', etag)).toBe(true);
    expect(etagMatches('"abc"', etag)).toBe(true);
    expect(etagMatches('"x", W/"abc"', etag)).toBe(true);
    expect(etagMatches("*", etag)).toBe(true);
    expect(etagMatches('W/"abd"', etag)).toBe(false);
    expect(etagMatches(null, etag)).toBe(false);
  });
});
