import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { SiteHeader } from "@/app/_components/site-header";
import { Providers } from "@/app/_lib/trpc";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Dajie — energy communities", template: "%s · Dajie" },
  description: "Share solar energy with your neighbours, see your credits, and check the community's published totals.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-10 focus:rounded focus:bg-white focus:p-2">
          Skip to content
        </a>
        <Providers>
          <SiteHeader />
          <main id="main" className="mx-auto max-w-6xl px-4 py-8 sm:px-6">
            {children}
          </main>
        </Providers>
        <footer className="mx-auto max-w-6xl px-4 pb-10 text-sm text-slate-600 sm:px-6">Dajie — open-source software for renewable energy communities.</footer>
      </body>
    </html>
  );
}
