"use client";
// The resident's own bank account and direct-debit mandate, IBAN masked, read only: the municipality
// keeps them (ask it to change them).
import { useQuery } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { ErrorBox, Loading } from "@/app/_components/ui";
import { formatterFor } from "@/app/_lib/format";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";

export function MyBankAccount({ memberId }: { memberId: string }) {
  const trpc = useTRPC();
  const t = useTranslations("bank");
  const tScheme = useTranslations("mandateScheme");
  const f = formatterFor(useLocale());
  const bank = useQuery(trpc.me.bank.queryOptions({ memberId }));
  if (bank.error) return <ErrorBox {...errorDetails(bank.error)} />;
  if (bank.data === undefined) return <Loading what={t("loading")} />;
  const b = bank.data;
  if (!b) return <p className="text-sm text-slate-700">{t("none")}</p>;
  return (
    <div className="space-y-2 text-sm">
      <dl className="grid gap-x-6 gap-y-2 sm:grid-cols-[max-content_1fr]" data-testid="my-bank">
        <dt className="font-medium">{t("holder")}</dt>
        <dd>{b.accountHolder}</dd>
        <dt className="font-medium">{t("iban")}</dt>
        <dd className="font-mono">{b.iban}</dd>
        <dt className="font-medium">
          <abbr title={t("mandateTitle")}>{t("mandate")}</abbr>
        </dt>
        <dd>{b.mandateReference ? t("mandateValue", { reference: b.mandateReference, date: f.date(b.mandateSignedOn!) }) : t("noMandate")}</dd>
        {b.mandateScheme ? (
          <>
            <dt className="font-medium">
              <abbr title={tScheme("title")}>{tScheme("label")}</abbr>
            </dt>
            <dd data-testid="my-mandate-scheme">{tScheme(b.mandateScheme)}</dd>
          </>
        ) : null}
      </dl>
      <p className="text-slate-600">{t("masked")}</p>
    </div>
  );
}
