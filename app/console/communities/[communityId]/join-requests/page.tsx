"use client";
// Requests to join from the public join page, once the applicant confirmed their e-mail address:
// approve (member, metering points, bank account, invitation — one step) or decline with a reason.
// For the municipality's administrators (joinRequest.*, configure).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { useState } from "react";
import { Button, Card, DataTable, Empty, ErrorBox, Field, Loading, Notice, fieldError } from "@/app/_components/ui";
import { formatterFor } from "@/app/_lib/format";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";
import type { JoinRequestDto } from "@/server/join/join-requests";
import { useCommunity } from "../community-context";
import { useEnumLabels } from "../settlement-parts";

const LANGUAGES = ["en", "it", "de", "fr"] as const;
const isLanguage = (l: string): l is (typeof LANGUAGES)[number] => (LANGUAGES as readonly string[]).includes(l);

export default function JoinRequestsPage() {
  const { communityId, canConfigure } = useCommunity();
  const trpc = useTRPC();
  const t = useTranslations("console.joinRequests");
  const f = formatterFor(useLocale());
  const list = useQuery({ ...trpc.joinRequest.list.queryOptions({ communityId }), enabled: canConfigure });
  // Kept here: the decided request leaves the pending list, and its card with it.
  const [outcome, setOutcome] = useState<string | null>(null);
  if (!canConfigure) return <ErrorBox message={t("adminOnly")} />;
  if (list.error) return <ErrorBox {...errorDetails(list.error)} />;
  if (!list.data) return <Loading what={t("loading")} />;
  const pending = list.data.filter((r) => r.status === "PENDING");
  const decided = list.data.filter((r) => r.status !== "PENDING");
  return (
    <div className="space-y-6">
      <p className="text-sm text-slate-700">
        {t.rich("intro", { days: f.count(30), link: (chunks) => <Link href={`/console/communities/${communityId}/settings`}>{chunks}</Link> })}
      </p>
      {outcome ? <Notice>{outcome}</Notice> : null}
      {pending.length === 0 ? <Empty>{t("none")}</Empty> : pending.map((r) => <PendingRequest key={r.id} request={r} onDecided={setOutcome} />)}
      {decided.length ? (
        <DataTable caption={t("decidedCaption")} className="rounded-lg border border-slate-200 bg-white" columns={[{ label: t("decided") }, { label: t("outcome") }, { label: t("member") }]}>
          {decided.map((r) => (
            <tr key={r.id} className="border-t border-slate-200">
              <td className="px-3 py-2">{r.decidedAt ? f.dateTime(r.decidedAt) : "—"}</td>
              <td className="px-3 py-2">{r.status === "APPROVED" ? t("approved") : t("declined", { reason: r.declineReason ?? "" })}</td>
              <td className="px-3 py-2">{r.memberId ? <Link href={`/console/communities/${communityId}/members/${r.memberId}`}>{t("memberPage")}</Link> : r.name ?? "—"}</td>
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
  const t = useTranslations("console.joinRequests");
  const f = formatterFor(useLocale());
  const labels = useEnumLabels();
  const queryClient = useQueryClient();
  const done = () => queryClient.invalidateQueries();
  const who = r.name ?? t("theApplicant");
  const approve = useMutation(
    trpc.joinRequest.approve.mutationOptions({
      onSuccess: (res) => {
        onDecided(res.emailed ? t("approvedEmailed", { who }) : t("approvedNoMail", { who }));
        return done();
      },
    }),
  );
  const decline = useMutation(
    trpc.joinRequest.decline.mutationOptions({
      onSuccess: (res) => {
        onDecided(res.emailed ? t("declinedEmailed", { who }) : t("declinedNoMail", { who }));
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
    <Card title={t("title", { name: r.name ?? "—" })}>
      <div data-testid="join-request" className="space-y-4">
        <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[max-content_1fr]">
          <dt className="font-medium">{t("joiningAs")}</dt>
          <dd>{t(`type.${r.applicantType}`)}</dd>
          <dt className="font-medium">{t("email")}</dt>
          <dd>{r.email}</dd>
          <dt className="font-medium">{t("address")}</dt>
          <dd className="whitespace-pre-line">{r.address}</dd>
          <dt className="font-medium">{t("language")}</dt>
          <dd>{t("languageValue", { language: isLanguage(r.locale) ? t(`lang.${r.locale}`) : r.locale })}</dd>
          <dt className="font-medium">{t("confirmed")}</dt>
          <dd>{r.confirmedAt ? f.dateTime(r.confirmedAt) : "—"}</dd>
          <dt className="font-medium">{t("documents")}</dt>
          <dd>{r.acceptedDocuments.length ? r.acceptedDocuments.map((d) => t("document", { title: d.title, version: String(d.version), date: f.dateTime(d.acceptedAt) })).join("; ") : t("noDocuments")}</dd>
          <dt className="font-medium">{t("bank")}</dt>
          <dd>{r.bank ? `${r.bank.accountHolder}, ${r.bank.iban}${r.mandateConsentAt ? t("mandateAgreed", { date: f.dateTime(r.mandateConsentAt) }) : t("noMandate")}` : t("notGiven")}</dd>
        </dl>
        <DataTable caption={t("pointsCaption")} columns={[{ label: t("code") }, { label: t("direction") }, { label: t("capacity"), align: "right" }, { label: t("registered") }]}>
          {r.points.map((p) => (
            <tr key={`${p.code} ${p.direction}`} className="border-t border-slate-200">
              <td className="px-3 py-2 font-mono">{p.code}</td>
              <td className="px-3 py-2">{labels.direction(p.direction)}</td>
              <td className="px-3 py-2 text-right">{p.capacityKw === "0" ? t("unknown") : f.decimal(p.capacityKw)}</td>
              <td className="px-3 py-2">{p.registered ? <span className="text-red-800">{p.registered.validTo ? t("registeredFromTo", { from: f.date(p.registered.validFrom), to: f.date(p.registered.validTo) }) : t("registeredFrom", { from: f.date(p.registered.validFrom) })}</span> : t("no")}</td>
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
          <Field label={t("reference")} value={reference} onChange={(e) => setReference(e.target.value)} required maxLength={64} error={approveError ? fieldError(approveError.problems, "reference") : undefined} />
          <Field label={t("from")} type="date" value={joinedOn} onChange={(e) => setJoinedOn(e.target.value)} required hint={t("fromHint")} />
          <Button type="submit" busy={approve.isPending}>
            {t("approve")}
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
            {t("reason")}
          </label>
          <textarea id={`reason-${r.id}`} value={reason} onChange={(e) => setReason(e.target.value)} rows={2} maxLength={2000} className="block w-full rounded-md border border-slate-400 bg-white px-3 py-2 text-sm" />
          <Button type="submit" variant="danger" busy={decline.isPending} disabled={reason.trim() === ""}>
            {t("decline")}
          </Button>
        </form>
        {declineError ? <ErrorBox {...declineError} /> : null}
      </div>
    </Card>
  );
}
