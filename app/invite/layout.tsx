import type { ReactNode } from "react";
import { Providers } from "@/app/_lib/trpc";

// This page calls tRPC; the query client is loaded here rather than for every page in the root layout.
export default function Layout({ children }: { children: ReactNode }) {
  return <Providers>{children}</Providers>;
}
