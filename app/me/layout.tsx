import type { ReactNode } from "react";
import { Providers } from "@/app/_lib/trpc";
import { requireUser } from "@/server/auth/server-session";

export const dynamic = "force-dynamic";

export default async function MeLayout({ children }: { children: ReactNode }) {
  await requireUser("/me");
  // The query client and tRPC live here, not in the root layout: pages outside the segments that call tRPC load none of it.
  return <Providers>{children}</Providers>;
}
