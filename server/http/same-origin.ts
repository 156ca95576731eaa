// Cross-site request forgery: a state-changing request that a browser sends with the user's cookie must
// come from a page of this deployment. The allowed origin is APP_URL's (plus its localhost/127.0.0.1
// twin, as better-auth's trustedOrigins) — not the request's own Host, which a DNS-rebinding page
// controls. `Origin` decides when present ("null" is foreign); else `Referer`; a request with neither
// is not a browser's cross-site request (browsers send Origin on every cross-origin POST) and passes.
// Safe methods (GET, HEAD, OPTIONS) are not checked: nothing changes on them.
import { AppError } from "@/server/errors";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** APP_URL's origin and its local twin (people type either). Pure. */
export function allowedOrigins(appUrl: string): string[] {
  const url = new URL(appUrl);
  const twin = url.hostname === "localhost" ? "127.0.0.1" : url.hostname === "127.0.0.1" ? "localhost" : null;
  return twin ? [url.origin, `${url.protocol}//${twin}${url.port ? `:${url.port}` : ""}`] : [url.origin];
}

/** Whether a request may change state: safe method, or sent from an allowed origin. Pure. */
export function isSameOriginRequest(req: { method: string; headers: Headers }, allowed: readonly string[]): boolean {
  if (SAFE_METHODS.has(req.method.toUpperCase())) return true;
  const origin = req.headers.get("origin");
  if (origin !== null) return allowed.includes(origin);
  const referer = req.headers.get("referer");
  if (referer !== null) {
    try {
      return allowed.includes(new URL(referer).origin);
    } catch {
      return false;
    }
  }
  return true;
}

export const foreignOrigin = () => new AppError("FORBIDDEN", "This request did not come from a page of this site.");
