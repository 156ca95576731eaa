"use client";
// A member: details, metering points, the Prosumer Credit ledger, the resident invitation, bank data,
// ending the membership and erasure. Parts in this folder: metering-points, pc-ledger, member-actions,
// erasure, bank-account.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useParams } from "next/navigation";
import { useState } from "react";
import { Button, Card, ErrorBox, Loading } from "@/app/_components/ui";
import { formatDate, kindLabel } from "@/app/_lib/format";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";
import { useCommunity } from "../../community-context";
import { MemberForm } from "../../member-form";
import { memberTypeLabel, vatStatusLabel } from "../../member-vat-fields";
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
  const queryClient = useQueryClient();
  const member = useQuery(trpc.member.get.queryOptions({ communityId, memberId }));
  const refresh = () => queryClient.invalidateQueries();
  const update = useMutation(trpc.member.update.mutationOptions({ onSuccess: refresh }));
  const [editing, setEditing] = useState(false);

  if (member.error) return <ErrorBox {...errorDetails(member.error)} />;
  if (!member.data) return <Loading what="Loading the member" />;
  const m = member.data;

  return (
    <div className="space-y-6">
      <div>
        <h2 className="text-xl font-semibold">
          {m.personal?.name ?? m.reference} <span className="text-base font-normal text-slate-600">({m.reference})</span>
        </h2>
        <p className="mt-1 text-sm text-slate-600">
          {kindLabel[m.kind]} · member since {formatDate(m.joinedOn)}
          {m.leftOn ? `, left ${formatDate(m.leftOn)}` : ""} · pseudonymous id <span className="font-mono">{m.pseudonym}</span>
          {m.hasAccount ? " · has an account" : ""}
        </p>
      </div>

      <Card title="Metering points">
        <MeteringPointTable communityId={communityId} points={m.meteringPoints} canManage={canManage} onChange={refresh} />
        {canManage && !m.leftOn ? <AddMeteringPoint communityId={communityId} memberId={memberId} joinedOn={m.joinedOn} onAdded={refresh} /> : null}
      </Card>

      <Card title="Shares and moves">
        <ParticipationFactors communityId={communityId} points={m.meteringPoints} canManage={canManage} />
        {canManage && !m.leftOn ? (
          <div className="mt-4 grid gap-6 lg:grid-cols-2">
            <MovePoint communityId={communityId} memberId={memberId} points={m.meteringPoints} onMoved={refresh} />
            <MoveMember communityId={communityId} memberId={memberId} reference={m.reference} onMoved={refresh} />
          </div>
        ) : null}
      </Card>

      {community?.rule.kind === "MARKET" ? (
        <Card title="Market limits">
          <MemberMarketLimits communityId={communityId} memberId={memberId} canManage={canManage} retail={community.rule.retailEurPerKWh} feedIn={community.rule.feedInEurPerKWh} />
        </Card>
      ) : null}

      <div id="ledger" className="scroll-mt-4">
        <Card title="Prosumer Credit ledger">
          <PcLedger communityId={communityId} memberId={memberId} />
        </Card>
      </div>

      {canManage ? (
        <div className="grid gap-6 lg:grid-cols-2">
          <Card title="Invite the resident">
            {m.hasAccount ? <p className="text-sm">This member already has an account.</p> : <InviteResident communityId={communityId} memberId={memberId} defaultEmail={m.personal?.email ?? ""} />}
          </Card>
          <Card title="End membership">{m.leftOn ? <p className="text-sm">Membership ended on {formatDate(m.leftOn)}.</p> : <EndMembership communityId={communityId} memberId={memberId} reference={m.reference} joinedOn={m.joinedOn} points={m.meteringPoints} onEnded={refresh} />}</Card>
        </div>
      ) : null}

      {canManage && (m.erasure || canConfigure) ? (
        <Card title="Erasure of personal data">
          <Erasure communityId={communityId} memberId={memberId} erasure={m.erasure} canErase={canConfigure} pseudonym={m.pseudonym} onErased={refresh} />
        </Card>
      ) : null}

      {canManage ? (
        <Card title="Bank account and SEPA mandate">
          <MemberBankAccount communityId={communityId} memberId={memberId} canEdit={canConfigure} />
        </Card>
      ) : null}

      {canManage ? (
        <Card title="Member details">
          {editing ? (
            <MemberForm
              initial={{ reference: m.reference, kind: m.kind, joinedOn: m.joinedOn, name: m.personal?.name ?? "", email: m.personal?.email ?? "", address: m.personal?.address ?? "", memberType: m.memberType, vatId: m.vatId, vatStatus: m.vatStatus }}
              submitLabel="Save changes"
              busy={update.isPending}
              error={update.error ? errorDetails(update.error) : null}
              onSubmit={(values) => update.mutate({ communityId, memberId, member: values }, { onSuccess: () => setEditing(false) })}
            />
          ) : (
            <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[max-content_1fr]">
              <dt className="font-medium">E-mail</dt>
              <dd>{m.personal?.email ?? "—"}</dd>
              <dt className="font-medium">Address</dt>
              <dd>{m.personal?.address ?? "—"}</dd>
              <dt className="font-medium">Type and VAT</dt>
              <dd data-testid="member-vat">{memberTypeLabel[m.memberType]}{m.vatId ? ` · ${m.vatId} · ${vatStatusLabel[m.vatStatus]}` : ""}</dd>
              <dd className="sm:col-span-2">
                <Button variant="secondary" onClick={() => setEditing(true)}>
                  Edit details
                </Button>
              </dd>
            </dl>
          )}
        </Card>
      ) : null}
    </div>
  );
}
