"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type ChangeEvent } from "react";
import { Button, Card, Empty, ErrorBox, Loading, Notice } from "@/app/_components/ui";
import { formatDate, kindLabel } from "@/app/_lib/format";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";
import { useCommunity } from "./community-context";
import { emptyMember, MemberForm } from "./member-form";

const CSV_TEMPLATE = "reference,kind,joined_on,name,email,address,metering_point,direction,capacity_kw\nC-001,prosumer,2026-01-01,Anna Rossi,anna@example.org,Via Roma 1,IT001E00000001,consumption,6\nC-001,prosumer,2026-01-01,Anna Rossi,anna@example.org,Via Roma 1,IT001E00000001,injection,4.5\n";

export default function MembersPage() {
  const { communityId, canManage } = useCommunity();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const members = useQuery(trpc.member.list.queryOptions({ communityId }));
  const [adding, setAdding] = useState(false);
  const refresh = () => Promise.all([queryClient.invalidateQueries({ queryKey: trpc.member.list.queryKey({ communityId }) }), queryClient.invalidateQueries({ queryKey: trpc.community.get.queryKey({ communityId }) })]);
  const create = useMutation(
    trpc.member.create.mutationOptions({
      onSuccess: async () => {
        setAdding(false);
        await refresh();
      },
    }),
  );

  if (members.error) return <ErrorBox {...errorDetails(members.error)} />;
  if (!members.data) return <Loading what="Loading members" />;

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
      <section aria-labelledby="members-heading">
        <h2 id="members-heading" className="mb-3 text-lg font-semibold">
          Members ({members.data.length})
        </h2>
        {members.data.length === 0 ? (
          <Empty>No members yet. Add one, or import a list from a spreadsheet.</Empty>
        ) : (
          <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
            <table className="w-full text-left text-sm">
              <thead className="bg-slate-100 text-slate-700">
                <tr>
                  <th scope="col" className="px-3 py-2">Reference</th>
                  <th scope="col" className="px-3 py-2">Name</th>
                  <th scope="col" className="px-3 py-2">Kind</th>
                  <th scope="col" className="px-3 py-2">Member since</th>
                  <th scope="col" className="px-3 py-2">Metering points</th>
                  <th scope="col" className="px-3 py-2">Account</th>
                </tr>
              </thead>
              <tbody>
                {members.data.map((m) => (
                  <tr key={m.id} className="border-t border-slate-200">
                    <td className="px-3 py-2">
                      <Link href={`/console/communities/${communityId}/members/${m.id}`}>{m.reference}</Link>
                    </td>
                    <td className="px-3 py-2">{m.personal?.name ?? <span className="text-slate-500" title="Pseudonymous id">{m.pseudonym}</span>}</td>
                    <td className="px-3 py-2">{kindLabel[m.kind]}</td>
                    <td className="px-3 py-2">
                      {formatDate(m.joinedOn)}
                      {m.leftOn ? ` – ${formatDate(m.leftOn)}` : ""}
                    </td>
                    <td className="px-3 py-2">{m.meteringPoints.length}</td>
                    <td className="px-3 py-2">{m.hasAccount ? "Yes" : "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}

function CsvImport({ communityId, onImported }: { communityId: string; onImported: () => Promise<unknown> }) {
  const trpc = useTRPC();
  const [fileName, setFileName] = useState<string | null>(null);
  const importCsv = useMutation(trpc.member.importCsv.mutationOptions({ onSuccess: () => onImported() }));

  async function onFile(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    if (!file) return;
    setFileName(file.name);
    importCsv.reset();
    importCsv.mutate({ communityId, csv: await file.text() });
    e.target.value = ""; // the same file can be chosen again after fixing it
  }

  return (
    <Card title="Import members from CSV">
      <p className="mb-3 text-sm text-slate-700">
        One line per member and metering point. Columns: reference, kind, joined_on (required); name, email, address; metering_point, direction, capacity_kw, valid_from, valid_to. The file is checked whole: if any line is wrong, nothing is imported.{" "}
        <a href={`data:text/csv;charset=utf-8,${encodeURIComponent(CSV_TEMPLATE)}`} download="dajie-members-template.csv">
          Download a template
        </a>
        .
      </p>
      <label className="inline-flex cursor-pointer items-center gap-2 rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium hover:bg-slate-100 focus-within:outline-3 focus-within:outline-amber-500">
        <span>Choose a CSV file</span>
        <input type="file" accept=".csv,text/csv" className="sr-only" onChange={onFile} aria-label="Member list (CSV)" />
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
