"use client";
import { useQuery } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { DataTable, Empty, ErrorBox, Loading } from "@/app/_components/ui";
import { formatterFor } from "@/app/_lib/format";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";

/** The community's imported files, newest first. */
export function Batches({ communityId }: { communityId: string }) {
  const t = useTranslations("console.readings");
  const f = formatterFor(useLocale());
  const trpc = useTRPC();
  const batches = useQuery(trpc.readingImport.batches.queryOptions({ communityId }));
  return (
    <section aria-labelledby="imports-heading">
      <h2 id="imports-heading" className="mb-3 text-lg font-semibold">
        {t("importsHeading")}
      </h2>
      {batches.error ? (
        <ErrorBox {...errorDetails(batches.error)} />
      ) : !batches.data ? (
        <Loading what={t("loadingImports")} />
      ) : batches.data.length === 0 ? (
        <Empty>{t("noImports")}</Empty>
      ) : (
        <DataTable
          caption={t("importsCaption")}
          testId="imports-table"
          className="rounded-lg border border-slate-200 bg-white"
          columns={(["when", "file", "format", "source", "readings", "newUnchangedCorrected", "leftOut"] as const).map((k) => ({ label: t(`col.${k}`) }))}
        >
          {batches.data.map((b) => (
            <tr key={b.id} className="border-t border-slate-200">
              <td className="px-3 py-2">{f.dateTime(b.createdAt)}</td>
              <td className="px-3 py-2">{b.fileName}</td>
              <td className="px-3 py-2">{b.format}</td>
              <td className="px-3 py-2">{t(`source.${b.source}`)}</td>
              <td className="px-3 py-2">{f.count(b.readingCount)}</td>
              <td className="px-3 py-2">
                {f.count(b.readingsNew)} / {f.count(b.readingsUnchanged)} / {f.count(b.readingsCorrected)}
              </td>
              <td className="px-3 py-2">{f.count(b.skippedCount)}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}
