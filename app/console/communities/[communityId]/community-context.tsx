"use client";
import { useQuery } from "@tanstack/react-query";
import { useParams } from "next/navigation";
import { useTRPC } from "@/app/_lib/trpc";

/** The community of the current route, from the shared query cache. */
export function useCommunity() {
  const { communityId } = useParams<{ communityId: string }>();
  const trpc = useTRPC();
  const query = useQuery(trpc.community.get.queryOptions({ communityId }));
  const canManage = query.data?.access === "municipality";
  const canConfigure = canManage && query.data?.role === "ADMIN";
  /** Municipality users and the ESCOs serving the community import meter data. */
  const canImport = query.data !== undefined;
  /** Finalizing settlement: the municipality's administrators and users of an ESCO serving the community. */
  /** Finalizing runs: the municipality's administrators and serving ESCOs (decided by the server). */
  const canSettle = query.data?.canSettle ?? false;
  return { communityId, query, community: query.data, canManage, canConfigure, canImport, canSettle };
}
