"use client";
// Participation factors and moves (docs/adr/0009): per metering point the community's share with its
// history and a "from" date, moving a point to another member, moving the member to another
// community of the municipality. Moves go through the confirmation dialog: they end an assignment.
import { useMutation, useQuery } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useState } from "react";
import { ConfirmDialog } from "@/app/_components/confirm-dialog";
import { Button, ErrorBox, Field, Notice, Select, fieldError } from "@/app/_components/ui";
import { formatterFor } from "@/app/_lib/format";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";
import { useEnumLabels } from "../../settlement-parts";

type Point = { id: string; code: string; direction: string; validFrom: string; validTo: string | null };
const today = () => new Date().toISOString().slice(0, 10);

function PointFactors({ communityId, point, canManage }: { communityId: string; point: Point; canManage: boolean }) {
  const trpc = useTRPC();
  const t = useTranslations("console.member.shares");
  const f = formatterFor(useLocale());
  const labels = useEnumLabels();
  const history = useQuery(trpc.meteringPoint.factors.queryOptions({ communityId, pointId: point.id }));
  const set = useMutation(trpc.meteringPoint.setFactor.mutationOptions({ onSuccess: () => history.refetch() }));
  const [percent, setPercent] = useState("100");
  const [from, setFrom] = useState(today());
  const problems = set.error ? errorDetails(set.error).problems : [];
  const versions = history.data?.versions ?? [];
  return (
    <div className="space-y-2 border-t border-slate-200 py-3">
      <p className="text-sm">
        <span className="font-mono">{point.code}</span> · {labels.direction(point.direction)} ·{" "}
        {versions.length === 0 ? t("noFactor") : versions.map((v) => t("version", { percent: f.decimal(v.percent), date: f.date(v.validFrom) })).join(t("then"))}
      </p>
      {canManage && !point.validTo ? (
        <form
          className="flex flex-wrap items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            set.mutate({ communityId, pointId: point.id, percent, validFrom: from });
          }}
          noValidate
        >
          <Field label={t("share")} inputMode="decimal" value={percent} error={fieldError(problems, "percent")} onChange={(e) => setPercent(e.target.value)} />
          <Field label={t("from")} type="date" value={from} error={fieldError(problems, "validFrom")} onChange={(e) => setFrom(e.target.value)} />
          <Button type="submit" variant="secondary" busy={set.isPending}>
            {t("setShare")}
          </Button>
        </form>
      ) : null}
      {set.error ? <ErrorBox {...errorDetails(set.error)} problems={[]} /> : null}
      {set.isSuccess ? <Notice>{t("saved")}</Notice> : null}
    </div>
  );
}

export function ParticipationFactors({ communityId, points, canManage }: { communityId: string; points: Point[]; canManage: boolean }) {
  const t = useTranslations("console.member.shares");
  if (points.length === 0) return null;
  return (
    <div>
      <p className="text-sm text-slate-600">{t("intro")}</p>
      {points.map((p) => (
        <PointFactors key={p.id} communityId={communityId} point={p} canManage={canManage} />
      ))}
    </div>
  );
}

export function MovePoint({ communityId, memberId, points, onMoved }: { communityId: string; memberId: string; points: Point[]; onMoved: () => unknown }) {
  const trpc = useTRPC();
  const t = useTranslations("console.member.shares");
  const f = formatterFor(useLocale());
  const labels = useEnumLabels();
  const members = useQuery(trpc.member.list.queryOptions({ communityId }));
  const move = useMutation(trpc.meteringPoint.move.mutationOptions({ onSuccess: onMoved }));
  const open = points.filter((p) => !p.validTo);
  const [pointId, setPointId] = useState("");
  const [to, setTo] = useState("");
  const [from, setFrom] = useState(today());
  const [confirming, setConfirming] = useState(false);
  const others = (members.data ?? []).filter((m) => m.id !== memberId && !m.leftOn);
  const point = open.find((p) => p.id === pointId);
  const target = others.find((m) => m.id === to);
  if (open.length === 0) return <p className="text-sm">{t("noOpenPoint")}</p>;
  return (
    <form
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        setConfirming(true);
      }}
    >
      <div className="grid gap-3 sm:grid-cols-3">
        <Select label={t("point")} value={pointId} onChange={(e) => setPointId(e.target.value)}>
          <option value="">{t("choose")}</option>
          {open.map((p) => (
            <option key={p.id} value={p.id}>
              {p.code} ({labels.direction(p.direction)})
            </option>
          ))}
        </Select>
        <Select label={t("toMember")} value={to} onChange={(e) => setTo(e.target.value)}>
          <option value="">{t("choose")}</option>
          {others.map((m) => (
            <option key={m.id} value={m.id}>
              {m.reference}
            </option>
          ))}
        </Select>
        <Field label={t("from")} type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
      </div>
      {move.error ? <ErrorBox {...errorDetails(move.error)} problems={[]} /> : null}
      {move.isSuccess ? <Notice>{t("pointMoved")}</Notice> : null}
      <Button type="submit" variant="secondary" disabled={!point || !target} busy={move.isPending}>
        {t("movePoint")}
      </Button>
      <ConfirmDialog
        open={confirming}
        title={t("movePointTitle")}
        confirmLabel={t("move")}
        variant="primary"
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          move.mutate({ communityId, pointId, toMemberId: to, from });
        }}
      >
        <p>
          {t("movePointBody", { code: point?.code ?? "", date: f.date(from), target: target?.reference ?? "" })}
        </p>
      </ConfirmDialog>
    </form>
  );
}

export function MoveMember({ communityId, memberId, reference, onMoved }: { communityId: string; memberId: string; reference: string; onMoved: () => unknown }) {
  const trpc = useTRPC();
  const t = useTranslations("console.member.shares");
  const f = formatterFor(useLocale());
  const communities = useQuery(trpc.community.list.queryOptions());
  const move = useMutation(trpc.meteringPoint.moveMember.mutationOptions({ onSuccess: onMoved }));
  const here = communities.data?.find((c) => c.id === communityId);
  const choices = (communities.data ?? []).filter((c) => c.id !== communityId && c.access === "municipality" && c.municipalityId === here?.municipalityId);
  const [to, setTo] = useState("");
  const [from, setFrom] = useState(today());
  const [confirming, setConfirming] = useState(false);
  const target = choices.find((c) => c.id === to);
  if (communities.data && choices.length === 0) return <p className="text-sm">{t("noCommunity")}</p>;
  return (
    <form
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        setConfirming(true);
      }}
    >
      <div className="grid gap-3 sm:grid-cols-2">
        <Select label={t("toCommunity")} value={to} onChange={(e) => setTo(e.target.value)}>
          <option value="">{t("choose")}</option>
          {choices.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </Select>
        <Field label={t("from")} type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
      </div>
      {move.error ? <ErrorBox {...errorDetails(move.error)} problems={[]} /> : null}
      {move.data ? <Notice>{t("memberMoved", { pseudonym: move.data.newPseudonym, points: f.count(move.data.points) })}</Notice> : null}
      <Button type="submit" variant="secondary" disabled={!target} busy={move.isPending}>
        {t("moveMember")}
      </Button>
      <ConfirmDialog
        open={confirming}
        title={t("moveMemberTitle")}
        confirmLabel={t("moveMemberConfirm")}
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          move.mutate({ communityId, memberId, toCommunityId: to, from });
        }}
      >
        <p>
          {t("moveMemberBody", { reference, date: f.date(from), target: target?.name ?? "" })}
        </p>
      </ConfirmDialog>
    </form>
  );
}
