"use client";
// Meter data: import a file (upload with progress → preview → import), the list of imports, and per
// metering point the daily energy as a chart with its numbers and the missing intervals. The parts are
// in this folder: import-card (with import-channels, save-mapping, upload-file), batches, point-readings
// (with daily-chart).
import { useSearchParams } from "next/navigation";
import { useState } from "react";
import { useCommunity } from "../community-context";
import { Batches } from "./batches";
import { ImportCard } from "./import-card";
import { Readings } from "./point-readings";

export default function ReadingsPage() {
  const { communityId, canImport } = useCommunity();
  // ?point=ID (a meter id's link from the metering point list) opens that point's readings.
  const [selected, setSelected] = useState<string | null>(useSearchParams().get("point"));
  return (
    <div className="space-y-8">
      {canImport ? <ImportCard communityId={communityId} onImported={(pointId) => pointId && setSelected(pointId)} /> : null}
      <Batches communityId={communityId} />
      <Readings communityId={communityId} selected={selected} onSelect={setSelected} />
    </div>
  );
}
