// The per-answer gzip of a kept page (gzip-parts.ts): unzipped, the bytes of the page with that answer's nonce.
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { deflateParts, gzipWithNonce } from "./gzip-parts";

describe("gzipWithNonce", () => {
  it("unzips to the parts joined by the nonce (3 parts, 2 nonces), and two nonces give two different streams", () => {
    const parts = ["<html><script nonce=\"", "\">x()</script>" + "<p>é filler</p>".repeat(5000) + "<script nonce=\"", "\"></script></html>"].map((s) => Buffer.from(s));
    const gz = deflateParts(parts);
    const a = gzipWithNonce(parts, gz, "AAAAAAAAAAAAAAAAAAAAAA==");
    const b = gzipWithNonce(parts, gz, "BBBBBBBBBBBBBBBBBBBBBB==");
    expect(gunzipSync(a).toString()).toBe(parts.map(String).join("AAAAAAAAAAAAAAAAAAAAAA=="));
    expect(gunzipSync(b).toString()).toBe(parts.map(String).join("BBBBBBBBBBBBBBBBBBBBBB=="));
    expect(a.length).toBeLessThan(Buffer.concat(parts).length / 10);
  });

  it("a page without the nonce (1 part) is the gzip of that part", () => {
    const parts = [Buffer.from("plain page")];
    expect(gunzipSync(gzipWithNonce(parts, deflateParts(parts), "N")).toString()).toBe("plain page");
  });
});
