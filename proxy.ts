// Runs before every page (not /api, not static files):
// - tells the server components which path is being rendered (Next gives layouts no pathname), so that
//   English-only pages (the console, the API docs) render in English with <html lang="en">;
// - sets the page's Content-Security-Policy with a fresh nonce (on the request too: Next reads the nonce
//   from it and puts it on its scripts) and HSTS when APP_URL is https (server/http/security-headers.ts).
// It sets no cookie and never redirects: URLs carry no locale.
import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/server/env";
import { contentSecurityPolicy, newNonce, strictTransportSecurity } from "@/server/http/security-headers";
import { PATH_HEADER } from "@/server/i18n/locales";

export function proxy(request: NextRequest) {
  const { APP_URL, NODE_ENV } = env();
  const csp = contentSecurityPolicy(newNonce(), { https: APP_URL.startsWith("https://"), development: NODE_ENV === "development" });
  const headers = new Headers(request.headers);
  headers.set(PATH_HEADER, request.nextUrl.pathname);
  headers.set("Content-Security-Policy", csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", csp);
  const hsts = strictTransportSecurity(APP_URL);
  if (hsts) response.headers.set("Strict-Transport-Security", hsts);
  return response;
}

export const config = { matcher: ["/((?!api/|_next/static|_next/image|favicon.ico).*)"] };
