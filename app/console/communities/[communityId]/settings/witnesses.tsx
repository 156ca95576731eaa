"use client";
// The community's transparency log and its witnesses (docs/witnessing.md): the log's origin and
// verifier key to give to witnesses, the witnesses the log asks after each finalize (with the size
// each last cosigned and its alert), the quorum, and the policy in the c2sp tlog-policy format.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button, Card, ErrorBox, Field, Loading, ScrollRegion } from "@/app/_components/ui";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";

export function CommunityWitnesses({ communityId }: { communityId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const info = useQuery(trpc.witness.community.queryOptions({ communityId }));
  const refresh = { onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.witness.community.queryKey({ communityId }) }) };
  const add = useMutation(trpc.witness.addCommunityWitness.mutationOptions(refresh));
  const remove = useMutation(trpc.witness.removeCommunityWitness.mutationOptions(refresh));
  const setQuorum = useMutation(trpc.witness.setQuorum.mutationOptions(refresh));
  const [form, setForm] = useState({ name: "", verifierKey: "", url: "" });
  const [quorum, setQuorumText] = useState<string | null>(null);
  if (info.error) return <ErrorBox {...errorDetails(info.error)} />;
  if (!info.data) return <Loading what="Loading the witnesses" />;
  const d = info.data;
  return (
    <Card title="Transparency log and witnesses">
      <dl className="grid gap-2 text-sm sm:grid-cols-[auto_1fr]">
        <dt className="font-medium">Log origin</dt>
        <dd className="font-mono text-xs break-all">{d.origin}</dd>
        <dt className="font-medium">Log verifier key</dt>
        <dd className="font-mono text-xs break-all" data-testid="console-log-vkey">{d.vkey}</dd>
      </dl>
      {d.witnesses.length === 0 ? (
        <p className="mt-4 text-sm text-slate-700">No witnesses yet. A witness (another municipality&apos;s Dajie, or any tlog-witness) cosigns each checkpoint once it has checked that the ledger only grew.</p>
      ) : (
        <ScrollRegion label="Witnesses (scrollable table)">
          <table className="mt-4 w-full text-left text-sm" data-testid="community-witnesses">
            <caption className="sr-only">Witnesses of this community&apos;s log</caption>
            <thead className="text-slate-700">
              <tr>
                <th scope="col" className="py-2">Name</th>
                <th scope="col" className="py-2">Cosigned up to</th>
                <th scope="col" className="py-2">State</th>
                <th scope="col" className="py-2"><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {d.witnesses.map((w) => (
                <tr key={w.id} className="border-t border-slate-200 align-top">
                  <td className="py-2">
                    {w.name}
                    <div className="font-mono text-xs break-all text-slate-600">{w.verifierKey}</div>
                    <div className="text-xs break-all text-slate-600">{w.url}</div>
                  </td>
                  <td className="py-2 tabular-nums">{w.cosignedSize}</td>
                  <td className="py-2">{w.alert ? <span role="alert" className="text-red-800">Refused: {w.alert}</span> : "OK"}</td>
                  <td className="py-2">
                    <Button variant="secondary" busy={remove.isPending && remove.variables?.name === w.name} onClick={() => remove.mutate({ communityId, name: w.name })}>
                      Remove
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      {remove.error ? <ErrorBox {...errorDetails(remove.error)} /> : null}

      <form
        className="mt-6 space-y-3"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          add.mutate({ communityId, ...form }, { onSuccess: () => setForm({ name: "", verifierKey: "", url: "" }) });
        }}
      >
        <h3 className="font-semibold">Add a witness</h3>
        <div className="grid gap-3 sm:grid-cols-3">
          <Field label="Name (one word)" value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
          <Field label="Verifier key (cosignature/v1)" value={form.verifierKey} onChange={(e) => setForm({ ...form, verifierKey: e.target.value })} />
          <Field label="add-checkpoint URL" value={form.url} onChange={(e) => setForm({ ...form, url: e.target.value })} />
        </div>
        {add.error ? <ErrorBox {...errorDetails(add.error)} /> : null}
        <Button type="submit" busy={add.isPending}>Add witness</Button>
      </form>

      <form
        className="mt-6 flex flex-wrap items-end gap-3"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setQuorum.mutate({ communityId, quorum: Number(quorum ?? d.quorum) });
        }}
      >
        <Field label={`Quorum: cosignatures required (0 to ${d.witnesses.length})`} inputMode="numeric" value={quorum ?? String(d.quorum)} onChange={(e) => setQuorumText(e.target.value)} />
        <Button type="submit" busy={setQuorum.isPending}>Save quorum</Button>
      </form>
      {setQuorum.error ? <ErrorBox {...errorDetails(setQuorum.error)} /> : null}

      <h3 className="mt-6 font-semibold">Policy (c2sp tlog-policy)</h3>
      <pre className="mt-2 overflow-x-auto rounded-md bg-slate-900 p-3 text-xs text-slate-50" tabIndex={0}>
        <code>{d.policy}</code>
      </pre>
    </Card>
  );
}
