// The page cache's store: what is kept, one render per key at a time, version and TTL, the least
// recently used copy dropped, a fresh nonce per answer and an ETag that ignores the nonce.
import { describe, expect, it } from "vitest";
import { bodyWithNonce, isKept, keepable, PageCache, type RenderedPage } from "./page-cache";

const N1 = "AAAAAAAAAAAAAAAAAAAAAA==";
const N2 = "BBBBBBBBBBBBBBBBBBBBBB==";
const page = (body: string, nonce = N1, status = 200, extra: Record<string, string> = {}): RenderedPage => ({
  status,
  headers: new Headers({ "content-type": "text/html; charset=utf-8", "content-security-policy": `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`, ...extra }),
  body,
});

describe("keepable", () => {
  it("a 200 HTML page with a nonce, no cookie; its digest is the same whatever nonce it was rendered with", () => {
    const a = keepable(page(`<script nonce="${N1}"></script>figures 12`), 0, "v")!;
    const b = keepable(page(`<script nonce="${N2}"></script>figures 12`, N2), 0, "v")!;
    expect(a.nonce).toBe(N1);
    expect(a.digest).toBe(b.digest);
    expect(keepable(page(`<script nonce="${N1}"></script>figures 13`), 0, "v")!.digest).not.toBe(a.digest);
    expect(keepable(page("x", N1, 404), 0, "v")).toBeNull();
    expect(keepable(page("x", N1, 200, { "set-cookie": "a=b" }), 0, "v")).toBeNull();
    expect(keepable({ status: 200, headers: new Headers({ "content-type": "text/html" }), body: "x" }, 0, "v")).toBeNull();
    expect(keepable({ ...page("x"), headers: new Headers({ "content-type": "application/json", "content-security-policy": `'nonce-${N1}'` }) }, 0, "v")).toBeNull();
  });

  it("each answer carries the nonce it is given", () => {
    const kept = keepable(page(`<script nonce="${N1}"></script>`), 0, "v")!;
    expect(new TextDecoder().decode(bodyWithNonce(kept, N2))).toBe(`<script nonce="${N2}"></script>`);
    const twice = keepable(page(`é<a nonce="${N1}"></a>€<b nonce="${N1}"></b>`), 0, "v")!;
    expect(new TextDecoder().decode(bodyWithNonce(twice, N2))).toBe(`é<a nonce="${N2}"></a>€<b nonce="${N2}"></b>`);
  });
});

describe("PageCache", () => {
  it("renders once for concurrent misses, then answers from the copy; past the TTL (10 s) the old copy is answered while one render replaces it; another version waits for its render", async () => {
    const cache = new PageCache({ ttlMs: 10_000 });
    let renders = 0;
    let release: () => void = () => {};
    const render = async () => {
      const n = ++renders;
      await new Promise<void>((r) => (release = r));
      return page(`<p>render ${n}</p><script nonce="${N1}"></script>`);
    };
    const both = Promise.all([cache.get("en /", "v1", 0, render), cache.get("en /", "v1", 0, render)]);
    release();
    const [a, b] = await both;
    expect(renders).toBe(1);
    expect(a).toBe(b);
    expect(await cache.get("en /", "v1", 9_999, render)).toBe(a);
    expect(renders).toBe(1);
    // TTL over, same version: the old copy at once, one render started (not two).
    expect(await cache.get("en /", "v1", 10_000, render)).toBe(a);
    expect(await cache.get("en /", "v1", 10_001, render)).toBe(a);
    expect(renders).toBe(2);
    release();
    await new Promise((r) => setImmediate(r));
    const renewed = await cache.get("en /", "v1", 10_002, render);
    expect(isKept(renewed) && renewed.body).toContain("render 2");
    // Another version: this request waits for the new render.
    const waiting = cache.get("en /", "v2", 10_003, render);
    expect(renders).toBe(3);
    release();
    const v2 = await waiting;
    expect(isKept(v2) && v2.body).toContain("render 3");
    // Another key (another language) is its own copy.
    const de = cache.get("de /", "v2", 10_003, render);
    release();
    await de;
    expect(renders).toBe(4);
  });

  it("an answer that cannot be kept goes to the requests waiting for it and is rendered again next time", async () => {
    const cache = new PageCache();
    let renders = 0;
    const render = async () => (renders++, page("not found", N1, 404));
    const r = await cache.get("en /c/nope?view=day", "v", 0, render);
    expect(isKept(r)).toBe(false);
    expect((r as RenderedPage).status).toBe(404);
    await cache.get("en /c/nope?view=day", "v", 1, render);
    expect(renders).toBe(2);
    expect(cache.size).toBe(0);
  });

  it("a failed render is not kept and does not block the next one", async () => {
    const cache = new PageCache();
    await expect(cache.get("en /", "v", 0, () => Promise.reject(new Error("down")))).rejects.toThrow("down");
    expect(isKept(await cache.get("en /", "v", 1, async () => page(`<i nonce="${N1}"></i>`)))).toBe(true);
  });

  it("keeps at most `max` copies, dropping the least recently used (3 keys, max 2: the unused one goes)", async () => {
    const cache = new PageCache({ max: 2 });
    let renders = 0;
    const render = async () => (renders++, page(`<i nonce="${N1}"></i>`));
    await cache.get("en /a", "v", 0, render);
    await cache.get("en /b", "v", 0, render);
    await cache.get("en /a", "v", 1, render); // /a used again: /b is now the oldest
    await cache.get("en /c", "v", 2, render);
    expect(cache.size).toBe(2);
    expect(renders).toBe(3);
    await cache.get("en /a", "v", 3, render);
    expect(renders).toBe(3);
    await cache.get("en /b", "v", 3, render);
    expect(renders).toBe(4);
  });
});
