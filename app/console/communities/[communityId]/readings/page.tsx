"use client";
// Meter data: import a file (upload with progress → preview → import), the list of imports, and per
// metering point the daily energy as a chart with its numbers and the missing intervals.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { inferRouterInputs } from "@trpc/server";
import { useEffect, useId, useState, type DragEvent } from "react";
import { Button, Card, Empty, ErrorBox, Field, Loading, Notice, Select } from "@/app/_components/ui";
import { directionLabel, formatDate, formatDateTime, formatKWhFromMWh } from "@/app/_lib/format";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";
import type { AppRouter } from "@/server/api/root";
import { isFileLevelProblem } from "@/server/metering/types";
import { addDays } from "@/server/shared/iso-date";
import { useCommunity } from "../community-context";

type ImportOptions = NonNullable<inferRouterInputs<AppRouter>["readingImport"]["preview"]["options"]>;
type ProblemCode = NonNullable<ImportOptions["skip"]>[number];

const FORMATS = [
  ["", "Detect automatically"],
  ["csv", "CSV"],
  ["enedis", "Enedis load curve (France)"],
  ["greenbutton", "Green Button (XML)"],
  ["ebutilities", "ebUtilities (Austria)"],
  ["mscons", "MSCONS (EDIFACT)"],
] as const;
const CHANNEL_DIRECTION: Record<string, string> = { consumption: "Consumption", injection: "Injection", unknown: "Unknown" };

const nf = () => new Intl.NumberFormat();

/** "1234.5" Wh (exact decimal string) → mWh as a bigint string, for formatKWhFromMWh. */
function whToMWh(wh: string): string {
  const negative = wh.startsWith("-");
  const [whole = "0", frac = ""] = (negative ? wh.slice(1) : wh).split(".");
  const value = BigInt(whole) * 1000n + BigInt(frac.slice(0, 3).padEnd(3, "0") || "0");
  return (negative ? -value : value).toString();
}

function problemHeadline(n: number): string {
  return n === 1 ? "1 problem stops the import." : `${nf().format(n)} problems stop the import.`;
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}

interface Uploaded {
  uploadId: string;
  fileName: string;
  sizeBytes: number;
}

/** Sends the file as the request body; XMLHttpRequest because fetch reports no upload progress. */
function uploadFile(url: string, file: File, onProgress: (fraction: number) => void): Promise<Uploaded> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.setRequestHeader("X-File-Name", encodeURIComponent(file.name));
    xhr.setRequestHeader("Content-Type", "application/octet-stream");
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      let body: { error?: string } & Partial<Uploaded> = {};
      try {
        body = JSON.parse(xhr.responseText) as typeof body;
      } catch {
        // not JSON
      }
      if (xhr.status === 201 && body.uploadId) resolve(body as Uploaded);
      else reject(new Error(body.error ?? `The upload failed (HTTP ${xhr.status}).`));
    };
    xhr.onerror = () => reject(new Error("The upload failed. Check the connection and try again."));
    xhr.send(file);
  });
}

export default function ReadingsPage() {
  const { communityId, canImport } = useCommunity();
  const [selected, setSelected] = useState<string | null>(null);
  return (
    <div className="space-y-8">
      {canImport ? <ImportCard communityId={communityId} onImported={(pointId) => pointId && setSelected(pointId)} /> : null}
      <Batches communityId={communityId} />
      <Readings communityId={communityId} selected={selected} onSelect={setSelected} />
    </div>
  );
}

