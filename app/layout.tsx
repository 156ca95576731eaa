import type { Metadata, Viewport } from "next";
import { NextIntlClientProvider } from "next-intl";
import { getLocale, getMessages, getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { LocaleBoundary } from "@/app/_components/locale-boundary";
import { SiteHeader } from "@/app/_components/site-header";
import { CLIENT_NAMESPACES, pickMessages } from "@/app/_lib/client-messages";
import { THEME_COLOR } from "@/app/_lib/theme-colors";
import { preferredLocale } from "@/server/i18n/request-locale";
import "./globals.css";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("layout");
  return { title: { default: t("title"), template: "%s · Dajie" }, description: t("description"), icons: { icon: { url: "/favicon.svg", type: "image/svg+xml" } } };
}

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: THEME_COLOR };

// The language comes from the switcher's cookie or the browser (server/i18n/request-locale.ts); the
// API docs are always English. No query client here: only the segments whose
// pages call tRPC (console, me, invite, reset) wrap themselves in Providers, so the public pages, the
// landing and the sign-in page load none of it.
export default async function RootLayout({ children }: { children: ReactNode }) {
  const locale = await getLocale();
  const t = await getTranslations("layout");
  return (
    <html lang={locale}>
      <body className="min-h-screen font-sans">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-10 focus:rounded focus:bg-white focus:p-2">
          {t("skipToContent")}
        </a>
        {/* Only what client components translate with (app/_lib/client-messages.ts): the page's HTML carries it. */}
        <NextIntlClientProvider messages={pickMessages(await getMessages(), CLIENT_NAMESPACES)}>
          <LocaleBoundary preferred={await preferredLocale()} />
          <SiteHeader />
          <main id="main" className="mx-auto max-w-6xl px-4 py-8 sm:px-6">
            {children}
          </main>
        </NextIntlClientProvider>
        <footer className="mx-auto max-w-6xl px-4 pb-10 text-sm text-slate-600 sm:px-6">{t("footer")}</footer>
      </body>
    </html>
  );
}
