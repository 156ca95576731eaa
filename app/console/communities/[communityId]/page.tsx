"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useState, type ChangeEvent } from "react";
import { Button, Card, ErrorBox, Loading, Notice } from "@/app/_components/ui";
import { formatterFor } from "@/app/_lib/format";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";
import { useCommunity } from "./community-context";
import { emptyMember, MemberForm } from "./member-form";
import { MembersList } from "./members-list";

const CSV_TEMPLATE = "reference,kind,joined_on,name,email,address,metering_point,direction,capacity_kw\nC-001,prosumer,2026-01-01,Anna Rossi,anna@example.org,Via Roma 1,IT001E00000001,consumption,6\nC-001,prosumer,2026-01-01,Anna Rossi,anna@example.org,Via Roma 1,IT001E00000001,injection,4.5\n";

export default function MembersPage() {
  const { communityId, canManage } = useCommunity();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const t = useTranslations("console.members");
  const [adding, setAdding] = useState(false);
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.member.list.queryKey({ communityId }) }),
      queryClient.invalidateQueries({ queryKey: trpc.member.search.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.community.get.queryKey({ communityId }) }),
    ]);
  const create = useMutation(
    trpc.member.create.mutationOptions({
      onSuccess: async () => {
        setAdding(false);
        await refresh();
      },
    }),
  );

  return (
    <div className="space-y-6">
      {canManage ? (
        <div className="grid gap-6 lg:grid-cols-2">
          <Card title={t("addTitle")}>
            {adding ? (
              <MemberForm initial={emptyMember} submitLabel={t("addSubmit")} busy={create.isPending} error={create.error ? errorDetails(create.error) : null} onSubmit={(member) => create.mutate({ communityId, member })} />
            ) : (
              <Button variant="secondary" onClick={() => setAdding(true)}>
                {t("addButton")}
              </Button>
            )}
          </Card>
          <CsvImport communityId={communityId} onImported={refresh} />
        </div>
      ) : null}
      <MembersList communityId={communityId} canManage={canManage} onInvited={refresh} />
    </div>
  );
}

function CsvImport({ communityId, onImported }: { communityId: string; onImported: () => Promise<unknown> }) {
  const trpc = useTRPC();
  const t = useTranslations("console.members.import");
  const f = formatterFor(useLocale());
  const [fileName, setFileName] = useState<string | null>(null);
  const csvImport = useMutation(trpc.member.importCsv.mutationOptions({ onSuccess: () => onImported() }));
  const xlsxImport = useMutation(trpc.member.importXlsx.mutationOptions({ onSuccess: () => onImported() }));
  // One of the two ran last; its state is what the card shows.
  const [last, setLast] = useState<"csv" | "xlsx">("csv");
  const importCsv = last === "csv" ? csvImport : xlsxImport;

  async function onFile(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    if (!file) return;
    setFileName(file.name);
    csvImport.reset();
    xlsxImport.reset();
    if (/\.xlsx$/i.test(file.name)) {
      setLast("xlsx");
      xlsxImport.mutate({ communityId, xlsxBase64: await toBase64(file) });
    } else {
      setLast("csv");
      csvImport.mutate({ communityId, csv: await file.text() });
    }
    e.target.value = ""; // the same file can be chosen again after fixing it
  }

  return (
    <Card title={t("title")}>
      <p className="mb-3 text-sm text-slate-700">
        {t("intro")}{" "}
        <a href={`data:text/csv;charset=utf-8,${encodeURIComponent(CSV_TEMPLATE)}`} download="dajie-members-template.csv">
          {t("template")}
        </a>
        .
      </p>
      <label className="inline-flex cursor-pointer items-center gap-2 rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium hover:bg-slate-100 focus-within:outline-3 focus-within:outline-amber-500">
        <span>{t("chooseCsv")}</span>
        <input type="file" accept=".csv,text/csv" className="sr-only" onChange={onFile} aria-label={t("csvLabel")} />
      </label>{" "}
      <label className="mt-2 inline-flex cursor-pointer items-center gap-2 rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium hover:bg-slate-100 focus-within:outline-3 focus-within:outline-amber-500">
        <span>{t("chooseXlsx")}</span>
        <input type="file" accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" className="sr-only" onChange={onFile} aria-label={t("xlsxLabel")} />
      </label>
      <div className="mt-4" aria-live="polite">
        {importCsv.isPending ? <Loading what={t("checking", { file: fileName ?? "" })} /> : null}
        {importCsv.error ? <ErrorBox {...errorDetails(importCsv.error)} /> : null}
        {importCsv.data ? (
          <Notice>
            {t("done", { members: f.count(importCsv.data.members), points: f.count(importCsv.data.meteringPoints), file: fileName ?? "" })}
          </Notice>
        ) : null}
      </div>
    </Card>
  );
}

/** The file's bytes as base64 (tRPC carries JSON). */
async function toBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
