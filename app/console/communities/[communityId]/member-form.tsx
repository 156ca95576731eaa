"use client";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { Button, ErrorBox, Field, Select, fieldError } from "@/app/_components/ui";
import type { Problem } from "@/app/_lib/trpc";
import type { MemberInput } from "@/server/members/schemas";
import { MemberVatFields } from "./member-vat-fields";
import { useEnumLabels } from "./settlement-parts";

export const emptyMember: MemberInput = { reference: "", kind: "CONSUMER", joinedOn: new Date().toISOString().slice(0, 10), name: "", email: "", address: "", memberType: "PRIVATE", vatId: null, vatStatus: "NOT_REGISTERED" };

export function MemberForm(props: { initial: MemberInput; submitLabel: string; busy: boolean; error: { code?: string; message: string; problems: Problem[] } | null; onSubmit: (m: MemberInput) => void }) {
  const t = useTranslations("console.member.form");
  const labels = useEnumLabels();
  const [m, setM] = useState<MemberInput>(props.initial);
  const problems = props.error?.problems ?? [];
  const err = (f: string) => fieldError(problems, f);
  const set = (patch: Partial<MemberInput>) => setM((old) => ({ ...old, ...patch }));
  return (
    <form
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        props.onSubmit(m);
      }}
      className="space-y-4"
      noValidate
    >
      {props.error ? <ErrorBox code={props.error.code} message={props.error.message} /> : null}
      <div className="grid gap-4 sm:grid-cols-3">
        <Field label={t("reference")} name="reference" hint={t("referenceHint")} value={m.reference} error={err("reference")} onChange={(e) => set({ reference: e.target.value })} />
        <Select label={t("kind")} name="kind" value={m.kind} onChange={(e) => set({ kind: e.target.value as MemberInput["kind"] })}>
          <option value="CONSUMER">{labels.kind("CONSUMER")}</option>
          <option value="PRODUCER">{labels.kind("PRODUCER")}</option>
          <option value="PROSUMER">{labels.kind("PROSUMER")}</option>
        </Select>
        <Field label={t("joinedOn")} name="joinedOn" type="date" value={m.joinedOn} error={err("joinedOn")} onChange={(e) => set({ joinedOn: e.target.value })} />
      </div>
      <fieldset className="grid gap-4 rounded-md border border-slate-200 p-4 sm:grid-cols-3">
        <legend className="px-1 text-sm font-medium">{t("personal")}</legend>
        <Field label={t("name")} name="name" value={m.name ?? ""} error={err("name")} onChange={(e) => set({ name: e.target.value })} />
        <Field label={t("email")} name="email" type="email" value={m.email ?? ""} error={err("email")} onChange={(e) => set({ email: e.target.value })} />
        <Field label={t("address")} name="address" value={m.address ?? ""} error={err("address")} onChange={(e) => set({ address: e.target.value })} />
      </fieldset>
      <MemberVatFields value={m} onChange={set} error={err} />
      <Button type="submit" busy={props.busy}>
        {props.submitLabel}
      </Button>
    </form>
  );
}
