// Tells the server components which path is being rendered (Next gives layouts no pathname), so that
// English-only pages (the console, the API docs) render in English with <html lang="en">.
// It sets no cookie and never redirects: URLs carry no locale.
import { NextResponse, type NextRequest } from "next/server";
import { PATH_HEADER } from "@/server/i18n/locales";

export function proxy(request: NextRequest) {
  const headers = new Headers(request.headers);
  headers.set(PATH_HEADER, request.nextUrl.pathname);
  return NextResponse.next({ request: { headers } });
}

export const config = { matcher: ["/((?!api/|_next/static|_next/image|favicon.ico).*)"] };
