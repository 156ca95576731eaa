// The console's list of final runs as people work with it: a search (a period's dates or who finalized),
// a year filter, superseded versions shown or hidden, sort by period or by when it was finalized — and
// the same list as CSV or XLSX.
// Runs are few (a period a month, rarely corrected), so the service filters listRuns' answer.
import { z } from "zod";
import type { Tx } from "@/server/db/client";
import { text } from "@/server/shared/text";
import { listFile, type ListFile, type ListFormat } from "@/server/members/member-list";
import { listRuns, type RunSummaryDto } from "./run-views";

export const runListQuery = z.object({
  /** Part of a period date ("2026-03") or of who finalized it ("scheduler", a name), any case. */
  search: text().trim().max(80).optional(),
  year: z.string().regex(/^\d{4}$/, "A year such as 2026.").optional(),
  superseded: z.enum(["show", "hide"]).default("show"),
  sort: z.enum(["period", "finalized"]).default("finalized"),
  dir: z.enum(["asc", "desc"]).default("desc"),
});
export type RunListQuery = z.input<typeof runListQuery>;

export async function searchRuns(db: Tx, communityId: string, query: RunListQuery): Promise<RunSummaryDto[]> {
  const q = runListQuery.parse(query);
  const needle = q.search?.toLowerCase();
  const matches = (r: RunSummaryDto) => !needle || r.periodStart.includes(needle) || r.periodEnd.includes(needle) || r.startedByName.toLowerCase().includes(needle);
  const runs = (await listRuns(db, communityId)).filter((r) => (!q.year || r.periodStart.startsWith(q.year)) && (q.superseded === "show" || !r.superseded) && matches(r));
  const key = (r: RunSummaryDto) => (q.sort === "period" ? `${r.periodStart}|${String(r.version).padStart(6, "0")}` : `${r.createdAt}|${String(r.version).padStart(6, "0")}`);
  return runs.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0) * (q.dir === "asc" ? 1 : -1));
}

/** Cents as a decimal euro string, exact: -1234 → "-12.34". */
export function centsToEur(cents: string): string {
  const n = BigInt(cents);
  const abs = n < 0n ? -n : n;
  return `${n < 0n ? "-" : ""}${abs / 100n}.${(abs % 100n).toString().padStart(2, "0")}`;
}

export async function exportRuns(db: Tx, communityId: string, query: RunListQuery, format: ListFormat): Promise<ListFile> {
  const runs = await searchRuns(db, communityId, query);
  const header = ["period_start", "period_end", "version", "superseded", "finalized_at", "finalized_by", "members", "shared_mwh", "community_credit_eur", "checkpoint_size", "checkpoint_root"];
  const rows = runs.map((r) => [r.periodStart, r.periodEnd, r.version, r.superseded ? "yes" : "no", r.createdAt, r.startedByName, r.totals.members, r.totals.sharedMWh, centsToEur(r.totals.communityCreditCents), r.checkpointSize, r.checkpointRoot]);
  return listFile(format, "runs", "Runs", header, rows);
}
