"use client";
// Inviting the resident to their portal, and ending the membership.
import { useMutation } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useState } from "react";
import { ConfirmDialog } from "@/app/_components/confirm-dialog";
import { CopyLink } from "@/app/_components/copy-link";
import { Button, ErrorBox, Field, fieldError } from "@/app/_components/ui";
import { formatterFor } from "@/app/_lib/format";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";

export function InviteResident({ communityId, memberId, defaultEmail }: { communityId: string; memberId: string; defaultEmail: string }) {
  const trpc = useTRPC();
  const t = useTranslations("console.member.actions");
  const [email, setEmail] = useState(defaultEmail);
  const invite = useMutation(trpc.invitation.inviteResident.mutationOptions());
  return (
    <form
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        invite.mutate({ communityId, memberId, email });
      }}
      noValidate
    >
      <p className="text-sm text-slate-700">{t("inviteIntro")}</p>
      <Field label={t("email")} name="inviteEmail" type="email" value={email} error={invite.error ? fieldError(errorDetails(invite.error).problems, "email") : undefined} onChange={(e) => setEmail(e.target.value)} />
      {invite.error && !fieldError(errorDetails(invite.error).problems, "email") ? <ErrorBox {...errorDetails(invite.error)} problems={[]} /> : null}
      <Button type="submit" busy={invite.isPending}>
        {t("create")}
      </Button>
      {invite.data ? <CopyLink link={invite.data.link} emailed={invite.data.emailed} /> : null}
    </form>
  );
}

/** Ending needs a date chosen on purpose (none is pre-filled) and a confirmation naming what stops. */
export function EndMembership({ communityId, memberId, reference, joinedOn, points, onEnded }: { communityId: string; memberId: string; reference: string; joinedOn: string; points: { code: string; validTo: string | null }[]; onEnded: () => unknown }) {
  const trpc = useTRPC();
  const t = useTranslations("console.member.actions");
  const f = formatterFor(useLocale());
  const [leftOn, setLeftOn] = useState("");
  const [missing, setMissing] = useState<string | undefined>();
  const [confirming, setConfirming] = useState(false);
  const end = useMutation(trpc.member.end.mutationOptions({ onSuccess: onEnded }));
  const ending = points.filter((p) => p.validTo === null || p.validTo > leftOn).map((p) => p.code);
  return (
    <form
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        if (!leftOn) return setMissing(t("chooseDay"));
        if (leftOn <= joinedOn) return setMissing(t("afterJoin", { date: f.date(joinedOn) }));
        setMissing(undefined);
        setConfirming(true);
      }}
      noValidate
    >
      <p className="text-sm text-slate-700">{t("endIntro")}</p>
      {end.error ? <ErrorBox {...errorDetails(end.error)} /> : null}
      <Field label={t("endsOn")} hint={t("endsOnHint")} name="leftOn" type="date" required min={joinedOn} value={leftOn} error={missing} onChange={(e) => setLeftOn(e.target.value)} />
      <Button type="submit" variant="danger" busy={end.isPending}>
        {t("endButton")}
      </Button>
      <ConfirmDialog
        open={confirming}
        title={t("endTitle", { reference })}
        confirmLabel={t("endConfirm", { date: leftOn ? f.date(leftOn) : "" })}
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          end.mutate({ communityId, memberId, leftOn });
        }}
      >
        <p data-testid="confirm-consequence">
          {ending.length
            ? t("consequencePoints", { date: leftOn ? f.date(leftOn) : "", reference, count: ending.length, codes: ending.join(", ") })
            : t("consequence", { date: leftOn ? f.date(leftOn) : "", reference })}
        </p>
        <p>{t("kept")}</p>
      </ConfirmDialog>
    </form>
  );
}
