"use client";
// The resident's data: downloads of everything Dajie holds about them, and a request to erase their
// personal data (a municipality administrator carries it out; the ledger keeps only the pseudonym).
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useState } from "react";
import { Button, ErrorBox, Notice } from "@/app/_components/ui";
import { formatterFor } from "@/app/_lib/format";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";

const CSV_TABLES = [
  ["member", "member"],
  ["metering-points", "meteringPoints"],
  ["readings", "readings"],
  ["runs", "runs"],
  ["ledger", "ledger"],
] as const;

export function YourData({ memberId, pseudonym, erasureRequestedAt }: { memberId: string; pseudonym: string; erasureRequestedAt: string | null }) {
  const trpc = useTRPC();
  const t = useTranslations("yourData");
  const f = formatterFor(useLocale());
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const request = useMutation(trpc.me.requestErasure.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.me.memberships.queryKey() }) }));
  const requestedAt = request.data?.requestedAt ?? erasureRequestedAt;
  const href = (format: string, table?: string) => `/me/export?memberId=${memberId}&format=${format}${table ? `&table=${table}` : ""}`;
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <div className="space-y-2 text-sm">
        <h3 className="font-medium">{t("downloadHeading")}</h3>
        <p className="text-slate-700">{t("downloadText")}</p>
        <ul className="list-disc space-y-1 pl-5">
          <li>
            <a href={href("json")} download>
              {t("json")}
            </a>
          </li>
          {CSV_TABLES.map(([table, label]) => (
            <li key={table}>
              <a href={href("csv", table)} download>
                {t("csv", { label: t(label) })}
              </a>
            </li>
          ))}
        </ul>
      </div>
      <div className="space-y-3 text-sm">
        <h3 className="font-medium">{t("eraseHeading")}</h3>
        <p className="text-slate-700">{t.rich("eraseText", { pseudonym, mono: (chunks) => <span className="font-mono">{chunks}</span> })}</p>
        {request.error ? <ErrorBox {...errorDetails(request.error)} /> : null}
        {requestedAt ? (
          <Notice>{t("requested", { date: f.dateTime(requestedAt) })}</Notice>
        ) : confirming ? (
          <div className="flex flex-wrap gap-2">
            <Button variant="danger" busy={request.isPending} onClick={() => request.mutate({ memberId })}>
              {t("confirm")}
            </Button>
            <Button variant="secondary" onClick={() => setConfirming(false)}>
              {t("cancel")}
            </Button>
          </div>
        ) : (
          <Button variant="secondary" onClick={() => setConfirming(true)}>
            {t("ask")}
          </Button>
        )}
      </div>
    </div>
  );
}
