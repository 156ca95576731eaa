"use client";
// A member: details, metering points, the Prosumer Credit ledger, the resident invitation, bank data,
// ending the membership and erasure. Parts in this folder: metering-points, pc-ledger, member-actions,
// erasure, bank-account.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useParams } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { useState } from "react";
import { Button, Card, ErrorBox, Loading } from "@/app/_components/ui";
import { formatterFor } from "@/app/_lib/format";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";
import { useCommunity } from "../../community-context";
import { MemberForm } from "../../member-form";
import { useVatLabels } from "../../member-vat-fields";
import { useEnumLabels } from "../../settlement-parts";
import { MemberBankAccount } from "./bank-account";
import { Erasure } from "./erasure";
import { MemberMarketLimits } from "./market-limits";
import { EndMembership, InviteResident } from "./member-actions";
import { AddMeteringPoint, MeteringPointTable } from "./metering-points";
import { MoveMember, MovePoint, ParticipationFactors } from "./participation";
import { PcLedger } from "./pc-ledger";

export default function MemberPage() {
  const { communityId, canManage, canConfigure, community } = useCommunity();
  const { memberId } = useParams<{ memberId: string }>();
  const trpc = useTRPC();
  const t = useTranslations("console.member");
  const f = formatterFor(useLocale());
  const labels = useEnumLabels();
  const vat = useVatLabels();
  const queryClient = useQueryClient();
  const member = useQuery(trpc.member.get.queryOptions({ communityId, memberId }));
  const refresh = () => queryClient.invalidateQueries();
  const update = useMutation(trpc.member.update.mutationOptions({ onSuccess: refresh }));
  const [editing, setEditing] = useState(false);

  if (member.error) return <ErrorBox {...errorDetails(member.error)} />;
  if (!member.data) return <Loading what={t("loading")} />;
  const m = member.data;

  return (
    <div className="space-y-6">
      <div>
        <h2 className="text-xl font-semibold">
          {m.personal?.name ?? m.reference} <span className="text-base font-normal text-slate-600">({m.reference})</span>
        </h2>
        <p className="mt-1 text-sm text-slate-600">
          {labels.kind(m.kind)} · {t("since", { date: f.date(m.joinedOn) })}
          {m.leftOn ? t("left", { date: f.date(m.leftOn) }) : ""} · {t("pseudonym")} <span className="font-mono">{m.pseudonym}</span>
          {m.hasAccount ? ` · ${t("hasAccount")}` : ""}
        </p>
      </div>

      <Card title={t("cards.points")}>
        <MeteringPointTable communityId={communityId} points={m.meteringPoints} canManage={canManage} onChange={refresh} />
        {canManage && !m.leftOn ? <AddMeteringPoint communityId={communityId} memberId={memberId} joinedOn={m.joinedOn} onAdded={refresh} /> : null}
      </Card>

      <Card title={t("cards.shares")}>
        <ParticipationFactors communityId={communityId} points={m.meteringPoints} canManage={canManage} />
        {canManage && !m.leftOn ? (
          <div className="mt-4 grid gap-6 lg:grid-cols-2">
            <MovePoint communityId={communityId} memberId={memberId} points={m.meteringPoints} onMoved={refresh} />
            <MoveMember communityId={communityId} memberId={memberId} reference={m.reference} onMoved={refresh} />
          </div>
        ) : null}
      </Card>

      {community?.rule.kind === "MARKET" ? (
        <Card title={t("cards.market")}>
          <MemberMarketLimits communityId={communityId} memberId={memberId} canManage={canManage} retail={community.rule.retailEurPerKWh} feedIn={community.rule.feedInEurPerKWh} />
        </Card>
      ) : null}

      <div id="ledger" className="scroll-mt-4">
        <Card title={t("cards.ledger")}>
          <PcLedger communityId={communityId} memberId={memberId} />
        </Card>
      </div>

      {canManage ? (
        <div className="grid gap-6 lg:grid-cols-2">
          <Card title={t("cards.invite")}>
            {m.hasAccount ? <p className="text-sm">{t("alreadyAccount")}</p> : <InviteResident communityId={communityId} memberId={memberId} defaultEmail={m.personal?.email ?? ""} />}
          </Card>
          <Card title={t("cards.end")}>{m.leftOn ? <p className="text-sm">{t("endedOn", { date: f.date(m.leftOn) })}</p> : <EndMembership communityId={communityId} memberId={memberId} reference={m.reference} joinedOn={m.joinedOn} points={m.meteringPoints} onEnded={refresh} />}</Card>
        </div>
      ) : null}

      {canManage && (m.erasure || canConfigure) ? (
        <Card title={t("cards.erasure")}>
          <Erasure communityId={communityId} memberId={memberId} erasure={m.erasure} canErase={canConfigure} pseudonym={m.pseudonym} onErased={refresh} />
        </Card>
      ) : null}

      {canManage ? (
        <Card title={t("cards.bank")}>
          <MemberBankAccount communityId={communityId} memberId={memberId} canEdit={canConfigure} />
        </Card>
      ) : null}

      {canManage ? (
        <Card title={t("cards.details")}>
          {editing ? (
            <MemberForm
              initial={{ reference: m.reference, kind: m.kind, joinedOn: m.joinedOn, name: m.personal?.name ?? "", email: m.personal?.email ?? "", address: m.personal?.address ?? "", memberType: m.memberType, vatId: m.vatId, vatStatus: m.vatStatus }}
              submitLabel={t("save")}
              busy={update.isPending}
              error={update.error ? errorDetails(update.error) : null}
              onSubmit={(values) => update.mutate({ communityId, memberId, member: values }, { onSuccess: () => setEditing(false) })}
            />
          ) : (
            <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[max-content_1fr]">
              <dt className="font-medium">{t("email")}</dt>
              <dd>{m.personal?.email ?? "—"}</dd>
              <dt className="font-medium">{t("address")}</dt>
              <dd>{m.personal?.address ?? "—"}</dd>
              <dt className="font-medium">{t("typeVat")}</dt>
              <dd data-testid="member-vat">{vat.memberType(m.memberType)}{m.vatId ? ` · ${m.vatId} · ${vat.vatStatus(m.vatStatus)}` : ""}</dd>
              <dd className="sm:col-span-2">
                <Button variant="secondary" onClick={() => setEditing(true)}>
                  {t("edit")}
                </Button>
              </dd>
            </dl>
          )}
        </Card>
      ) : null}
    </div>
  );
}
