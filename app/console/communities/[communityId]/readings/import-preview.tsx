"use client";
// What importing the uploaded file would do: its channels, the problem classes that may be skipped,
// the problems that stop it and the rows left out; and the Import button.
import { useLocale, useTranslations } from "next-intl";
import { Button } from "@/app/_components/ui";
import { formatterFor } from "@/app/_lib/format";
import { ProblemCauses } from "./problem-causes";
import { Channels, SkipBox } from "./import-channels";
import type { ImportOptions, ImportPreviewData, ProblemCode } from "./shared";

export function ImportPreview({
  data,
  points,
  options,
  skippable,
  checking,
  importing,
  onCheck,
  onImport,
  problemListHref,
}: {
  data: ImportPreviewData;
  points: { id: string; code: string; direction: string }[];
  options: ImportOptions;
  skippable: string[];
  checking: boolean;
  importing: boolean;
  onCheck: (next: ImportOptions) => void;
  onImport: () => void;
  /** Where the full problem list (one row per problem, CSV) is downloaded from. */
  problemListHref: string;
}) {
  const t = useTranslations("console.readings");
  const f = formatterFor(useLocale());
  const blocking = data.problems.length;
  const problemCount = Object.values(data.problemCounts).reduce((a, b) => a + (b ?? 0), 0);
  return (
    <div className="space-y-4" data-testid="import-preview">
      <h3 className="font-semibold">
        {t("previewHeading", { file: data.fileName, format: data.format, count: data.importable, n: f.count(data.importable) })}
      </h3>
      {data.alreadyImported ? <p className="text-sm">{t("alreadyImportedOn", { when: f.dateTime(data.alreadyImported.createdAt) })}</p> : null}
      {data.existingReadings ? <p className="text-sm">{t("existing", { count: data.existingReadings, n: f.count(data.existingReadings) })}</p> : null}
      <Channels
        channels={data.channels}
        points={points}
        aliases={options.aliases ?? {}}
        onAlias={(fileId, code) => {
          const aliases = { ...(options.aliases ?? {}) };
          if (code) aliases[fileId] = code;
          else delete aliases[fileId];
          onCheck({ ...options, aliases });
        }}
      />
      {skippable.length ? (
        <fieldset className="space-y-2 text-sm">
          <legend className="font-medium">{t("problemClasses")}</legend>
          {skippable.map((code) => (
            <SkipBox
              key={code}
              code={code}
              count={data.problemCounts[code as keyof typeof data.problemCounts] ?? 0}
              checked={options.skip?.includes(code as ProblemCode) ?? false}
              onChange={(on) => onCheck({ ...options, skip: on ? [...(options.skip ?? []), code as ProblemCode] : (options.skip ?? []).filter((c) => c !== code) })}
            />
          ))}
        </fieldset>
      ) : null}
      {blocking ? (
        <div role="alert" className="rounded-md border border-red-300 bg-red-50 p-4 text-sm text-red-900">
          <p className="font-medium">
            {t("problemsStop", { count: problemCount, n: f.count(problemCount) })}
          </p>
          <ProblemCauses causes={data.problemCauses.filter((c) => !c.skipped)} label={t("problemsByCause")} />
        </div>
      ) : null}
      {data.skippedCount ? (
        <details className="text-sm">
          <summary className="cursor-pointer">{t("rowsLeftOut", { count: data.skippedCount, n: f.count(data.skippedCount) })}</summary>
          <ProblemCauses causes={data.problemCauses.filter((c) => c.skipped)} label={t("leftOutByCause")} />
        </details>
      ) : null}
      {blocking || data.skippedCount ? (
        <p className="text-sm">
          <a className="underline" href={problemListHref} download>
            {t("downloadProblems")}
          </a>
        </p>
      ) : null}
      <Button disabled={blocking > 0 || data.importable === 0 || checking} busy={importing} onClick={onImport}>
        {t("import")}
      </Button>
      {data.importable === 0 && !blocking ? <p className="text-sm text-slate-700">{t("nothingToImport")}</p> : null}
    </div>
  );
}
