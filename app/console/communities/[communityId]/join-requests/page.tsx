"use client";
// Requests to join from the public join page, once the applicant confirmed their e-mail address:
// approve (member, metering points, bank account, invitation — one step) or decline with a reason.
// For the municipality's administrators (joinRequest.*, configure).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { Button, Card, DataTable, Empty, ErrorBox, Field, Loading, Notice, fieldError } from "@/app/_components/ui";
import { formatDateTime } from "@/app/_lib/format";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";
import type { JoinRequestDto } from "@/server/join/join-requests";
import { useCommunity } from "../community-context";

const TYPE_NAMES: Record<JoinRequestDto["applicantType"], string> = { PRIVATE: "private person", COMPANY: "company", FARMER: "farmer", ASSOCIATION: "association", PUBLIC_BODY: "public body" };
const LANGUAGES: Record<string, string> = { en: "English", it: "Italian", de: "German", fr: "French" };

export default function JoinRequestsPage() {
  const { communityId, canConfigure } = useCommunity();
  const trpc = useTRPC();
  const list = useQuery({ ...trpc.joinRequest.list.queryOptions({ communityId }), enabled: canConfigure });
  // Kept here: the decided request leaves the pending list, and its card with it.
  const [outcome, setOutcome] = useState<string | null>(null);
  if (!canConfigure) return <ErrorBox message="Only an administrator of the municipality can decide on requests to join." />;
  if (list.error) return <ErrorBox {...errorDetails(list.error)} />;
  if (!list.data) return <Loading what="Loading requests to join" />;
  const pending = list.data.filter((r) => r.status === "PENDING");
  const decided = list.data.filter((r) => r.status !== "PENDING");
  return (
    <div className="space-y-6">
      <p className="text-sm text-slate-700">
        Requests from the public join page appear here once the applicant has confirmed their e-mail address. The join page and the documents applicants accept are set in{" "}
        <Link href={`/console/communities/${communityId}/settings`}>Settings</Link>. Declined requests are erased {30} days after the decision.
      </p>
      {outcome ? <Notice>{outcome}</Notice> : null}
      {pending.length === 0 ? <Empty>No request waits for a decision.</Empty> : pending.map((r) => <PendingRequest key={r.id} request={r} onDecided={setOutcome} />)}
      {decided.length ? (
        <DataTable caption="Decided requests, newest first" className="rounded-lg border border-slate-200 bg-white" columns={[{ label: "Decided" }, { label: "Outcome" }, { label: "Member" }]}>
          {decided.map((r) => (
            <tr key={r.id} className="border-t border-slate-200">
              <td className="px-3 py-2">{r.decidedAt ? formatDateTime(r.decidedAt) : "—"}</td>
              <td className="px-3 py-2">{r.status === "APPROVED" ? "approved" : `declined: ${r.declineReason ?? ""}`}</td>
              <td className="px-3 py-2">{r.memberId ? <Link href={`/console/communities/${communityId}/members/${r.memberId}`}>member page</Link> : r.name ?? "—"}</td>
            </tr>
          ))}
        </DataTable>
      ) : null}
    </div>
  );
}

