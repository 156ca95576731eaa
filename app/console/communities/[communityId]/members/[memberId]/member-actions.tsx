"use client";
// Inviting the resident to their portal, and ending the membership.
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { ConfirmDialog } from "@/app/_components/confirm-dialog";
import { CopyLink } from "@/app/_components/copy-link";
import { Button, ErrorBox, Field, fieldError } from "@/app/_components/ui";
import { formatDate } from "@/app/_lib/format";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";

export function InviteResident({ communityId, memberId, defaultEmail }: { communityId: string; memberId: string; defaultEmail: string }) {
  const trpc = useTRPC();
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
      <p className="text-sm text-slate-700">The resident gets a single-use link, valid for 7 days, to set a password and see their own page.</p>
      <Field label="Resident's e-mail" name="inviteEmail" type="email" value={email} error={invite.error ? fieldError(errorDetails(invite.error).problems, "email") : undefined} onChange={(e) => setEmail(e.target.value)} />
      {invite.error && !fieldError(errorDetails(invite.error).problems, "email") ? <ErrorBox message={errorDetails(invite.error).message} /> : null}
      <Button type="submit" busy={invite.isPending}>
        Create invitation
      </Button>
      {invite.data ? <CopyLink link={invite.data.link} emailed={invite.data.emailed} /> : null}
    </form>
  );
}

/** Ending needs a date chosen on purpose (none is pre-filled) and a confirmation naming what stops. */
export function EndMembership({ communityId, memberId, reference, joinedOn, points, onEnded }: { communityId: string; memberId: string; reference: string; joinedOn: string; points: { code: string; validTo: string | null }[]; onEnded: () => unknown }) {
  const trpc = useTRPC();
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
        if (!leftOn) return setMissing("Choose the day the membership ends.");
        if (leftOn <= joinedOn) return setMissing(`The end must be after the day the member joined (${formatDate(joinedOn)}).`);
        setMissing(undefined);
        setConfirming(true);
      }}
      noValidate
    >
      <p className="text-sm text-slate-700">The member&apos;s open metering points end on the same day. History is kept.</p>
      {end.error ? <ErrorBox {...errorDetails(end.error)} /> : null}
      <Field label="Membership ends on" hint="From this day on, the member is no longer in the community." name="leftOn" type="date" required min={joinedOn} value={leftOn} error={missing} onChange={(e) => setLeftOn(e.target.value)} />
      <Button type="submit" variant="danger" busy={end.isPending}>
        End membership…
      </Button>
      <ConfirmDialog
        open={confirming}
        title={`End the membership of ${reference}?`}
        confirmLabel={`End membership on ${leftOn ? formatDate(leftOn) : ""}`}
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          end.mutate({ communityId, memberId, leftOn });
        }}
      >
        <p data-testid="confirm-consequence">
          From {leftOn ? formatDate(leftOn) : ""} on, {reference} is no longer in the community: settlements of later days leave it out
          {ending.length ? `, and ${ending.length === 1 ? "its metering point" : `its ${ending.length} metering points`} ${ending.join(", ")} end${ending.length === 1 ? "s" : ""} on that day` : ""}.
        </p>
        <p>Settled periods, the ledger and issued invoices stay as they are. An ended membership cannot be reopened; a return is a new membership.</p>
      </ConfirmDialog>
    </form>
  );
}
