"use client";
// The resident's data: downloads of everything Dajie holds about them, and a request to erase their
// personal data (a municipality administrator carries it out; the ledger keeps only the pseudonym).
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button, ErrorBox, Notice } from "@/app/_components/ui";
import { formatDateTime } from "@/app/_lib/format";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";

const CSV_TABLES = [
  ["member", "Your member record"],
  ["metering-points", "Metering points"],
  ["readings", "Readings"],
  ["runs", "Settlement results"],
  ["ledger", "Credit account entries"],
] as const;

export function YourData({ memberId, pseudonym, erasureRequestedAt }: { memberId: string; pseudonym: string; erasureRequestedAt: string | null }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const request = useMutation(trpc.me.requestErasure.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.me.memberships.queryKey() }) }));
  const requestedAt = request.data?.requestedAt ?? erasureRequestedAt;
  const href = (format: string, table?: string) => `/me/export?memberId=${memberId}&format=${format}${table ? `&table=${table}` : ""}`;
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <div className="space-y-2 text-sm">
        <h3 className="font-medium">Download your data</h3>
        <p className="text-slate-700">Your member record and personal data, metering points, every reading, your settlement results and your credit account entries.</p>
        <ul className="list-disc space-y-1 pl-5">
          <li>
            <a href={href("json")} download>
              Everything, as JSON
            </a>
          </li>
          {CSV_TABLES.map(([table, label]) => (
            <li key={table}>
              <a href={href("csv", table)} download>
                {label} (CSV)
              </a>
            </li>
          ))}
        </ul>
      </div>
      <div className="space-y-3 text-sm">
        <h3 className="font-medium">Erase your personal data</h3>
        <p className="text-slate-700">
          The municipality deletes your name, e-mail and address and closes your account. Your settled credits stay in the community&apos;s ledger under your anonymous id{" "}
          <span className="font-mono">{pseudonym}</span> only, so the ledger can still be checked by everyone.
        </p>
        {request.error ? <ErrorBox {...errorDetails(request.error)} /> : null}
        {requestedAt ? (
          <Notice>You asked for erasure on {formatDateTime(requestedAt)}. The municipality will carry it out; you can still download your data until then.</Notice>
        ) : confirming ? (
          <div className="flex flex-wrap gap-2">
            <Button variant="danger" busy={request.isPending} onClick={() => request.mutate({ memberId })}>
              Yes, ask for erasure
            </Button>
            <Button variant="secondary" onClick={() => setConfirming(false)}>
              Cancel
            </Button>
          </div>
        ) : (
          <Button variant="secondary" onClick={() => setConfirming(true)}>
            Ask to erase my personal data
          </Button>
        )}
      </div>
    </div>
  );
}
