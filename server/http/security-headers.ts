// The headers of every page (set by proxy.ts): a nonce-based Content-Security-Policy and, when the
// deployment is served over https, HSTS. Next.js puts the request's nonce on its own <script> tags when
// a page is rendered per request (every page is: the root layout reads the language from the request).
// Scripts: only those carrying the nonce, and what they load ('strict-dynamic'); never inline code
// from the page. Styles may be inline ('unsafe-inline' for styles only): recharts and React's `style`
// attributes write them. Pure.

/** A fresh nonce: 128 random bits, base64. */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

export function contentSecurityPolicy(nonce: string, opts: { https: boolean; development: boolean }): string {
  const directives = [
    "default-src 'self'",
    // 'unsafe-eval' only under `next dev` (React's dev tools rebuild call stacks with eval).
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${opts.development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ];
  if (opts.https) directives.push("upgrade-insecure-requests");
  return directives.join("; ");
}

/** Two years, subdomains included, only for an https deployment (on http it would be ignored or harmful). */
export function strictTransportSecurity(appUrl: string): string | null {
  return appUrl.startsWith("https://") ? "max-age=63072000; includeSubDomains" : null;
}

/**
 * The headers next.config.js's headers() adds to every answer Next serves. The custom server's fast
 * path (server/http/fast-path.ts) answers without Next, so it adds them itself; fast-path.int.test.ts
 * checks this list against next.config.js.
 */
export const EVERY_ANSWER_HEADERS: Readonly<Record<string, string>> = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "same-origin",
  "X-Frame-Options": "DENY",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
};
