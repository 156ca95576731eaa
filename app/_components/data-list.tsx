"use client";
// The parts of a list people work with: a search box and filters above it, sortable column headers
// (aria-sort, a button per header), downloads of exactly what the list shows, and a scrolling region
// that a keyboard can scroll, so a wide table never makes the page scroll sideways on a phone.
// Searching, filtering and sorting happen on the server; these parts only hold and show the choice.
import { useTranslations } from "next-intl";
import { useEffect, useId, useState, type ReactNode } from "react";

export type SortDir = "asc" | "desc";
export interface SortState<K extends string> {
  sort: K;
  dir: SortDir;
}

/** A search box that reports its text a moment after typing stops (one query per pause, not per key). */
export function SearchBox({ label, value, onChange, placeholder }: { label: string; value: string; onChange: (v: string) => void; placeholder?: string }) {
  const id = useId();
  const [text, setText] = useState(value);
  useEffect(() => {
    if (text === value) return;
    const t = setTimeout(() => onChange(text), 250);
    return () => clearTimeout(t);
  }, [text, value, onChange]);
  return (
    <div className="flex min-w-0 flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      <input id={id} type="search" value={text} placeholder={placeholder} onChange={(e) => setText(e.target.value)} className="min-h-10 w-full min-w-0 rounded-md border border-slate-400 bg-white px-3 py-2 text-sm sm:w-64" />
    </div>
  );
}

export interface FilterOption {
  value: string;
  label: string;
}

/** One filter as a select; "" is "all". */
export function FilterSelect({ label, value, options, onChange, allLabel }: { label: string; value: string; options: FilterOption[]; onChange: (v: string) => void; allLabel?: string }) {
  const id = useId();
  const t = useTranslations("console.lists");
  return (
    <div className="flex min-w-0 flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} className="min-h-10 max-w-full rounded-md border border-slate-400 bg-white px-3 py-2 text-sm">
        <option value="">{allLabel ?? t("all")}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The row of controls above a list: wraps on a narrow screen. */
export function ListToolbar({ children, label }: { children: ReactNode; label?: string }) {
  const t = useTranslations("console.lists");
  return (
    <div role="search" aria-label={label ?? t("searchAndFilter")} className="mb-3 flex flex-wrap items-end gap-3">
      {children}
    </div>
  );
}

/** Downloads of the list as it is filtered: `href(format)` builds each address. */
export function ExportLinks({ href, label, formats }: { href: (format: string) => string; label?: string; formats?: { format: string; label: string }[] }) {
  const t = useTranslations("console.lists");
  const shown = formats ?? [
    { format: "csv", label: t("csv") },
    { format: "xlsx", label: t("xlsx") },
  ];
  return (
    <div className="flex flex-col gap-1">
      <span className="text-sm font-medium">{label ?? t("download")}</span>
      <div className="flex gap-2">
        {shown.map((f) => (
          <a key={f.format} href={href(f.format)} download className="inline-flex min-h-10 items-center rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium text-slate-900 no-underline hover:bg-slate-100">
            {f.label}
          </a>
        ))}
      </div>
    </div>
  );
}

/** A column header that sorts the list: aria-sort on the header, the choice on a button inside it. */
export function SortHeader<K extends string>({ label, column, state, onSort, align }: { label: string; column: K; state: SortState<K>; onSort: (s: SortState<K>) => void; align?: "left" | "right" }) {
  const active = state.sort === column;
  const next: SortDir = active && state.dir === "asc" ? "desc" : "asc";
  return (
    <th scope="col" aria-sort={active ? (state.dir === "asc" ? "ascending" : "descending") : "none"} className={`px-3 py-2${align === "right" ? " text-right" : ""}`}>
      <button type="button" onClick={() => onSort({ sort: column, dir: active ? next : "asc" })} className="inline-flex items-center gap-1 font-semibold underline-offset-2 hover:underline">
        {label}
        <span aria-hidden className="text-xs text-slate-600">
          {active ? (state.dir === "asc" ? "▲" : "▼") : "↕"}
        </span>
      </button>
    </th>
  );
}

/** The scrolling box of a wide table: focusable and named, so a keyboard can scroll it; the page itself never scrolls sideways. */
export function ListRegion({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div role="region" aria-label={label} tabIndex={0} className="max-w-full overflow-x-auto rounded-lg border border-slate-200 bg-white">
      {children}
    </div>
  );
}

/** A query string of the non-empty values (for the list downloads). */
export function queryString(values: Record<string, string | undefined>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v) p.set(k, v);
  return p.toString();
}
