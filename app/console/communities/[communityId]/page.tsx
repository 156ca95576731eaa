"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type ChangeEvent } from "react";
import { Button, Card, ErrorBox, Loading, Notice } from "@/app/_components/ui";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";
import { useCommunity } from "./community-context";
import { emptyMember, MemberForm } from "./member-form";
import { MembersList } from "./members-list";

const CSV_TEMPLATE = "reference,kind,joined_on,name,email,address,metering_point,direction,capacity_kw\nC-001,prosumer,2026-01-01,Anna Rossi,anna@example.org,Via Roma 1,IT001E00000001,consumption,6\nC-001,prosumer,2026-01-01,Anna Rossi,anna@example.org,Via Roma 1,IT001E00000001,injection,4.5\n";

export default function MembersPage() {
  const { communityId, canManage } = useCommunity();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
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
          <Card title="Add a member">
            {adding ? (
              <MemberForm initial={emptyMember} submitLabel="Add member" busy={create.isPending} error={create.error ? errorDetails(create.error) : null} onSubmit={(member) => create.mutate({ communityId, member })} />
            ) : (
              <Button variant="secondary" onClick={() => setAdding(true)}>
                Add a member
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
    <Card title="Import members from CSV or Excel">
      <p className="mb-3 text-sm text-slate-700">
        One line per member and metering point. Columns: reference, kind, joined_on (required); name, email, address; metering_point, direction, capacity_kw, valid_from, valid_to. An Excel workbook (.xlsx) uses the same columns in its first sheet. The file is checked whole: if any line is wrong, nothing is imported.{" "}
        <a href={`data:text/csv;charset=utf-8,${encodeURIComponent(CSV_TEMPLATE)}`} download="dajie-members-template.csv">
          Download a template
        </a>
        .
      </p>
      <label className="inline-flex cursor-pointer items-center gap-2 rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium hover:bg-slate-100 focus-within:outline-3 focus-within:outline-amber-500">
        <span>Choose a CSV file</span>
        <input type="file" accept=".csv,text/csv" className="sr-only" onChange={onFile} aria-label="Member list (CSV)" />
      </label>{" "}
      <label className="mt-2 inline-flex cursor-pointer items-center gap-2 rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium hover:bg-slate-100 focus-within:outline-3 focus-within:outline-amber-500">
        <span>Choose an Excel file</span>
        <input type="file" accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" className="sr-only" onChange={onFile} aria-label="Member list (Excel .xlsx)" />
      </label>
      <div className="mt-4" aria-live="polite">
        {importCsv.isPending ? <Loading what={`Checking ${fileName}`} /> : null}
        {importCsv.error ? <ErrorBox {...errorDetails(importCsv.error)} /> : null}
        {importCsv.data ? (
          <Notice>
            Imported {importCsv.data.members} members and {importCsv.data.meteringPoints} metering points from {fileName}.
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
