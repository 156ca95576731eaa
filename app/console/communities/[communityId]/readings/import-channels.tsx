"use client";
// The channels a file holds (with the mapping to the community's metering points) and the choice to
// skip a class of problems.
import { useId } from "react";
import { Empty } from "@/app/_components/ui";
import { formatDateTime, formatKWhFromMWh } from "@/app/_lib/format";
import { nf, type ImportPreviewData } from "./shared";

const CHANNEL_DIRECTION: Record<string, string> = { consumption: "Consumption", injection: "Injection", unknown: "Unknown" };

/** "1234.5" Wh (exact decimal string) → mWh as a bigint string, for formatKWhFromMWh. */
function whToMWh(wh: string): string {
  const negative = wh.startsWith("-");
  const [whole = "0", frac = ""] = (negative ? wh.slice(1) : wh).split(".");
  const value = BigInt(whole) * 1000n + BigInt(frac.slice(0, 3).padEnd(3, "0") || "0");
  return (negative ? -value : value).toString();
}

type Channel = ImportPreviewData["channels"][number];
type Point = { id: string; code: string; direction: string };

export function Channels({ channels, points, aliases, onAlias }: { channels: Channel[]; points: Point[]; aliases: Record<string, string>; onAlias: (fileId: string, code: string) => void }) {
  if (!channels.length) return <Empty>No readings were found in the file.</Empty>;
  const codes = [...new Set(points.map((p) => p.code))];
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200" tabIndex={0} role="region" aria-label="Channels in the file (scrollable table)">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Channels in the file</caption>
        <thead className="bg-slate-100 text-slate-700">
          <tr>
            <th scope="col" className="px-3 py-2">Metering point in the file</th>
            <th scope="col" className="px-3 py-2">Community metering point</th>
            <th scope="col" className="px-3 py-2">Direction</th>
            <th scope="col" className="px-3 py-2">Intervals</th>
            <th scope="col" className="px-3 py-2">Period</th>
            <th scope="col" className="px-3 py-2">Total</th>
            <th scope="col" className="px-3 py-2">Gaps</th>
          </tr>
        </thead>
        <tbody>
          {channels.map((c) => (
            <tr key={`${c.meteringPoint}-${c.direction}`} className="border-t border-slate-200">
              <td className="px-3 py-2 font-mono">{c.meteringPoint}</td>
              <td className="px-3 py-2">
                {c.mappedTo ? <span className="font-mono">{c.mappedTo}</span> : "unknown"}
                {!c.mappedTo || aliases[c.meteringPoint] ? (
                  <label className="mt-1 block text-xs">
                    <span className="sr-only">Map {c.meteringPoint} to</span>
                    <select className="min-h-8 rounded border border-slate-400 bg-white px-2" value={aliases[c.meteringPoint] ?? ""} onChange={(e) => onAlias(c.meteringPoint, e.target.value)}>
                      <option value="">Map to…</option>
                      {codes.map((code) => (
                        <option key={code} value={code}>
                          {code}
                        </option>
                      ))}
                    </select>
                  </label>
                ) : null}
              </td>
              <td className="px-3 py-2">{CHANNEL_DIRECTION[c.direction] ?? c.direction}</td>
              <td className="px-3 py-2" data-testid="channel-intervals">
                {nf().format(c.intervals)} × {c.intervalSeconds / 60} min
              </td>
              <td className="px-3 py-2">
                {formatDateTime(c.start)} – {formatDateTime(c.end)}
              </td>
              <td className="px-3 py-2">{formatKWhFromMWh(whToMWh(c.totalWh))}</td>
              <td className="px-3 py-2">{nf().format(c.gaps.length + (c.gapsOmitted ?? 0))}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function SkipBox({ code, count, checked, onChange }: { code: string; count: number; checked: boolean; onChange: (on: boolean) => void }) {
  const id = useId();
  return (
    <div className="flex items-center gap-2">
      <input id={id} type="checkbox" className="h-4 w-4" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      <label htmlFor={id}>
        Skip these rows: <span className="font-mono">{code}</span>
        {checked ? " (skipped)" : ` (${count})`}
      </label>
    </div>
  );
}
