"use client";
import { useCommunity } from "../community-context";
import { PointsList } from "./points-list";

export default function MeteringPointsPage() {
  const { communityId } = useCommunity();
  return <PointsList communityId={communityId} />;
}
