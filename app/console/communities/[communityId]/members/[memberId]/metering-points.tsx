"use client";
// The member's metering points: the list (closing one) and adding one.
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { Button, Empty, ErrorBox, Field, Notice, Select, fieldError } from "@/app/_components/ui";
import { formatterFor } from "@/app/_lib/format";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";
import type { MeteringPointInput } from "@/server/members/schemas";
import { useEnumLabels } from "../../settlement-parts";

type Point = { id: string; code: string; direction: string; capacityKw: string; validFrom: string; validTo: string | null };

export function MeteringPointTable({ communityId, points, canManage, onChange }: { communityId: string; points: Point[]; canManage: boolean; onChange: () => unknown }) {
  const trpc = useTRPC();
  const t = useTranslations("console.member.points");
  const f = formatterFor(useLocale());
  const labels = useEnumLabels();
  const close = useMutation(trpc.meteringPoint.close.mutationOptions({ onSuccess: onChange }));
  const [closing, setClosing] = useState<string | null>(null);
  const [closeOn, setCloseOn] = useState(new Date().toISOString().slice(0, 10));
  if (points.length === 0) return <Empty>{t("none")}</Empty>;
  return (
    <div className="overflow-x-auto" tabIndex={0} role="region" aria-label={t("region")}>
      {close.error ? <ErrorBox {...errorDetails(close.error)} /> : null}
      <table className="w-full text-left text-sm">
        <thead className="text-slate-700">
          <tr>
            <th scope="col" className="py-2 pr-3">{t("id")}</th>
            <th scope="col" className="py-2 pr-3">{t("direction")}</th>
            <th scope="col" className="py-2 pr-3">{t("capacity")}</th>
            <th scope="col" className="py-2 pr-3">{t("valid")}</th>
            {canManage ? <th scope="col" className="py-2"><span className="sr-only">{t("actions")}</span></th> : null}
          </tr>
        </thead>
        <tbody>
          {points.map((p) => (
            <tr key={p.id} className="border-t border-slate-200">
              <td className="py-2 pr-3 font-mono">
                <Link href={`/console/communities/${communityId}/readings?point=${p.id}`} title={t("readings")}>
                  {p.code}
                </Link>
              </td>
              <td className="py-2 pr-3">{labels.direction(p.direction)}</td>
              <td className="py-2 pr-3">{f.decimal(p.capacityKw)} kW</td>
              <td className="py-2 pr-3">
                {f.date(p.validFrom)} – {p.validTo ? f.date(p.validTo) : t("open")}
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
                      <Field label={t("endsOn")} type="date" value={closeOn} onChange={(e) => setCloseOn(e.target.value)} />
                      <Button type="submit" variant="danger" busy={close.isPending}>
                        {t("end")}
                      </Button>
                    </form>
                  ) : (
                    <Button variant="secondary" onClick={() => setClosing(p.id)}>
                      {t("endValidity")}
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

export function AddMeteringPoint({ communityId, memberId, joinedOn, onAdded }: { communityId: string; memberId: string; joinedOn: string; onAdded: () => unknown }) {
  const trpc = useTRPC();
  const t = useTranslations("console.member.points");
  const labels = useEnumLabels();
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
      <h3 className="font-medium">{t("addTitle")}</h3>
      {add.error ? <ErrorBox {...errorDetails(add.error)} problems={[]} /> : null}
      {add.isSuccess ? <Notice>{t("added")}</Notice> : null}
      <div className="grid gap-4 sm:grid-cols-5">
        <Field label={t("code")} name="code" value={p.code} error={err("code")} onChange={(e) => setP({ ...p, code: e.target.value })} />
        <Select label={t("direction")} name="direction" value={p.direction} onChange={(e) => setP({ ...p, direction: e.target.value as MeteringPointInput["direction"] })}>
          <option value="CONSUMPTION">{labels.direction("CONSUMPTION")}</option>
          <option value="INJECTION">{labels.direction("INJECTION")}</option>
        </Select>
        <Field label={t("capacityKw")} name="capacityKw" inputMode="decimal" value={p.capacityKw} error={err("capacityKw")} onChange={(e) => setP({ ...p, capacityKw: e.target.value })} />
        <Field label={t("validFrom")} name="validFrom" type="date" value={p.validFrom} error={err("validFrom")} onChange={(e) => setP({ ...p, validFrom: e.target.value })} />
        <Field label={t("validTo")} name="validTo" type="date" value={p.validTo ?? ""} error={err("validTo")} onChange={(e) => setP({ ...p, validTo: e.target.value || null })} />
      </div>
      <Button type="submit" busy={add.isPending}>
        {t("add")}
      </Button>
    </form>
  );
}
