"use client";
import { useQuery } from "@tanstack/react-query";
import { useParams } from "next/navigation";
import { useTRPC } from "@/app/_lib/trpc";

/** The community of the current route, from the shared query cache, with what the caller may do
 *  there as the server decided it (community.get's `permissions`, from server/access/scope.ts). */
export function useCommunity() {
  const { communityId } = useParams<{ communityId: string }>();
  const trpc = useTRPC();
  const query = useQuery(trpc.community.get.queryOptions({ communityId }));
  const may = query.data?.permissions;
  return {
    communityId,
    query,
    community: query.data,
    canManage: may?.manage ?? false,
    canConfigure: may?.configure ?? false,
    canImport: may?.import ?? false,
    canSettle: may?.settle ?? false,
  };
}
