"use client";
// The resident's erasure request and the erasure of their personal data (administrators).
import { useMutation } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useState, type ReactNode } from "react";
import { ConfirmDialog } from "@/app/_components/confirm-dialog";
import { Button, ErrorBox, Notice } from "@/app/_components/ui";
import { formatterFor } from "@/app/_lib/format";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";

/** A resident's erasure request and, for the municipality's administrators, carrying it out. */
export function Erasure({ communityId, memberId, erasure, canErase, pseudonym, onErased }: { communityId: string; memberId: string; erasure: { requestedAt: string; doneAt: string | null } | null; canErase: boolean; pseudonym: string; onErased: () => unknown }) {
  const trpc = useTRPC();
  const t = useTranslations("console.member.erasure");
  const f = formatterFor(useLocale());
  const id = (chunks: ReactNode) => <span className="font-mono">{chunks}</span>;
  const [confirming, setConfirming] = useState(false);
  const erase = useMutation(trpc.member.erase.mutationOptions({ onSuccess: onErased }));
  if (erasure?.doneAt) return <p className="text-sm" data-testid="erasure-state">{t.rich("done", { date: f.date(erasure.doneAt), pseudonym, id })}</p>;
  return (
    <div className="space-y-3 text-sm" data-testid="erasure-state">
      {erasure ? <p className="font-medium">{t("requested", { date: f.date(erasure.requestedAt) })}</p> : <p>{t("notRequested")}</p>}
      <p className="text-slate-700">
        {t.rich("explain", { pseudonym, id })}
      </p>
      {erase.error ? <ErrorBox {...errorDetails(erase.error)} /> : null}
      {erase.isSuccess ? <Notice>{t("erased")}</Notice> : null}
      {canErase && !erase.isSuccess ? (
        <Button variant="danger" busy={erase.isPending} onClick={() => setConfirming(true)}>
          {t("button")}
        </Button>
      ) : null}
      <ConfirmDialog
        open={confirming}
        title={t("title")}
        confirmLabel={t("confirm")}
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          erase.mutate({ communityId, memberId });
        }}
      >
        <p data-testid="confirm-consequence">
          {t("deleted")}
        </p>
        <p>
          {t.rich("kept", { pseudonym, id })}
        </p>
      </ConfirmDialog>
      {!canErase ? <p className="text-slate-600">{t("adminOnly")}</p> : null}
    </div>
  );
}
