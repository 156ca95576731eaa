"use client";
// Settlement: the recent periods and their state, a preview of any period (totals, gap report,
// per-member results), finalizing it (administrators and serving ESCOs), and the list of final runs.
// Parts in this folder: recent-periods (the periods and a custom range), period-preview (with
// finalize-box), runs-list.
import { useState } from "react";
import { useCommunity } from "../community-context";
import { PeriodPreview } from "./period-preview";
import type { Period } from "./period";
import { CustomRange, Periods } from "./recent-periods";
import { Runs } from "./runs-list";

export default function SettlementPage() {
  const { communityId } = useCommunity();
  const [period, setPeriod] = useState<Period | null>(null);
  return (
    <div className="space-y-8">
      <Periods communityId={communityId} selected={period} onPreview={setPeriod} />
      <CustomRange onPreview={setPeriod} />
      {period ? <PeriodPreview key={`${period.start}/${period.end}`} period={period} /> : null}
      <Runs communityId={communityId} />
    </div>
  );
}
