"use client";
// The community's transparency log and its witnesses (docs/witnessing.md): the log's origin and
// verifier key to give to witnesses, the witnesses the log asks after each finalize (with the size
// each last cosigned and its alert), the quorum, and the policy in the c2sp tlog-policy format.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button, Card, ErrorBox, Field, Loading, ScrollRegion } from "@/app/_components/ui";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";

export function CommunityWitnesses({ communityId }: { communityId: string }) {
  const t = useTranslations("console.witnesses");
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
  if (!info.data) return <Loading what={t("loading")} />;
  const d = info.data;
  return (
    <Card title={t("title")}>
      <dl className="grid gap-2 text-sm sm:grid-cols-[auto_1fr]">
        <dt className="font-medium">{t("origin")}</dt>
        <dd className="font-mono text-xs break-all">{d.origin}</dd>
        <dt className="font-medium">{t("vkey")}</dt>
        <dd className="font-mono text-xs break-all" data-testid="console-log-vkey">{d.vkey}</dd>
      </dl>
      {d.witnesses.length === 0 ? (
        <p className="mt-4 text-sm text-slate-700">{t("none")}</p>
      ) : (
        <ScrollRegion label={t("caption")}>
          <table className="mt-4 w-full text-left text-sm" data-testid="community-witnesses">
            <caption className="sr-only">{t("caption")}</caption>
            <thead className="text-slate-700">
              <tr>
                <th scope="col" className="py-2">{t("name")}</th>
                <th scope="col" className="py-2">{t("cosignedUpTo")}</th>
                <th scope="col" className="py-2">{t("state")}</th>
                <th scope="col" className="py-2"><span className="sr-only">{t("actions")}</span></th>
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
                  <td className="py-2">{w.alert ? <span role="alert" className="text-red-800">{t("refused", { alert: w.alert })}</span> : t("ok")}</td>
                  <td className="py-2">
                    <Button variant="secondary" busy={remove.isPending && remove.variables?.name === w.name} onClick={() => remove.mutate({ communityId, name: w.name })}>
                      {t("remove")}
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
        <h3 className="font-semibold">{t("add")}</h3>
        <div className="grid gap-3 sm:grid-cols-3">
          <Field label={t("nameOneWord")} value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
          <Field label={t("witnessKey")} value={form.verifierKey} onChange={(e) => setForm({ ...form, verifierKey: e.target.value })} />
          <Field label={t("url")} value={form.url} onChange={(e) => setForm({ ...form, url: e.target.value })} />
        </div>
        {add.error ? <ErrorBox {...errorDetails(add.error)} /> : null}
        <Button type="submit" busy={add.isPending}>{t("addButton")}</Button>
      </form>

      <form
        className="mt-6 flex flex-wrap items-end gap-3"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setQuorum.mutate({ communityId, quorum: Number(quorum ?? d.quorum) });
        }}
      >
        <Field label={t("quorum", { max: d.witnesses.length })} inputMode="numeric" value={quorum ?? String(d.quorum)} onChange={(e) => setQuorumText(e.target.value)} />
        <Button type="submit" busy={setQuorum.isPending}>{t("saveQuorum")}</Button>
      </form>
      {setQuorum.error ? <ErrorBox {...errorDetails(setQuorum.error)} /> : null}

      <h3 className="mt-6 font-semibold">{t("policy")}</h3>
      <pre className="mt-2 overflow-x-auto rounded-md bg-slate-900 p-3 text-xs text-slate-50" tabIndex={0}>
        <code>{d.policy}</code>
      </pre>
    </Card>
  );
}
