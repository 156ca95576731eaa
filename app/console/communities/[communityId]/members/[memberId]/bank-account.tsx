"use client";
// A member's bank account and SEPA Direct Debit mandate: read by the municipality, changed by its
// administrators. Personal data like name and address (erased with them); the ESCO sees it only
// inside the payment files it downloads, each download audited.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { Button, Empty, ErrorBox, Field, Loading, Select, fieldError } from "@/app/_components/ui";
import { formatterFor } from "@/app/_lib/format";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";
import type { MemberBankInput } from "@/server/billing/bank-schemas";
import { AccountFields, groupIban } from "@/app/console/bank-fields";
import { MandateHistory, schemeLabel } from "./mandate-history";

const EMPTY = { accountHolder: "", iban: "", bic: "", mandateReference: "", mandateSignedOn: "", mandateScheme: "CORE" as "CORE" | "B2B" };

export function MemberBankAccount({ communityId, memberId, canEdit }: { communityId: string; memberId: string; canEdit: boolean }) {
  const trpc = useTRPC();
  const t = useTranslations("console.member.bank");
  const fmt = formatterFor(useLocale());
  const queryClient = useQueryClient();
  const bank = useQuery(trpc.member.bank.queryOptions({ communityId, memberId }));
  const save = useMutation(trpc.member.setBank.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.member.bank.queryKey({ communityId, memberId }) }) }));
  const [form, setForm] = useState<typeof EMPTY | null>(null);

  if (bank.error) return <ErrorBox {...errorDetails(bank.error)} />;
  if (bank.data === undefined) return <Loading what={t("loading")} />;
  const b = bank.data;
  const problems = save.error ? errorDetails(save.error).problems : [];
  const err = (f: string) => fieldError(problems, f);

  if (form) {
    const set = (patch: Partial<typeof EMPTY>) => setForm({ ...form, ...patch });
    return (
      <form
        className="space-y-4"
        noValidate
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          const input: MemberBankInput = { ...form, bic: form.bic || null, mandateReference: form.mandateReference || null, mandateSignedOn: form.mandateSignedOn || null };
          save.mutate({ communityId, memberId, bank: input }, { onSuccess: () => setForm(null) });
        }}
      >
        {save.error ? <ErrorBox {...errorDetails(save.error)} problems={[]} /> : null}
        <div className="grid gap-4 sm:grid-cols-2">
          <AccountFields value={form} onChange={set} error={err} />
        </div>
        <fieldset className="grid gap-4 rounded-md border border-slate-200 p-4 sm:grid-cols-2">
          <legend className="px-1 text-sm font-medium">{t("mandateLegend")}</legend>
          <Field label={t("mandateReference")} name="mandateReference" hint={t("mandateReferenceHint")} value={form.mandateReference} error={err("mandateReference")} onChange={(e) => set({ mandateReference: e.target.value })} />
          <Field label={t("signedOn")} name="mandateSignedOn" type="date" value={form.mandateSignedOn} error={err("mandateSignedOn")} onChange={(e) => set({ mandateSignedOn: e.target.value })} />
          <Select label={t("scheme")} name="mandateScheme" value={form.mandateScheme} error={err("mandateScheme")} onChange={(e) => set({ mandateScheme: e.target.value as "CORE" | "B2B" })}>
            <option value="CORE">{t("schemeCore")}</option>
            <option value="B2B">{t("schemeB2b")}</option>
          </Select>
          <p className="text-sm text-slate-600 sm:col-span-2">{t("newReference")}</p>
        </fieldset>
        <div className="flex flex-wrap gap-3">
          <Button type="submit" busy={save.isPending}>
            {t("save")}
          </Button>
          <Button type="button" variant="secondary" onClick={() => (save.reset(), setForm(null))}>
            {t("cancel")}
          </Button>
        </div>
      </form>
    );
  }

  return (
    <div className="space-y-3 text-sm">
      {b ? (
        <dl className="grid gap-x-6 gap-y-2 sm:grid-cols-[max-content_1fr]" data-testid="member-bank">
          <dt className="font-medium">{t("holder")}</dt>
          <dd>{b.accountHolder}</dd>
          <dt className="font-medium">IBAN</dt>
          <dd className="font-mono">{groupIban(b.iban)}</dd>
          <dt className="font-medium">BIC</dt>
          <dd className="font-mono">{b.bic ?? "—"}</dd>
          <dt className="font-medium">{t("mandate")}</dt>
          <dd>{b.mandateReference ? t("mandateValue", { reference: b.mandateReference, scheme: schemeLabel[b.mandateScheme ?? "CORE"], date: fmt.date(b.mandateSignedOn!) }) : t("noMandate")}</dd>
        </dl>
      ) : (
        <Empty>{t("none")}</Empty>
      )}
      {b ? <MandateHistory mandates={b.mandates} /> : null}
      {canEdit ? (
        <div className="flex flex-wrap gap-3">
          <Button variant="secondary" onClick={() => setForm(b ? { accountHolder: b.accountHolder, iban: b.iban, bic: b.bic ?? "", mandateReference: b.mandateReference ?? "", mandateSignedOn: b.mandateSignedOn ?? "", mandateScheme: b.mandateScheme ?? "CORE" } : EMPTY)}>
            {b ? t("edit") : t("add")}
          </Button>
          {b ? (
            <Button variant="danger" busy={save.isPending} onClick={() => save.mutate({ communityId, memberId, bank: null })}>
              {t("remove")}
            </Button>
          ) : null}
        </div>
      ) : (
        <p className="text-slate-600">{t("adminOnly")}</p>
      )}
    </div>
  );
}
