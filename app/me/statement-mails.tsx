"use client";
// "E-mail me when a new statement is ready": off by default; turned on in the language the resident is
// using now (server/residents/statement-mails.ts). The mail holds only the period and a link here.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { Button, ErrorBox, Loading, Notice } from "@/app/_components/ui";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";
import { isLocale, LOCALE_NAMES } from "@/server/i18n/locales";

export function MyStatementMails({ memberId }: { memberId: string }) {
  const trpc = useTRPC();
  const t = useTranslations("mail");
  const locale = useLocale();
  const queryClient = useQueryClient();
  const setting = useQuery(trpc.me.statementMails.queryOptions({ memberId }));
  const [enabled, setEnabled] = useState(false);
  useEffect(() => {
    if (setting.data) setEnabled(setting.data.enabled);
  }, [setting.data]);
  const save = useMutation(
    trpc.me.setStatementMails.mutationOptions({ onSuccess: (data) => queryClient.setQueryData(trpc.me.statementMails.queryKey({ memberId }), data) }),
  );
  if (setting.error) return <ErrorBox {...errorDetails(setting.error)} />;
  if (!setting.data) return <Loading />;
  const current = isLocale(locale) ? locale : "en";
  const id = `statement-mails-${memberId}`;
  return (
    <form
      className="space-y-3 text-sm"
      data-testid="statement-mails"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({ memberId, enabled, locale: current });
      }}
    >
      {!setting.data.mailConfigured ? <p className="rounded-md border border-amber-300 bg-amber-50 p-3 text-slate-800">{t("settingNoMail")}</p> : null}
      <div className="flex items-start gap-2">
        <input id={id} type="checkbox" className="mt-1 h-4 w-4" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} aria-describedby={`${id}-hint`} />
        <div>
          <label htmlFor={id} className="font-medium">
            {t("settingLabel")}
          </label>
          <p id={`${id}-hint`} className="text-slate-600">
            {t("settingHint", { email: setting.data.email, language: LOCALE_NAMES[current] })}
          </p>
        </div>
      </div>
      <Button type="submit" busy={save.isPending}>
        {t("settingSave")}
      </Button>
      {save.error ? <ErrorBox {...errorDetails(save.error)} /> : null}
      {save.isSuccess ? (
        <Notice>
          <span data-testid="statement-mails-state">
            {setting.data.enabled && setting.data.locale ? t("settingOn", { email: setting.data.email, language: LOCALE_NAMES[setting.data.locale] }) : t("settingOff")}
          </span>
        </Notice>
      ) : null}
    </form>
  );
}
