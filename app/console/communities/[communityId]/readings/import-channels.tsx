"use client";
// The channels a file holds (with the mapping to the community's metering points) and the choice to
// skip a class of problems.
import { useLocale, useTranslations } from "next-intl";
import { useId } from "react";
import { Empty } from "@/app/_components/ui";
import { formatterFor } from "@/app/_lib/format";
import type { ImportPreviewData } from "./shared";

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
  const t = useTranslations("console.readings");
  const c = useTranslations("console.common");
  const f = formatterFor(useLocale());
  const direction = (d: string) => (d === "consumption" ? c("direction.CONSUMPTION") : d === "injection" ? c("direction.INJECTION") : d === "unknown" ? t("unknownDirection") : d);
  if (!channels.length) return <Empty>{t("noChannels")}</Empty>;
  const codes = [...new Set(points.map((p) => p.code))];
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200" tabIndex={0} role="region" aria-label={c("scrollable", { name: t("channelsCaption") })}>
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{t("channelsCaption")}</caption>
        <thead className="bg-slate-100 text-slate-700">
          <tr>
            <th scope="col" className="px-3 py-2">{t("ch.filePoint")}</th>
            <th scope="col" className="px-3 py-2">{t("ch.communityPoint")}</th>
            <th scope="col" className="px-3 py-2">{t("ch.direction")}</th>
            <th scope="col" className="px-3 py-2">{t("ch.intervals")}</th>
            <th scope="col" className="px-3 py-2">{t("ch.period")}</th>
            <th scope="col" className="px-3 py-2">{t("ch.total")}</th>
            <th scope="col" className="px-3 py-2">{t("ch.gaps")}</th>
          </tr>
        </thead>
        <tbody>
          {channels.map((ch) => (
            <tr key={`${ch.meteringPoint}-${ch.direction}`} className="border-t border-slate-200">
              <td className="px-3 py-2 font-mono">{ch.meteringPoint}</td>
              <td className="px-3 py-2">
                {ch.mappedTo ? <span className="font-mono">{ch.mappedTo}</span> : t("unknown")}
                {!ch.mappedTo || aliases[ch.meteringPoint] ? (
                  <label className="mt-1 block text-xs">
                    <span className="sr-only">{t("mapTo", { point: ch.meteringPoint })}</span>
                    <select className="min-h-8 rounded border border-slate-400 bg-white px-2" value={aliases[ch.meteringPoint] ?? ""} onChange={(e) => onAlias(ch.meteringPoint, e.target.value)}>
                      <option value="">{t("mapToOption")}</option>
                      {codes.map((code) => (
                        <option key={code} value={code}>
                          {code}
                        </option>
                      ))}
                    </select>
                  </label>
                ) : null}
              </td>
              <td className="px-3 py-2">{direction(ch.direction)}</td>
              <td className="px-3 py-2" data-testid="channel-intervals">
                {f.count(ch.intervals)} × {ch.intervalSeconds / 60} min
              </td>
              <td className="px-3 py-2">
                {f.dateTime(ch.start)} – {f.dateTime(ch.end)}
              </td>
              <td className="px-3 py-2">{f.kwh(whToMWh(ch.totalWh))}</td>
              <td className="px-3 py-2">{f.count(ch.gaps.length + (ch.gapsOmitted ?? 0))}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function SkipBox({ code, count, checked, onChange }: { code: string; count: number; checked: boolean; onChange: (on: boolean) => void }) {
  const t = useTranslations("console.readings");
  const f = formatterFor(useLocale());
  const id = useId();
  return (
    <div className="flex items-center gap-2">
      <input id={id} type="checkbox" className="h-4 w-4" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      <label htmlFor={id}>
        {t.rich("skipRows", { code, skipped: checked ? "yes" : "no", count: f.count(count), mono: (chunks) => <span className="font-mono">{chunks}</span> })}
      </label>
    </div>
  );
}
