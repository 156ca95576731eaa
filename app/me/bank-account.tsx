"use client";
// The resident's own bank account and direct-debit mandate, IBAN masked, read only: the municipality
// keeps them (ask it to change them).
import { useQuery } from "@tanstack/react-query";
import { ErrorBox, Loading } from "@/app/_components/ui";
import { formatDate } from "@/app/_lib/format";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";

export function MyBankAccount({ memberId }: { memberId: string }) {
  const trpc = useTRPC();
  const bank = useQuery(trpc.me.bank.queryOptions({ memberId }));
  if (bank.error) return <ErrorBox {...errorDetails(bank.error)} />;
  if (bank.data === undefined) return <Loading what="Loading your bank account" />;
  const b = bank.data;
  if (!b) return <p className="text-sm text-slate-700">No bank account is on file: what you owe or are credited is settled another way. Ask your municipality to add one.</p>;
  return (
    <div className="space-y-2 text-sm">
      <dl className="grid gap-x-6 gap-y-2 sm:grid-cols-[max-content_1fr]" data-testid="my-bank">
        <dt className="font-medium">Account holder</dt>
        <dd>{b.accountHolder}</dd>
        <dt className="font-medium">IBAN</dt>
        <dd className="font-mono">
          {b.iban}
        </dd>
        <dt className="font-medium">
          <abbr title="SEPA Direct Debit mandate: your permission to collect what you owe from this account">Direct-debit mandate</abbr>
        </dt>
        <dd>{b.mandateReference ? `${b.mandateReference}, signed ${formatDate(b.mandateSignedOn!)}` : "none: you pay what you owe another way"}</dd>
      </dl>
      <p className="text-slate-600">Only the last four digits are shown. To change these details, contact your municipality.</p>
    </div>
  );
}
