"use client";
// The organization's bank identity in SEPA files: creditor of direct debits (with its SEPA creditor
// identifier) and debtor of payouts. Shown to the organization's administrators.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { Button, Card, ErrorBox, Field, Loading, fieldError } from "@/app/_components/ui";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";
import { AccountFields, groupIban } from "@/app/console/bank-fields";

export function BankIdentity({ orgId }: { orgId: string }) {
  const t = useTranslations("console.org");
  const c = useTranslations("console.common");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const bank = useQuery(trpc.organization.bank.queryOptions({ orgId }));
  const save = useMutation(trpc.organization.setBank.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.organization.bank.queryKey({ orgId }) }) }));
  const [form, setForm] = useState<{ accountHolder: string; iban: string; bic: string; creditorId: string } | null>(null);
  const problems = save.error ? errorDetails(save.error).problems : [];
  const err = (f: string) => fieldError(problems, f);
  const b = bank.data;

  return (
    <Card title={t("bankTitle")}>
      {bank.error ? (
        <ErrorBox {...errorDetails(bank.error)} />
      ) : b === undefined ? (
        <Loading what={t("loadingBank")} />
      ) : form ? (
        <form
          className="space-y-4"
          noValidate
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            save.mutate({ orgId, bank: { ...form, bic: form.bic || null, creditorId: form.creditorId || null } }, { onSuccess: () => setForm(null) });
          }}
        >
          {save.error ? <ErrorBox {...errorDetails(save.error)} problems={[]} /> : null}
          <div className="grid gap-4 sm:grid-cols-2">
            <AccountFields value={form} onChange={(patch) => setForm({ ...form, ...patch })} error={err} />
            <Field label={t("creditorId")} name="creditorId" hint={t("creditorIdHint")} value={form.creditorId} error={err("creditorId")} onChange={(e) => setForm({ ...form, creditorId: e.target.value })} />
          </div>
          <div className="flex flex-wrap gap-3">
            <Button type="submit" busy={save.isPending}>
              {t("saveBank")}
            </Button>
            <Button type="button" variant="secondary" onClick={() => (save.reset(), setForm(null))}>
              {c("cancel")}
            </Button>
          </div>
        </form>
      ) : (
        <div className="space-y-3 text-sm">
          <p className="text-slate-700">{t("bankNote")}</p>
          {b ? (
            <dl className="grid gap-x-6 gap-y-2 sm:grid-cols-[max-content_1fr]" data-testid="org-bank">
              <dt className="font-medium">{t("accountHolder")}</dt>
              <dd>{b.accountHolder}</dd>
              <dt className="font-medium">{t("iban")}</dt>
              <dd className="font-mono">{groupIban(b.iban)}</dd>
              <dt className="font-medium">{t("bic")}</dt>
              <dd className="font-mono">{b.bic ?? "—"}</dd>
              <dt className="font-medium">{t("creditorIdShort")}</dt>
              <dd className="font-mono">{b.creditorId ?? t("creditorIdNeeded")}</dd>
            </dl>
          ) : (
            <p>{t("bankNotSet")}</p>
          )}
          <Button variant="secondary" onClick={() => setForm({ accountHolder: b?.accountHolder ?? "", iban: b?.iban ?? "", bic: b?.bic ?? "", creditorId: b?.creditorId ?? "" })}>
            {b ? t("editBank") : t("setBank")}
          </Button>
        </div>
      )}
    </Card>
  );
}
