"use client";
// Tokens for the resident's own devices (Home Assistant and the like): read-only, their member only.
// A new token is shown once, here; afterwards only its first characters.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useState } from "react";
import { Button, Empty, ErrorBox, Field, Loading, Notice } from "@/app/_components/ui";
import { formatterFor } from "@/app/_lib/format";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";

export function MyDevices({ memberId }: { memberId: string }) {
  const trpc = useTRPC();
  const t = useTranslations("devices");
  const f = formatterFor(useLocale());
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const tokens = useQuery(trpc.me.deviceTokens.queryOptions({ memberId }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.me.deviceTokens.queryKey({ memberId }) });
  const create = useMutation(trpc.me.createDeviceToken.mutationOptions({ onSuccess: () => (setName(""), refresh()) }));
  const revoke = useMutation(trpc.me.revokeDeviceToken.mutationOptions({ onSuccess: refresh }));
  return (
    <div className="space-y-4 text-sm" data-testid="devices">
      <p className="text-slate-700">{t("intro")}</p>
      <form
        className="flex flex-wrap items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate({ memberId, name });
        }}
      >
        <Field label={t("name")} hint={t("nameHint")} value={name} onChange={(e) => setName(e.target.value)} maxLength={100} required />
        <Button type="submit" busy={create.isPending}>
          {t("create")}
        </Button>
      </form>
      {create.error ? <ErrorBox {...errorDetails(create.error)} /> : null}
      {create.data ? (
        <Notice>
          <p>{t("shownOnce")}</p>
          <code className="mt-1 block break-all rounded bg-slate-100 p-2 font-mono" data-testid="new-device-token">
            {create.data.token}
          </code>
          <p className="mt-1">{t("memberIdIs", { memberId })}</p>
        </Notice>
      ) : null}
      {tokens.error ? <ErrorBox {...errorDetails(tokens.error)} /> : null}
      {!tokens.data && !tokens.error ? <Loading what={t("loading")} /> : null}
      {tokens.data && tokens.data.length === 0 ? <Empty>{t("none")}</Empty> : null}
      {tokens.data && tokens.data.length > 0 ? (
        <ul className="divide-y divide-slate-200 rounded-md border border-slate-200">
          {tokens.data.map((tk) => (
            <li key={tk.id} className="flex flex-wrap items-center justify-between gap-2 p-3">
              <div>
                <p className="font-medium">
                  {tk.name} <span className="font-mono text-slate-600">{tk.prefix}…</span>
                </p>
                <p className="text-xs text-slate-600">
                  {t("created", { date: f.dateTime(tk.createdAt) })} · {tk.lastUsedAt ? t("lastUsed", { date: f.dateTime(tk.lastUsedAt) }) : t("neverUsed")}
                  {tk.revokedAt ? ` · ${t("revokedAt", { date: f.dateTime(tk.revokedAt) })}` : ""}
                </p>
              </div>
              {tk.revokedAt ? null : (
                <Button variant="secondary" busy={revoke.isPending && revoke.variables?.tokenId === tk.id} onClick={() => revoke.mutate({ memberId, tokenId: tk.id })}>
                  {t("revoke")}
                </Button>
              )}
            </li>
          ))}
        </ul>
      ) : null}
      {revoke.error ? <ErrorBox {...errorDetails(revoke.error)} /> : null}
    </div>
  );
}
