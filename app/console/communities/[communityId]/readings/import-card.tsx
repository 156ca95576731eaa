"use client";
// Import a file: upload with progress → preview (checked, nothing stored) → import.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useId, useState, type DragEvent } from "react";
import { Button, Card, ErrorBox, Field, Loading, Notice, Select } from "@/app/_components/ui";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";
import { isFileLevelProblem } from "@/server/metering/types";
import { ImportPreview } from "./import-preview";
import { SaveMapping } from "./save-mapping";
import { formatterFor } from "@/app/_lib/format";
import type { ImportOptions } from "./shared";
import { formatBytes, uploadFile, type Uploaded } from "./upload-file";

/** The formats a file may be read as; "" is "detect" (its label comes from the messages). */
const FORMATS = [
  ["", ""],
  ["csv", "CSV"],
  ["enedis", "Enedis load curve (France)"],
  ["greenbutton", "Green Button (XML)"],
  ["ebutilities", "ebUtilities (Austria)"],
  ["mscons", "MSCONS (EDIFACT)"],
] as const;

export function ImportCard({ communityId, onImported }: { communityId: string; onImported: (pointId: string | null) => void }) {
  const t = useTranslations("console.readings");
  const f = formatterFor(useLocale());
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
      setUploadError(err instanceof Error ? err.message : t("uploadFailed"));
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
  const skippable = [...new Set([...Object.keys(data?.problemCounts ?? {}), ...(options.skip ?? [])])].filter((c) => !isFileLevelProblem(c));
  const percent = progress === null ? null : Math.round(progress * 100);

  return (
    <Card title={t("importTitle")}>
      <p className="mb-3 text-sm text-slate-700">{t("importIntro")}</p>
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
        <p className="mb-3 text-sm text-slate-700">{t("dragHere")}</p>
        <label htmlFor={inputId} className="inline-flex cursor-pointer items-center gap-2 rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium hover:bg-slate-100 focus-within:outline-3 focus-within:outline-amber-500">
          {t("fileLabel")}
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
        <summary className="cursor-pointer font-medium">{t("options")}</summary>
        <div className="mt-3 grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
          <Select label={t("format")} value={draft.format} onChange={(e) => setDraft({ ...draft, format: e.target.value })}>
            {FORMATS.map(([value, label]) => (
              <option key={value} value={value}>
                {value === "" ? t("detect") : label}
              </option>
            ))}
          </Select>
          <Field label={t("fileTimeZone")} placeholder={t("timeZoneExample")} value={draft.timeZone} onChange={(e) => setDraft({ ...draft, timeZone: e.target.value })} />
          <Field label={t("pointIfNone")} value={draft.meteringPoint} onChange={(e) => setDraft({ ...draft, meteringPoint: e.target.value })} />
          <Select label={t("savedMapping")} value={draft.savedMapping} onChange={(e) => setDraft({ ...draft, savedMapping: e.target.value })}>
            <option value="">{t("guessLayout")}</option>
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
            {t("checkAgain")}
          </Button>
        ) : null}
      </details>

      <div className="mt-4 space-y-4" aria-live="polite">
        {percent !== null ? (
          <div className="flex items-center gap-3 text-sm">
            <progress max={100} value={percent} aria-label={t("uploadProgress")} className="h-3 w-48" />
            <span>{percent < 100 ? t("uploading", { percent }) : `${t("uploaded", { percent })}${upload ? ` (${upload.fileName}, ${formatBytes(upload.sizeBytes)})` : ""}`}</span>
          </div>
        ) : null}
        {uploadError ? <ErrorBox message={uploadError} /> : null}
        {preview.isPending ? <Loading what={t("checking")} /> : null}
        {preview.error ? <ErrorBox {...errorDetails(preview.error)} /> : null}
        {data && upload ? (
          <ImportPreview
            data={data}
            points={points.data ?? []}
            options={options}
            skippable={skippable}
            checking={preview.isPending}
            importing={runImport.isPending}
            onCheck={(next) => check(upload, next)}
            onImport={() => runImport.mutate({ communityId, uploadId: upload.uploadId, options })}
            problemListHref={`/api/communities/${communityId}/uploads/${upload.uploadId}/problems?options=${encodeURIComponent(JSON.stringify(options))}`}
          />
        ) : null}
        {runImport.error ? <ErrorBox {...errorDetails(runImport.error)} /> : null}
        {runImport.data ? (
          <Notice>
            {runImport.data.alreadyImported
              ? t("alreadyImported")
              : t("imported", {
                  count: runImport.data.importable,
                  n: f.count(runImport.data.importable),
                  created: f.count(runImport.data.readingsNew),
                  unchanged: f.count(runImport.data.readingsUnchanged),
                  corrected: f.count(runImport.data.readingsCorrected),
                })}
          </Notice>
        ) : null}
      </div>
    </Card>
  );
}