function ImportCard({ communityId, onImported }: { communityId: string; onImported: (pointId: string | null) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const points = useQuery(trpc.meteringPoint.list.queryOptions({ communityId }));
  const [upload, setUpload] = useState<Uploaded | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const [options, setOptions] = useState<ImportOptions>({});
  const [draft, setDraft] = useState({ format: "", timeZone: "", meteringPoint: "", savedMapping: "" });
  const mappings = useQuery(trpc.readingImport.mappings.queryOptions({ communityId }));
  const preview = useMutation(trpc.readingImport.preview.mutationOptions());
  const runImport = useMutation(
    trpc.readingImport.import.mutationOptions({
      onSuccess: async (result) => {
        setUpload(null);
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.readingImport.batches.queryKey({ communityId }) }),
          queryClient.invalidateQueries({ queryKey: trpc.readingImport.readings.pathKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.readingImport.gaps.pathKey() }),
        ]);
        const channel = result.channels.find((c) => c.mappedTo && c.importable > 0);
        const point = channel ? points.data?.find((p) => p.code.toUpperCase() === channel.mappedTo && p.direction.toLowerCase() === channel.direction) : undefined;
        onImported(point?.id ?? null);
      },
    }),
  );
  const inputId = useId();

  function check(uploaded: Uploaded, next: ImportOptions) {
    setOptions(next);
    runImport.reset();
    preview.mutate({ communityId, uploadId: uploaded.uploadId, options: next });
  }

  async function start(file: File) {
    setUpload(null);
    setUploadError(null);
    preview.reset();
    runImport.reset();
    setProgress(0);
    try {
      const uploaded = await uploadFile(`/api/communities/${communityId}/uploads`, file, setProgress);
      setProgress(1);
      setUpload(uploaded);
      check(uploaded, optionsFromDraft({}));
    } catch (err) {
      setProgress(null);
      setUploadError(err instanceof Error ? err.message : "The upload failed.");
    }
  }

  function optionsFromDraft(base: ImportOptions): ImportOptions {
    return {
      ...base,
      format: (draft.format || undefined) as ImportOptions["format"],
      timeZone: draft.timeZone.trim() || undefined,
      meteringPoint: draft.meteringPoint.trim() || undefined,
      savedMapping: draft.savedMapping || undefined,
    };
  }

  function onDrop(e: DragEvent<HTMLDivElement>) {
    e.preventDefault();
    setDragging(false);
    const file = e.dataTransfer.files[0];
    if (file) void start(file);
  }

  const data = preview.data;
  const blocking = data?.problems.length ?? 0;
  const skippable = [...new Set([...Object.keys(data?.problemCounts ?? {}), ...(options.skip ?? [])])].filter((c) => !isFileLevelProblem(c));
  const percent = progress === null ? null : Math.round(progress * 100);

  return (
    <Card title="Import a file">
      <p className="mb-3 text-sm text-slate-700">
        Load curves from the grid operator: CSV, Enedis, Green Button, ebUtilities or MSCONS, up to 1 GB. The file is checked first; nothing is stored until you press Import, and a file with problems imports nothing unless you choose to skip the affected rows.
      </p>
      <div
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        data-testid="drop-zone"
        className={`rounded-lg border-2 border-dashed p-6 text-center ${dragging ? "border-credit bg-blue-50" : "border-slate-300 bg-slate-50"}`}
      >
        <p className="mb-3 text-sm text-slate-700">Drag a file here, or</p>
        <label htmlFor={inputId} className="inline-flex cursor-pointer items-center gap-2 rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium hover:bg-slate-100 focus-within:outline-3 focus-within:outline-amber-500">
          Meter data file
        </label>
        <input
          id={inputId}
          type="file"
          className="sr-only"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void start(file);
            e.target.value = "";
          }}
        />
      </div>

      <details className="mt-4 text-sm">
        <summary className="cursor-pointer font-medium">Options (format, time zone, metering point id, CSV mapping)</summary>
        <div className="mt-3 grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
          <Select label="Format" value={draft.format} onChange={(e) => setDraft({ ...draft, format: e.target.value })}>
            {FORMATS.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </Select>
          <Field label="Time zone of the file" placeholder="e.g. Europe/Rome" value={draft.timeZone} onChange={(e) => setDraft({ ...draft, timeZone: e.target.value })} />
          <Field label="Metering point id (if the file names none)" value={draft.meteringPoint} onChange={(e) => setDraft({ ...draft, meteringPoint: e.target.value })} />
          <Select label="Saved CSV mapping" value={draft.savedMapping} onChange={(e) => setDraft({ ...draft, savedMapping: e.target.value })}>
            <option value="">Guess the layout</option>
            {(mappings.data ?? []).map((m) => (
              <option key={m.id} value={m.name}>
                {m.name}
              </option>
            ))}
          </Select>
        </div>
        <SaveMapping communityId={communityId} />
        {upload ? (
          <Button variant="secondary" className="mt-3" onClick={() => check(upload, optionsFromDraft(options))}>
            Check again with these options
          </Button>
        ) : null}
      </details>

      <div className="mt-4 space-y-4" aria-live="polite">
        {percent !== null ? (
          <div className="flex items-center gap-3 text-sm">
            <progress max={100} value={percent} aria-label="Upload progress" className="h-3 w-48" />
            <span>{percent < 100 ? `Uploading… ${percent} %` : `Uploaded ${percent} %${upload ? ` (${upload.fileName}, ${formatBytes(upload.sizeBytes)})` : ""}`}</span>
          </div>
        ) : null}
        {uploadError ? <ErrorBox message={uploadError} /> : null}
        {preview.isPending ? <Loading what="Checking the file" /> : null}
        {preview.error ? <ErrorBox {...errorDetails(preview.error)} /> : null}
        {data && upload ? (
          <div className="space-y-4" data-testid="import-preview">
            <h3 className="font-semibold">
              {data.fileName}: {data.format} file, {nf().format(data.importable)} readings to import
            </h3>
            {data.alreadyImported ? <p className="text-sm">This file was already imported on {formatDateTime(data.alreadyImported.createdAt)}.</p> : null}
            {data.existingReadings ? <p className="text-sm">{nf().format(data.existingReadings)} readings of these metering points are already stored for this period; they will be compared and corrected where they differ.</p> : null}
            <Channels
              channels={data.channels}
              points={points.data ?? []}
              aliases={options.aliases ?? {}}
              onAlias={(fileId, code) => {
                const aliases = { ...(options.aliases ?? {}) };
                if (code) aliases[fileId] = code;
                else delete aliases[fileId];
                check(upload, { ...options, aliases });
              }}
            />
            {skippable.length ? (
              <fieldset className="space-y-2 text-sm">
                <legend className="font-medium">Problem classes</legend>
                {skippable.map((code) => (
                  <SkipBox
                    key={code}
                    code={code}
                    count={data.problemCounts[code as keyof typeof data.problemCounts] ?? 0}
                    checked={options.skip?.includes(code as ProblemCode) ?? false}
                    onChange={(on) => check(upload, { ...options, skip: on ? [...(options.skip ?? []), code as ProblemCode] : (options.skip ?? []).filter((c) => c !== code) })}
                  />
                ))}
              </fieldset>
            ) : null}
            {blocking ? (
              <div role="alert" className="rounded-md border border-red-300 bg-red-50 p-4 text-sm text-red-900">
                <p className="font-medium">
                  {problemHeadline(Object.values(data.problemCounts).reduce((a, b) => a + (b ?? 0), 0))} Fix the file, or skip the affected rows.
                </p>
                <ul className="mt-2 list-disc space-y-1 pl-5" aria-label="Problems">
                  {data.problems.slice(0, 200).map((p, i) => (
                    <li key={i}>
                      <span className="font-medium">{p.line !== undefined ? `line ${p.line}` : p.element ? `element ${p.element}` : "file"}</span>: {p.code}: {p.message}
                    </li>
                  ))}
                </ul>
                {data.problems.length > 200 || data.problemsOmitted ? <p className="mt-2">… and {nf().format(data.problems.length - Math.min(200, data.problems.length) + data.problemsOmitted)} more.</p> : null}
              </div>
            ) : null}
            {data.skippedCount ? (
              <details className="text-sm">
                <summary className="cursor-pointer">{nf().format(data.skippedCount)} rows will be left out</summary>
                <ul className="mt-2 list-disc space-y-1 pl-5">
                  {data.skipped.slice(0, 200).map((p, i) => (
                    <li key={i}>
                      {p.line !== undefined ? `line ${p.line}` : p.element ? `element ${p.element}` : "file"}: {p.code}: {p.message}
                    </li>
                  ))}
                </ul>
              </details>
            ) : null}
            <Button disabled={blocking > 0 || data.importable === 0 || preview.isPending} busy={runImport.isPending} onClick={() => runImport.mutate({ communityId, uploadId: upload.uploadId, options })}>
              Import
            </Button>
            {data.importable === 0 && !blocking ? <p className="text-sm text-slate-700">Nothing to import: no reading maps to a metering point of this community.</p> : null}
          </div>
        ) : null}
        {runImport.error ? <ErrorBox {...errorDetails(runImport.error)} /> : null}
        {runImport.data ? (
          <Notice>
            {runImport.data.alreadyImported
              ? "This file was already imported."
              : `Imported ${nf().format(runImport.data.importable)} readings (${nf().format(runImport.data.readingsNew)} new, ${nf().format(runImport.data.readingsUnchanged)} unchanged, ${nf().format(runImport.data.readingsCorrected)} corrected).`}
          </Notice>
        ) : null}
      </div>
    </Card>
  );
}

