"use client";
// The browser's tRPC client with TanStack Query (tRPC v11 "tanstack-react-query" integration).
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink, TRPCClientError } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import { useState, type ReactNode } from "react";
import superjson from "superjson";
import type { AppRouter } from "@/server/api/root";

export const { TRPCProvider, useTRPC } = createTRPCContext<AppRouter>();

function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 10_000,
        // Access errors will not go away by retrying.
        retry: (count, err) => !(err instanceof TRPCClientError && [401, 403, 404].includes(err.data?.httpStatus)) && count < 2,
      },
    },
  });
}

export function Providers({ children }: { children: ReactNode }) {
  const [queryClient] = useState(makeQueryClient);
  const [trpcClient] = useState(() => createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: "/api/trpc", transformer: superjson })] }));
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}

export interface Problem {
  where: string;
  message: string;
}

/**
 * The code, message and per-field/per-line problems of a failed call, for forms to show. The code is
 * the answer's (FORBIDDEN, NOT_FOUND, …; ErrorBox heads the message with it in the reader's language);
 * a call that got no answer at all is NETWORK.
 */
export function errorDetails(err: unknown): { code?: string; message: string; problems: Problem[] } {
  if (err instanceof TRPCClientError) {
    const data = err.data as { code?: string; problems?: Problem[] } | undefined;
    return { code: data?.code ?? "NETWORK", message: err.message, problems: data?.problems ?? [] };
  }
  return { message: err instanceof Error ? err.message : "Something went wrong.", problems: [] };
}
