import { NextIntlClientProvider } from "next-intl";
import type { ReactNode } from "react";
import { Providers } from "@/app/_lib/trpc";
import { requireUser } from "@/server/auth/server-session";

export const dynamic = "force-dynamic";

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  await requireUser("/console");
  // The query client and tRPC live here, not in the root layout: pages outside the segments that call tRPC load none of it.
  // Every message (the root layout hands the client only the namespaces used outside the console).
  return (
    <NextIntlClientProvider>
      <Providers>{children}</Providers>
    </NextIntlClientProvider>
  );
}
