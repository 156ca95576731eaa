import type { ReactNode } from "react";
import { requireUser } from "@/server/auth/server-session";

export const dynamic = "force-dynamic";

export default async function MeLayout({ children }: { children: ReactNode }) {
  await requireUser("/me");
  return children;
}
