import type { ReactNode } from "react";
import { requireUser } from "@/server/auth/server-session";

export const dynamic = "force-dynamic";

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  await requireUser("/console");
  return children;
}
