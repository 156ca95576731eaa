"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useParams } from "next/navigation";
import { useState, type FormEvent } from "react";
import { CopyLink } from "@/app/_components/copy-link";
import { Button, Card, Empty, ErrorBox, Field, Loading, Notice, Select, fieldError } from "@/app/_components/ui";
import Link from "next/link";
import { directionLabel, formatDate, formatPeriod, kindLabel } from "@/app/_lib/format";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";
import type { MeteringPointInput } from "@/server/members/schemas";
import { useCommunity } from "../../community-context";
import { MemberForm } from "../../member-form";
import { MemberBankAccount } from "./bank-account";
import { EntryKind, kwh, Money, Num, NumHead } from "../../settlement-parts";

export default function MemberPage() {
  const { communityId, canManage, canConfigure } = useCommunity();
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
          <Card title="End membership">{m.leftOn ? <p className="text-sm">Membership ended on {formatDate(m.leftOn)}.</p> : <EndMembership communityId={communityId} memberId={memberId} onEnded={refresh} />}</Card>
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
              initial={{ reference: m.reference, kind: m.kind, joinedOn: m.joinedOn, name: m.personal?.name ?? "", email: m.personal?.email ?? "", address: m.personal?.address ?? "" }}
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

/** The member's Prosumer Credit account: balance and entries (newest first) with the running balance. */
function PcLedger({ communityId, memberId }: { communityId: string; memberId: string }) {
  const trpc = useTRPC();
  const ledger = useQuery(trpc.settlement.memberLedger.queryOptions({ communityId, memberId }));
  if (ledger.error) return <ErrorBox {...errorDetails(ledger.error)} />;
  if (!ledger.data) return <Loading what="Loading the Prosumer Credit ledger" />;
  const l = ledger.data;
  const base = `/console/communities/${communityId}`;
  if (l.entries.length === 0) return <Empty>No Prosumer Credit entries yet: they are written when a settlement period is finalized.</Empty>;
  return (
    <div className="space-y-3">
      <p className="text-sm" data-testid="pc-balance">
        Balance of account <span className="font-mono">{l.account}</span>:{" "}
        <span className="text-lg font-semibold">
          <Money cents={l.balanceCents} signed={false} />
        </span>{" "}
        <span className="text-slate-600">
          ({l.entries.length} {l.entries.length === 1 ? "entry" : "entries"}; positive: owed to the member, negative: owed by the member)
        </span>
      </p>
      <div className="max-h-96 overflow-auto" tabIndex={0} role="region" aria-label="Prosumer Credit entries (scrollable table)">
        <table className="w-full text-left text-sm" data-testid="pc-ledger">
          <caption className="sr-only">Prosumer Credit entries, newest first, with the balance after each</caption>
          <thead className="text-slate-700">
            <tr>
              <NumHead>Seq</NumHead>
              <th scope="col" className="px-3 py-2">Period</th>
              <th scope="col" className="px-3 py-2">Kind</th>
              <NumHead>Amount</NumHead>
              <NumHead>Energy</NumHead>
              <NumHead>Balance</NumHead>
            </tr>
          </thead>
          <tbody>
            {[...l.entries].reverse().map((e) => (
              <tr key={e.seq} className="border-t border-slate-200">
                <Num>{e.seq}</Num>
                <td className="whitespace-nowrap px-3 py-2">
                  <Link href={`${base}/settlement/runs/${e.runId}`}>{formatPeriod(e.periodStart, e.periodEnd)}</Link> <span className="text-slate-600">v{e.runVersion}</span>
                </td>
                <td className="whitespace-nowrap px-3 py-2">
                  <EntryKind kind={e.kind} reversesSeq={e.reversesSeq} />
                </td>
                <Num>
                  <Money cents={e.amountCents} />
                </Num>
                <Num>{kwh(e.energyMWh)}</Num>
                <Num>
                  <Money cents={e.balanceAfterCents} signed={false} />
                </Num>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

type Point = { id: string; code: string; direction: string; capacityKw: string; validFrom: string; validTo: string | null };

function MeteringPointTable({ communityId, points, canManage, onChange }: { communityId: string; points: Point[]; canManage: boolean; onChange: () => unknown }) {
  const trpc = useTRPC();
  const close = useMutation(trpc.meteringPoint.close.mutationOptions({ onSuccess: onChange }));
  const [closing, setClosing] = useState<string | null>(null);
  const [closeOn, setCloseOn] = useState(new Date().toISOString().slice(0, 10));
  if (points.length === 0) return <Empty>No metering points yet.</Empty>;
  return (
    <div className="overflow-x-auto">
      {close.error ? <ErrorBox {...errorDetails(close.error)} /> : null}
      <table className="w-full text-left text-sm">
        <thead className="text-slate-700">
          <tr>
            <th scope="col" className="py-2 pr-3">Id (POD / EAN)</th>
            <th scope="col" className="py-2 pr-3">Direction</th>
            <th scope="col" className="py-2 pr-3">Capacity</th>
            <th scope="col" className="py-2 pr-3">Valid</th>
            {canManage ? <th scope="col" className="py-2"><span className="sr-only">Actions</span></th> : null}
          </tr>
        </thead>
        <tbody>
          {points.map((p) => (
            <tr key={p.id} className="border-t border-slate-200">
              <td className="py-2 pr-3 font-mono">{p.code}</td>
              <td className="py-2 pr-3">{directionLabel[p.direction]}</td>
              <td className="py-2 pr-3">{p.capacityKw} kW</td>
              <td className="py-2 pr-3">
                {formatDate(p.validFrom)} – {p.validTo ? formatDate(p.validTo) : "open"}
              </td>
              {canManage ? (
                <td className="py-2">
                  {p.validTo ? null : closing === p.id ? (
                    <form
                      className="flex items-end gap-2"
                      onSubmit={(e) => {
                        e.preventDefault();
                        close.mutate({ communityId, pointId: p.id, validTo: closeOn }, { onSuccess: () => setClosing(null) });
                      }}
                    >
                      <Field label="Ends on" type="date" value={closeOn} onChange={(e) => setCloseOn(e.target.value)} />
                      <Button type="submit" variant="danger" busy={close.isPending}>
                        End
                      </Button>
                    </form>
                  ) : (
                    <Button variant="secondary" onClick={() => setClosing(p.id)}>
                      End validity
                    </Button>
                  )}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function AddMeteringPoint({ communityId, memberId, joinedOn, onAdded }: { communityId: string; memberId: string; joinedOn: string; onAdded: () => unknown }) {
  const trpc = useTRPC();
  const empty: MeteringPointInput = { code: "", direction: "CONSUMPTION", capacityKw: "3", validFrom: joinedOn, validTo: null };
  const [p, setP] = useState<MeteringPointInput>(empty);
  const add = useMutation(
    trpc.meteringPoint.add.mutationOptions({
      onSuccess: async () => {
        setP(empty);
        await onAdded();
      },
    }),
  );
  const problems = add.error ? errorDetails(add.error).problems : [];
  const err = (f: string) => fieldError(problems, f);
  return (
    <form
      className="mt-5 space-y-4 border-t border-slate-200 pt-5"
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        add.mutate({ communityId, memberId, point: { ...p, validTo: p.validTo || null } });
      }}
      noValidate
    >
      <h3 className="font-medium">Add a metering point</h3>
      {add.error ? <ErrorBox message={errorDetails(add.error).message} /> : null}
      {add.isSuccess ? <Notice>Metering point added.</Notice> : null}
      <div className="grid gap-4 sm:grid-cols-5">
        <Field label="Id (POD / PRM / Zählpunkt / EAN)" name="code" value={p.code} error={err("code")} onChange={(e) => setP({ ...p, code: e.target.value })} />
        <Select label="Direction" name="direction" value={p.direction} onChange={(e) => setP({ ...p, direction: e.target.value as MeteringPointInput["direction"] })}>
          <option value="CONSUMPTION">Consumption</option>
          <option value="INJECTION">Injection</option>
        </Select>
        <Field label="Capacity (kW)" name="capacityKw" inputMode="decimal" value={p.capacityKw} error={err("capacityKw")} onChange={(e) => setP({ ...p, capacityKw: e.target.value })} />
        <Field label="Valid from" name="validFrom" type="date" value={p.validFrom} error={err("validFrom")} onChange={(e) => setP({ ...p, validFrom: e.target.value })} />
        <Field label="Valid to (optional)" name="validTo" type="date" value={p.validTo ?? ""} error={err("validTo")} onChange={(e) => setP({ ...p, validTo: e.target.value || null })} />
      </div>
      <Button type="submit" busy={add.isPending}>
        Add metering point
      </Button>
    </form>
  );
}

function InviteResident({ communityId, memberId, defaultEmail }: { communityId: string; memberId: string; defaultEmail: string }) {
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

function EndMembership({ communityId, memberId, onEnded }: { communityId: string; memberId: string; onEnded: () => unknown }) {
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

/** A resident's erasure request and, for the municipality's administrators, carrying it out. */
function Erasure({ communityId, memberId, erasure, canErase, pseudonym, onErased }: { communityId: string; memberId: string; erasure: { requestedAt: string; doneAt: string | null } | null; canErase: boolean; pseudonym: string; onErased: () => unknown }) {
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
        confirming ? (
          <div className="flex flex-wrap gap-2">
            <Button variant="danger" busy={erase.isPending} onClick={() => erase.mutate({ communityId, memberId })}>
              Erase personal data now
            </Button>
            <Button variant="secondary" onClick={() => setConfirming(false)}>
              Cancel
            </Button>
          </div>
        ) : (
          <Button variant="danger" onClick={() => setConfirming(true)}>
            Erase personal data…
          </Button>
        )
      ) : null}
      {!canErase ? <p className="text-slate-600">Only an administrator of the municipality can carry out an erasure.</p> : null}
    </div>
  );
}
