"use client";
// The platform administrator's list of logs this instance witnesses (c2sp tlog-witness): origin and
// verifier key of each, the size last cosigned, and this witness's own verifier key to hand out.
// Adding and removing are audited.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button, Card, ErrorBox, Field, Loading, ScrollRegion } from "@/app/_components/ui";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";

export function WitnessLogs() {
  const t = useTranslations("console.admin");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const logs = useQuery(trpc.witness.logs.queryOptions());
  const refresh = { onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.witness.logs.queryKey() }) };
  const add = useMutation(trpc.witness.addLog.mutationOptions(refresh));
  const remove = useMutation(trpc.witness.removeLog.mutationOptions(refresh));
  const [origin, setOrigin] = useState("");
  const [verifierKey, setVerifierKey] = useState("");
  if (logs.error) return <ErrorBox {...errorDetails(logs.error)} />;
  if (!logs.data) return <Loading what={t("loadingLogs")} />;
  return (
    <Card title={t("logsTitle")}>
      <p className="text-sm text-slate-700">
        {t.rich("witnessKey", {
          vkey: logs.data.vkey,
          code: (chunks) => (
            <code className="font-mono text-xs break-all" data-testid="witness-vkey">
              {chunks}
            </code>
          ),
        })}
      </p>
      {logs.data.logs.length === 0 ? (
        <p className="mt-3 text-sm text-slate-700">{t("noLogs")}</p>
      ) : (
        <ScrollRegion label={t("logsCaption")}>
          <table className="mt-3 w-full text-left text-sm" data-testid="witnessed-logs">
            <caption className="sr-only">{t("logsCaption")}</caption>
            <thead className="text-slate-700">
              <tr>
                <th scope="col" className="py-2">{t("originAndKey")}</th>
                <th scope="col" className="py-2">{t("cosignedSize")}</th>
                <th scope="col" className="py-2"><span className="sr-only">{t("actions")}</span></th>
              </tr>
            </thead>
            <tbody>
              {logs.data.logs.map((l) => (
                <tr key={l.origin} className="border-t border-slate-200 align-top">
                  <td className="py-2">
                    {l.origin}
                    <div className="font-mono text-xs break-all text-slate-600">{l.verifierKey}</div>
                  </td>
                  <td className="py-2 tabular-nums">{l.treeSize}</td>
                  <td className="py-2">
                    <Button variant="secondary" busy={remove.isPending && remove.variables?.origin === l.origin} onClick={() => remove.mutate({ origin: l.origin })}>
                      {t("stopWitnessing")}
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
        className="mt-4 space-y-3"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          add.mutate({ origin, verifierKey }, { onSuccess: () => (setOrigin(""), setVerifierKey("")) });
        }}
      >
        <div className="grid gap-3 sm:grid-cols-2">
          <Field label={t("logOrigin")} value={origin} onChange={(e) => setOrigin(e.target.value)} />
          <Field label={t("logKey")} value={verifierKey} onChange={(e) => setVerifierKey(e.target.value)} />
        </div>
        {add.error ? <ErrorBox {...errorDetails(add.error)} /> : null}
        <Button type="submit" busy={add.isPending}>{t("witnessLog")}</Button>
      </form>
    </Card>
  );
}
