"use client";
// The resident's erasure request and the erasure of their personal data (administrators).
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { ConfirmDialog } from "@/app/_components/confirm-dialog";
import { Button, ErrorBox, Notice } from "@/app/_components/ui";
import { formatDate } from "@/app/_lib/format";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";

/** A resident's erasure request and, for the municipality's administrators, carrying it out. */
export function Erasure({ communityId, memberId, erasure, canErase, pseudonym, onErased }: { communityId: string; memberId: string; erasure: { requestedAt: string; doneAt: string | null } | null; canErase: boolean; pseudonym: string; onErased: () => unknown }) {
  const trpc = useTRPC();
  const [confirming, setConfirming] = useState(false);
  const erase = useMutation(trpc.member.erase.mutationOptions({ onSuccess: onErased }));
  if (erasure?.doneAt) return <p className="text-sm" data-testid="erasure-state">Personal data erased on {formatDate(erasure.doneAt)}. The member stays in the ledger as <span className="font-mono">{pseudonym}</span>.</p>;
  return (
    <div className="space-y-3 text-sm" data-testid="erasure-state">
      {erasure ? <p className="font-medium">The resident asked on {formatDate(erasure.requestedAt)} to erase their personal data.</p> : <p>No erasure has been requested.</p>}
      <p className="text-slate-700">
        Erasing deletes the name, e-mail, address and invitations and closes the resident&apos;s account. The member and its pseudonymous id <span className="font-mono">{pseudonym}</span> stay, so
        settled credits and the ledger remain verifiable.
      </p>
      {erase.error ? <ErrorBox {...errorDetails(erase.error)} /> : null}
      {erase.isSuccess ? <Notice>Personal data erased.</Notice> : null}
      {canErase && !erase.isSuccess ? (
        <Button variant="danger" busy={erase.isPending} onClick={() => setConfirming(true)}>
          Erase personal data…
        </Button>
      ) : null}
      <ConfirmDialog
        open={confirming}
        title="Erase this member's personal data?"
        confirmLabel="Erase personal data now"
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          erase.mutate({ communityId, memberId });
        }}
      >
        <p data-testid="confirm-consequence">
          Deleted for good: the name, e-mail, postal address, bank account and mandate, and open invitations; the resident&apos;s account is closed and they can no longer sign in.
        </p>
        <p>
          Kept: the member as <span className="font-mono">{pseudonym}</span> in the ledger, its settled credits, runs and issued invoices, so the accounts stay verifiable. This cannot be undone.
        </p>
      </ConfirmDialog>
      {!canErase ? <p className="text-slate-600">Only an administrator of the municipality can carry out an erasure.</p> : null}
    </div>
  );
}
