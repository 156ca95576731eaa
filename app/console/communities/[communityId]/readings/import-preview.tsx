"use client";
// What importing the uploaded file would do: its channels, the problem classes that may be skipped,
// the problems that stop it and the rows left out; and the Import button.
import { Button } from "@/app/_components/ui";
import { formatDateTime } from "@/app/_lib/format";
import { ProblemCauses } from "./problem-causes";
import { Channels, SkipBox } from "./import-channels";
import { nf, type ImportOptions, type ImportPreviewData, type ProblemCode } from "./shared";

function problemHeadline(n: number): string {
  return n === 1 ? "1 problem stops the import." : `${nf().format(n)} problems stop the import.`;
}

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
  const blocking = data.problems.length;
  return (
    <div className="space-y-4" data-testid="import-preview">
      <h3 className="font-semibold">
        {data.fileName}: {data.format} file, {nf().format(data.importable)} readings to import
      </h3>
      {data.alreadyImported ? <p className="text-sm">This file was already imported on {formatDateTime(data.alreadyImported.createdAt)}.</p> : null}
      {data.existingReadings ? <p className="text-sm">{nf().format(data.existingReadings)} readings of these metering points are already stored for this period; they will be compared and corrected where they differ.</p> : null}
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
          <legend className="font-medium">Problem classes</legend>
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
            {problemHeadline(Object.values(data.problemCounts).reduce((a, b) => a + (b ?? 0), 0))} Fix the file, or skip the affected rows.
          </p>
          <ProblemCauses causes={data.problemCauses.filter((c) => !c.skipped)} label="Problems by cause" />
        </div>
      ) : null}
      {data.skippedCount ? (
        <details className="text-sm">
          <summary className="cursor-pointer">{nf().format(data.skippedCount)} rows will be left out</summary>
          <ProblemCauses causes={data.problemCauses.filter((c) => c.skipped)} label="Rows left out by cause" />
        </details>
      ) : null}
      {blocking || data.skippedCount ? (
        <p className="text-sm">
          <a className="underline" href={problemListHref} download>
            Download the full list of problems (CSV)
          </a>
        </p>
      ) : null}
      <Button disabled={blocking > 0 || data.importable === 0 || checking} busy={importing} onClick={onImport}>
        Import
      </Button>
      {data.importable === 0 && !blocking ? <p className="text-sm text-slate-700">Nothing to import: no reading maps to a metering point of this community.</p> : null}
    </div>
  );
}