function PendingRequest({ request: r, onDecided }: { request: JoinRequestDto; onDecided: (outcome: string) => void }) {
  const { communityId } = useCommunity();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const done = () => queryClient.invalidateQueries();
  const who = r.name ?? "the applicant";
  const approve = useMutation(
    trpc.joinRequest.approve.mutationOptions({
      onSuccess: (res) => {
        onDecided(`Approved: ${who} is a member now${res.emailed ? " and the invitation e-mailed" : "; the e-mail could not be sent (SMTP is not set up), so invite them from the member page"}.`);
        return done();
      },
    }),
  );
  const decline = useMutation(
    trpc.joinRequest.decline.mutationOptions({
      onSuccess: (res) => {
        onDecided(`Declined: ${who} ${res.emailed ? "was told by e-mail, with your reason" : "could not be told by e-mail (SMTP is not set up)"}.`);
        return done();
      },
    }),
  );
  const [reference, setReference] = useState(`J-${r.id.slice(0, 8).toUpperCase()}`);
  const [joinedOn, setJoinedOn] = useState(new Date().toISOString().slice(0, 10));
  const [reason, setReason] = useState("");
  const approveError = approve.error ? errorDetails(approve.error) : null;
  const declineError = decline.error ? errorDetails(decline.error) : null;
  return (
    <Card title={`Request from ${r.name ?? "—"}`}>
      <div data-testid="join-request" className="space-y-4">
        <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[max-content_1fr]">
          <dt className="font-medium">Joining as</dt>
          <dd>{TYPE_NAMES[r.applicantType]}</dd>
          <dt className="font-medium">E-mail</dt>
          <dd>{r.email}</dd>
          <dt className="font-medium">Address</dt>
          <dd className="whitespace-pre-line">{r.address}</dd>
          <dt className="font-medium">Language</dt>
          <dd>{LANGUAGES[r.locale] ?? r.locale} (the e-mails to the applicant are in it)</dd>
          <dt className="font-medium">Confirmed</dt>
          <dd>{r.confirmedAt ? formatDateTime(r.confirmedAt) : "—"}</dd>
          <dt className="font-medium">Documents accepted</dt>
          <dd>{r.acceptedDocuments.length ? r.acceptedDocuments.map((d) => `${d.title} v${d.version} on ${formatDateTime(d.acceptedAt)}`).join("; ") : "none published"}</dd>
          <dt className="font-medium">Bank account</dt>
          <dd>{r.bank ? `${r.bank.accountHolder}, ${r.bank.iban}${r.mandateConsentAt ? ` · direct-debit mandate agreed ${formatDateTime(r.mandateConsentAt)}` : " · no mandate"}` : "not given"}</dd>
        </dl>
        <DataTable caption="Metering points of the request" columns={[{ label: "Code" }, { label: "Direction" }, { label: "Capacity (kW)", align: "right" }, { label: "Already registered" }]}>
          {r.points.map((p) => (
            <tr key={`${p.code} ${p.direction}`} className="border-t border-slate-200">
              <td className="px-3 py-2 font-mono">{p.code}</td>
              <td className="px-3 py-2">{p.direction.toLowerCase()}</td>
              <td className="px-3 py-2 text-right">{p.capacityKw === "0" ? "unknown" : p.capacityKw}</td>
              <td className="px-3 py-2">{p.registered ? <span className="text-red-800">yes, from {p.registered.validFrom}{p.registered.validTo ? ` to ${p.registered.validTo}` : ""}</span> : "no"}</td>
            </tr>
          ))}
        </DataTable>
        <form
          className="grid gap-3 sm:grid-cols-[1fr_1fr_auto] sm:items-end"
          onSubmit={(e) => {
            e.preventDefault();
            approve.mutate({ communityId, requestId: r.id, reference, joinedOn });
          }}
        >
          <Field label="Member reference" value={reference} onChange={(e) => setReference(e.target.value)} required maxLength={64} error={approveError ? fieldError(approveError.problems, "reference") : undefined} />
          <Field label="Member from" type="date" value={joinedOn} onChange={(e) => setJoinedOn(e.target.value)} required hint="Also the start of the metering points." />
          <Button type="submit" busy={approve.isPending}>
            Approve
          </Button>
        </form>
        {approveError ? <ErrorBox {...approveError} /> : null}
        <form
          className="space-y-2"
          onSubmit={(e) => {
            e.preventDefault();
            decline.mutate({ communityId, requestId: r.id, reason });
          }}
        >
          <label htmlFor={`reason-${r.id}`} className="text-sm font-medium">
            Reason for declining (the applicant reads it)
          </label>
          <textarea id={`reason-${r.id}`} value={reason} onChange={(e) => setReason(e.target.value)} rows={2} maxLength={2000} className="block w-full rounded-md border border-slate-400 bg-white px-3 py-2 text-sm" />
          <Button type="submit" variant="danger" busy={decline.isPending} disabled={reason.trim() === ""}>
            Decline
          </Button>
        </form>
        {declineError ? <ErrorBox {...declineError} /> : null}
      </div>
    </Card>
  );
}
