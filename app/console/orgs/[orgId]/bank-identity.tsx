"use client";
// The organization's bank identity in SEPA files: creditor of direct debits (with its SEPA creditor
// identifier) and debtor of payouts. Shown to the organization's administrators.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Button, Card, ErrorBox, Field, Loading, fieldError } from "@/app/_components/ui";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";
import { AccountFields, groupIban } from "@/app/console/bank-fields";

export function BankIdentity({ orgId }: { orgId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const bank = useQuery(trpc.organization.bank.queryOptions({ orgId }));
  const save = useMutation(trpc.organization.setBank.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.organization.bank.queryKey({ orgId }) }) }));
  const [form, setForm] = useState<{ accountHolder: string; iban: string; bic: string; creditorId: string } | null>(null);
  const problems = save.error ? errorDetails(save.error).problems : [];
  const err = (f: string) => fieldError(problems, f);
  const b = bank.data;

  return (
    <Card title="Bank identity for SEPA files">
      {bank.error ? (
        <ErrorBox {...errorDetails(bank.error)} />
      ) : b === undefined ? (
        <Loading what="Loading the bank identity" />
      ) : form ? (
        <form
          className="space-y-4"
          noValidate
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            save.mutate({ orgId, bank: { ...form, bic: form.bic || null, creditorId: form.creditorId || null } }, { onSuccess: () => setForm(null) });
          }}
        >
          {save.error ? <ErrorBox message={errorDetails(save.error).message} /> : null}
          <div className="grid gap-4 sm:grid-cols-2">
            <AccountFields value={form} onChange={(patch) => setForm({ ...form, ...patch })} error={err} />
            <Field label="SEPA creditor identifier" name="creditorId" hint="Needed to collect by direct debit, e.g. IT66ZZZA1B2C3D4E5F6G7H8" value={form.creditorId} error={err("creditorId")} onChange={(e) => setForm({ ...form, creditorId: e.target.value })} />
          </div>
          <div className="flex flex-wrap gap-3">
            <Button type="submit" busy={save.isPending}>
              Save bank identity
            </Button>
            <Button type="button" variant="secondary" onClick={() => (save.reset(), setForm(null))}>
              Cancel
            </Button>
          </div>
        </form>
      ) : (
        <div className="space-y-3 text-sm">
          <p className="text-slate-700">Your organization is the creditor of the members&apos; direct debits (pain.008) and pays out their credits (pain.001) from this account.</p>
          {b ? (
            <dl className="grid gap-x-6 gap-y-2 sm:grid-cols-[max-content_1fr]" data-testid="org-bank">
              <dt className="font-medium">Account holder</dt>
              <dd>{b.accountHolder}</dd>
              <dt className="font-medium">IBAN</dt>
              <dd className="font-mono">{groupIban(b.iban)}</dd>
              <dt className="font-medium">BIC</dt>
              <dd className="font-mono">{b.bic ?? "—"}</dd>
              <dt className="font-medium">Creditor identifier</dt>
              <dd className="font-mono">{b.creditorId ?? "— (needed for direct debits)"}</dd>
            </dl>
          ) : (
            <p>Not set yet: SEPA files cannot be built without it.</p>
          )}
          <Button variant="secondary" onClick={() => setForm({ accountHolder: b?.accountHolder ?? "", iban: b?.iban ?? "", bic: b?.bic ?? "", creditorId: b?.creditorId ?? "" })}>
            {b ? "Edit bank identity" : "Set bank identity"}
          </Button>
        </div>
      )}
    </Card>
  );
}
