"use client";
// A member's bank account and SEPA Direct Debit mandate: read by the municipality, changed by its
// administrators. Personal data like name and address (erased with them); the ESCO sees it only
// inside the payment files it downloads, each download audited.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Button, Empty, ErrorBox, Field, Loading, Select, fieldError } from "@/app/_components/ui";
import { formatDate } from "@/app/_lib/format";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";
import type { MemberBankInput } from "@/server/billing/bank-schemas";
import { AccountFields, groupIban } from "@/app/console/bank-fields";
import { MandateHistory, schemeLabel } from "./mandate-history";

const EMPTY = { accountHolder: "", iban: "", bic: "", mandateReference: "", mandateSignedOn: "", mandateScheme: "CORE" as "CORE" | "B2B" };

export function MemberBankAccount({ communityId, memberId, canEdit }: { communityId: string; memberId: string; canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const bank = useQuery(trpc.member.bank.queryOptions({ communityId, memberId }));
  const save = useMutation(trpc.member.setBank.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.member.bank.queryKey({ communityId, memberId }) }) }));
  const [form, setForm] = useState<typeof EMPTY | null>(null);

  if (bank.error) return <ErrorBox {...errorDetails(bank.error)} />;
  if (bank.data === undefined) return <Loading what="Loading the bank account" />;
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
        {save.error ? <ErrorBox message={errorDetails(save.error).message} /> : null}
        <div className="grid gap-4 sm:grid-cols-2">
          <AccountFields value={form} onChange={set} error={err} />
        </div>
        <fieldset className="grid gap-4 rounded-md border border-slate-200 p-4 sm:grid-cols-2">
          <legend className="px-1 text-sm font-medium">SEPA Direct Debit mandate (leave empty if the member pays another way)</legend>
          <Field label="Mandate reference" name="mandateReference" hint="Unique for the creditor; letters, digits and / - ? : ( ) . , ' + (at most 35)" value={form.mandateReference} error={err("mandateReference")} onChange={(e) => set({ mandateReference: e.target.value })} />
          <Field label="Signed on" name="mandateSignedOn" type="date" value={form.mandateSignedOn} error={err("mandateSignedOn")} onChange={(e) => set({ mandateSignedOn: e.target.value })} />
          <Select label="Scheme" name="mandateScheme" value={form.mandateScheme} error={err("mandateScheme")} onChange={(e) => set({ mandateScheme: e.target.value as "CORE" | "B2B" })}>
            <option value="CORE">SEPA Core (consumers and businesses)</option>
            <option value="B2B">SEPA B2B (businesses only; the debtor's bank must confirm the mandate)</option>
          </Select>
          <p className="text-sm text-slate-600 sm:col-span-2">A new reference starts a new mandate; the current one is kept in the history.</p>
        </fieldset>
        <div className="flex flex-wrap gap-3">
          <Button type="submit" busy={save.isPending}>
            Save bank account
          </Button>
          <Button type="button" variant="secondary" onClick={() => (save.reset(), setForm(null))}>
            Cancel
          </Button>
        </div>
      </form>
    );
  }

  return (
    <div className="space-y-3 text-sm">
      {b ? (
        <dl className="grid gap-x-6 gap-y-2 sm:grid-cols-[max-content_1fr]" data-testid="member-bank">
          <dt className="font-medium">Account holder</dt>
          <dd>{b.accountHolder}</dd>
          <dt className="font-medium">IBAN</dt>
          <dd className="font-mono">{groupIban(b.iban)}</dd>
          <dt className="font-medium">BIC</dt>
          <dd className="font-mono">{b.bic ?? "—"}</dd>
          <dt className="font-medium">Mandate</dt>
          <dd>{b.mandateReference ? `${b.mandateReference} (${schemeLabel[b.mandateScheme ?? "CORE"]}), signed ${formatDate(b.mandateSignedOn!)}` : "none: amounts owed are not collected by direct debit"}</dd>
        </dl>
      ) : (
        <Empty>No bank account: this member is left out of SEPA files (listed in the SEPA report).</Empty>
      )}
      {b ? <MandateHistory mandates={b.mandates} /> : null}
      {canEdit ? (
        <div className="flex flex-wrap gap-3">
          <Button variant="secondary" onClick={() => setForm(b ? { accountHolder: b.accountHolder, iban: b.iban, bic: b.bic ?? "", mandateReference: b.mandateReference ?? "", mandateSignedOn: b.mandateSignedOn ?? "", mandateScheme: b.mandateScheme ?? "CORE" } : EMPTY)}>
            {b ? "Edit bank account" : "Add bank account"}
          </Button>
          {b ? (
            <Button variant="danger" busy={save.isPending} onClick={() => save.mutate({ communityId, memberId, bank: null })}>
              Remove bank account
            </Button>
          ) : null}
        </div>
      ) : (
        <p className="text-slate-600">Only an administrator of the municipality can change bank data.</p>
      )}
    </div>
  );
}
