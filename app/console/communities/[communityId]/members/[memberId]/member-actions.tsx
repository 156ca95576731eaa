"use client";
// Inviting the resident to their portal, and ending the membership.
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { CopyLink } from "@/app/_components/copy-link";
import { Button, ErrorBox, Field, fieldError } from "@/app/_components/ui";
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

export function EndMembership({ communityId, memberId, onEnded }: { communityId: string; memberId: string; onEnded: () => unknown }) {
  const trpc = useTRPC();
  const [leftOn, setLeftOn] = useState(new Date().toISOString().slice(0, 10));
  const end = useMutation(trpc.member.end.mutationOptions({ onSuccess: onEnded }));
  return (
    <form
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        end.mutate({ communityId, memberId, leftOn });
      }}
    >
      <p className="text-sm text-slate-700">The member&apos;s open metering points end on the same day. History is kept.</p>
      {end.error ? <ErrorBox {...errorDetails(end.error)} /> : null}
      <Field label="Membership ends on" hint="From this day on, the member is no longer in the community." name="leftOn" type="date" value={leftOn} onChange={(e) => setLeftOn(e.target.value)} />
      <Button type="submit" variant="danger" busy={end.isPending}>
        End membership
      </Button>
    </form>
  );
}