function SkipBox({ code, count, checked, onChange }: { code: string; count: number; checked: boolean; onChange: (on: boolean) => void }) {
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

type Channel = { meteringPoint: string; direction: string; intervalSeconds: number; intervals: number; start: string; end: string; totalWh: string; gaps: unknown[]; gapsOmitted?: number; mappedTo: string | null; importable: number };
type Point = { id: string; code: string; direction: string };

function Channels({ channels, points, aliases, onAlias }: { channels: Channel[]; points: Point[]; aliases: Record<string, string>; onAlias: (fileId: string, code: string) => void }) {
  if (!channels.length) return <Empty>No readings were found in the file.</Empty>;
  const codes = [...new Set(points.map((p) => p.code))];
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200">
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

function Batches({ communityId }: { communityId: string }) {
  const trpc = useTRPC();
  const batches = useQuery(trpc.readingImport.batches.queryOptions({ communityId }));
  return (
    <section aria-labelledby="imports-heading">
      <h2 id="imports-heading" className="mb-3 text-lg font-semibold">
        Imports
      </h2>
      {batches.error ? (
        <ErrorBox {...errorDetails(batches.error)} />
      ) : !batches.data ? (
        <Loading what="Loading imports" />
      ) : batches.data.length === 0 ? (
        <Empty>No meter data imported yet.</Empty>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-left text-sm" data-testid="imports-table">
            <caption className="sr-only">Imported files, newest first</caption>
            <thead className="bg-slate-100 text-slate-700">
              <tr>
                <th scope="col" className="px-3 py-2">When</th>
                <th scope="col" className="px-3 py-2">File</th>
                <th scope="col" className="px-3 py-2">Format</th>
                <th scope="col" className="px-3 py-2">Source</th>
                <th scope="col" className="px-3 py-2">Readings</th>
                <th scope="col" className="px-3 py-2">New / unchanged / corrected</th>
                <th scope="col" className="px-3 py-2">Rows left out</th>
              </tr>
            </thead>
            <tbody>
              {batches.data.map((b) => (
                <tr key={b.id} className="border-t border-slate-200">
                  <td className="px-3 py-2">{formatDateTime(b.createdAt)}</td>
                  <td className="px-3 py-2">{b.fileName}</td>
                  <td className="px-3 py-2">{b.format}</td>
                  <td className="px-3 py-2">{b.source.toLowerCase()}</td>
                  <td className="px-3 py-2">{nf().format(b.readingCount)}</td>
                  <td className="px-3 py-2">
                    {nf().format(b.readingsNew)} / {nf().format(b.readingsUnchanged)} / {nf().format(b.readingsCorrected)}
                  </td>
                  <td className="px-3 py-2">{nf().format(b.skippedCount)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Readings({ communityId, selected, onSelect }: { communityId: string; selected: string | null; onSelect: (id: string) => void }) {
  const trpc = useTRPC();
  const points = useQuery(trpc.meteringPoint.list.queryOptions({ communityId }));
  const pointId = selected ?? points.data?.[0]?.id ?? null;
  const readings = useQuery({ ...trpc.readingImport.readings.queryOptions({ communityId, meteringPointId: pointId ?? "" }), enabled: !!pointId });
  const period = readings.data ? { from: readings.data.from, to: readings.data.to } : null;
  const gaps = useQuery({ ...trpc.readingImport.gaps.queryOptions({ communityId, meteringPointId: pointId ?? "", from: period?.from ?? "", to: period?.to ?? "" }), enabled: !!pointId && !!period });
  useEffect(() => {
    if (selected && points.data && !points.data.some((p) => p.id === selected)) void points.refetch();
  }, [selected, points]);

  return (
    <section aria-labelledby="readings-heading" className="space-y-4">
      <h2 id="readings-heading" className="text-lg font-semibold">
        Readings
      </h2>
      {points.error ? (
        <ErrorBox {...errorDetails(points.error)} />
      ) : !points.data ? (
        <Loading what="Loading metering points" />
      ) : points.data.length === 0 ? (
        <Empty>No metering points yet. Add them on a member&apos;s page first.</Empty>
      ) : (
        <>
          <div className="max-w-md">
            <Select label="Metering point" value={pointId ?? ""} onChange={(e) => onSelect(e.target.value)}>
              {points.data.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.code} · {directionLabel[p.direction]} · {p.memberReference}
                </option>
              ))}
            </Select>
          </div>
          {readings.error ? <ErrorBox {...errorDetails(readings.error)} /> : null}
          {readings.isPending ? <Loading what="Loading readings" /> : null}
          {readings.data ? (
            readings.data.days.length === 0 ? (
              <Empty>No readings for this metering point yet.</Empty>
            ) : (
              <>
                <p className="text-sm text-slate-700">
                  Daily energy from {formatDate(readings.data.from)} to {formatDate(addDays(readings.data.to, -1))} ({readings.data.timeZone} days).
                </p>
                <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
                  <DailyChart days={readings.data.days} label={`Daily energy of ${readings.data.meteringPoint.code} (${directionLabel[readings.data.meteringPoint.direction]}) in kWh, ${formatDate(readings.data.from)} to ${formatDate(addDays(readings.data.to, -1))}`} injection={readings.data.meteringPoint.direction === "INJECTION"} />
                  <div className="max-h-96 overflow-y-auto rounded-lg border border-slate-200 bg-white" tabIndex={0} role="region" aria-label="Daily energy in kWh (scrollable table)">
                    <table className="w-full text-left text-sm" data-testid="daily-readings">
                      <caption className="sr-only">Daily energy, kWh</caption>
                      <thead className="sticky top-0 bg-slate-100 text-slate-700">
                        <tr>
                          <th scope="col" className="px-3 py-2">Date</th>
                          <th scope="col" className="px-3 py-2 text-right">Energy (kWh)</th>
                        </tr>
                      </thead>
                      <tbody>
                        {readings.data.days.map((d) => (
                          <tr key={d.date} className="border-t border-slate-200">
                            <td className="px-3 py-1">{formatDate(d.date)}</td>
                            <td className="px-3 py-1 text-right tabular-nums">{formatKWhFromMWh(d.mwh, undefined, 2)}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                </div>
                <div>
                  <h3 className="mb-2 font-semibold">Missing intervals in this period</h3>
                  {gaps.error ? <ErrorBox {...errorDetails(gaps.error)} /> : null}
                  {gaps.isPending ? <Loading what="Looking for missing intervals" /> : null}
                  {gaps.data ? (
                    gaps.data.gaps.length === 0 ? (
                      <p className="text-sm" data-testid="gaps">
                        None: every {gaps.data.intervalMinutes}-minute interval has a reading.
                      </p>
                    ) : (
                      <ul className="list-disc space-y-1 pl-5 text-sm" data-testid="gaps">
                        {gaps.data.gaps.slice(0, 100).map((g) => (
                          <li key={g.start}>
                            {formatDateTime(g.start, undefined, readings.data?.timeZone)} – {formatDateTime(g.end, undefined, readings.data?.timeZone)} ({nf().format(g.intervals)} intervals)
                          </li>
                        ))}
                        {gaps.data.gaps.length > 100 || gaps.data.more ? <li>… and more</li> : null}
                      </ul>
                    )
                  ) : null}
                </div>
              </>
            )
          ) : null}
        </>
      )}
    </section>
  );
}

/** Bars of daily kWh in plain SVG; the same numbers are in the table beside it. */
function DailyChart({ days, label, injection }: { days: { date: string; mwh: string }[]; label: string; injection: boolean }) {
  const width = 640;
  const height = 220;
  const pad = { top: 10, bottom: 24, left: 44, right: 8 };
  const values = days.map((d) => Number(BigInt(d.mwh)) / 1_000_000); // kWh, for drawing only
  const max = Math.max(...values, 0.001);
  const band = (width - pad.left - pad.right) / days.length;
  const y = (v: number) => pad.top + (height - pad.top - pad.bottom) * (1 - v / max);
  const ticks = [0, max / 2, max];
  return (
    <svg role="img" aria-label={label} viewBox={`0 0 ${width} ${height}`} className="h-auto w-full rounded-lg border border-slate-200 bg-white" data-testid="daily-chart">
      {ticks.map((t, i) => (
        <g key={i}>
          <line x1={pad.left} x2={width - pad.right} y1={y(t)} y2={y(t)} stroke="#e2e8f0" />
          <text x={pad.left - 4} y={y(t) + 4} textAnchor="end" fontSize="10" fill="#475569">
            {t.toFixed(t < 10 ? 1 : 0)}
          </text>
        </g>
      ))}
      <text x={4} y={pad.top + 4} fontSize="10" fill="#475569">
        kWh
      </text>
      {values.map((v, i) => (
        <rect key={days[i]!.date} x={pad.left + i * band + band * 0.1} width={Math.max(band * 0.8, 1)} y={y(v)} height={Math.max(y(0) - y(v), 0)} className={injection ? "fill-sun" : "fill-grid"}>
          <title>{`${days[i]!.date}: ${v.toFixed(2)} kWh`}</title>
        </rect>
      ))}
      {days.length ? (
        <>
          <text x={pad.left} y={height - 6} fontSize="10" fill="#475569">
            {days[0]!.date}
          </text>
          <text x={width - pad.right} y={height - 6} fontSize="10" fill="#475569" textAnchor="end">
            {days[days.length - 1]!.date}
          </text>
        </>
      ) : null}
    </svg>
  );
}

/** Saves a CSV mapping (JSON, see server/metering/README.md) under a name, for this community's next files. */
function SaveMapping({ communityId }: { communityId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [text, setText] = useState("");
  const [jsonError, setJsonError] = useState<string | null>(null);
  const save = useMutation(trpc.readingImport.saveMapping.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.readingImport.mappings.queryKey({ communityId }) }) }));
  return (
    <form
      className="mt-4 space-y-2 border-t border-slate-200 pt-3"
      onSubmit={(e) => {
        e.preventDefault();
        let mapping: unknown;
        try {
          mapping = JSON.parse(text);
        } catch (err) {
          setJsonError(`Not valid JSON: ${(err as Error).message}`);
          return;
        }
        setJsonError(null);
        save.mutate({ communityId, name, mapping });
      }}
    >
      <p className="font-medium">Save a CSV mapping for the next files</p>
      <div className="grid gap-3 sm:grid-cols-[1fr_2fr]">
        <Field label="Mapping name" value={name} onChange={(e) => setName(e.target.value)} />
        <div className="flex flex-col gap-1">
          <label htmlFor={`${communityId}-mapping`} className="text-sm font-medium">
            Mapping (JSON)
          </label>
          <textarea
            id={`${communityId}-mapping`}
            rows={4}
            className="rounded-md border border-slate-400 bg-white px-3 py-2 font-mono text-xs"
            placeholder='{"delimiter": ";", "decimalMark": ",", "unit": "kWh", "intervalSeconds": 900, "timeZone": "Europe/Vienna", "layout": {"kind": "long", "meteringPoint": "Zählpunkt", "timestamp": "Datum", "energy": "Wert"}}'
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        </div>
      </div>
      {jsonError ? <ErrorBox message={jsonError} /> : null}
      {save.error ? <ErrorBox {...errorDetails(save.error)} /> : null}
      {save.isSuccess ? <Notice>Saved as “{save.data.name}”.</Notice> : null}
      <Button type="submit" variant="secondary" busy={save.isPending}>
        Save mapping
      </Button>
    </form>
  );
}
