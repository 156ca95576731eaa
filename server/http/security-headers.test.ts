// The page headers: nonce CSP (no inline scripts), HSTS only for https.
import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, newNonce, strictTransportSecurity } from "./security-headers";

const directive = (csp: string, name: string) => csp.split("; ").find((d) => d.startsWith(`${name} `));

describe("security headers", () => {
  it("script-src allows the nonce and 'strict-dynamic', never 'unsafe-inline' (nor 'unsafe-eval' outside next dev); styles may be inline", () => {
    const csp = contentSecurityPolicy("abc123", { https: false, development: false });
    expect(directive(csp, "script-src")).toBe("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(directive(csp, "style-src")).toBe("style-src 'self' 'unsafe-inline'");
    expect(directive(csp, "object-src")).toBe("object-src 'none'");
    expect(directive(csp, "frame-ancestors")).toBe("frame-ancestors 'none'");
    expect(csp).not.toContain("upgrade-insecure-requests");
    expect(directive(contentSecurityPolicy("n", { https: true, development: true }), "script-src")).toBe("script-src 'self' 'nonce-n' 'strict-dynamic' 'unsafe-eval'");
  });

  it("a nonce is 16 random bytes in base64 (24 characters), different each time", () => {
    const a = newNonce();
    expect(a).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(newNonce()).not.toBe(a);
  });

  it("HSTS for https://dajie.example, none for http://localhost:3000", () => {
    expect(strictTransportSecurity("https://dajie.example")).toBe("max-age=63072000; includeSubDomains");
    expect(strictTransportSecurity("http://localhost:3000")).toBeNull();
  });
});
