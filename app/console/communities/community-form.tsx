"use client";
// The community settings form, used to create a community and to edit it.
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { Button, ErrorBox, Field, Select, fieldError } from "@/app/_components/ui";
import type { Problem } from "@/app/_lib/trpc";
import { MARKET_ZONES, type CommunityInput } from "@/server/communities/schemas";

const TIME_ZONES = ["Europe/Rome", "Europe/Vienna", "Europe/Berlin", "Europe/Paris", "Europe/Madrid", "Europe/Lisbon", "Europe/Brussels", "Europe/Amsterdam", "Europe/Zurich", "Europe/Athens", "UTC"];

export const emptyCommunity: CommunityInput = { name: "", slug: "", timeZone: "Europe/Rome", intervalMinutes: 15, rule: { kind: "DYNAMIC" }, priceEurPerKWh: "0.10", privacyThreshold: 5, vatChargesPercent: "0", vatCreditsPercent: "0", paymentTermsDays: 30, billingOrgId: null, feeCreditsPercent: "0", feeFixedEur: "0", co2GramsPerKWh: 250 };

const slugify = (name: string) =>
  name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);

export function CommunityForm(props: {
  initial: CommunityInput;
  submitLabel: string;
  busy: boolean;
  error: { code?: string; message: string; problems: Problem[] } | null;
  onSubmit: (v: CommunityInput) => void;
  /** Organizations that may issue the invoices (the municipality and the serving ESCOs); editing only. */
  sellerChoices?: { id: string; name: string }[];
}) {
  const t = useTranslations("console.form");
  const [v, setV] = useState<CommunityInput>(props.initial);
  const [slugTouched, setSlugTouched] = useState(props.initial.slug !== "");
  const problems = props.error?.problems ?? [];
  const err = (f: string) => fieldError(problems, f);
  const set = (patch: Partial<CommunityInput>) => setV((old) => ({ ...old, ...patch }));

  function submit(e: FormEvent) {
    e.preventDefault();
    props.onSubmit(v);
  }

  const rule = v.rule;
  return (
    <form onSubmit={submit} className="space-y-5" noValidate>
      {props.error ? <ErrorBox code={props.error.code} message={props.error.message} problems={problems.filter((p) => !["name", "slug", "timeZone", "priceEurPerKWh", "privacyThreshold", "vatChargesPercent", "vatCreditsPercent", "paymentTermsDays", "billingOrgId", "feeCreditsPercent", "feeFixedEur", "co2GramsPerKWh"].some((f) => p.where.endsWith(f)))} /> : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label={t("name")} name="name" value={v.name} error={err("name")} onChange={(e) => set({ name: e.target.value, ...(slugTouched ? {} : { slug: slugify(e.target.value) }) })} required />
        <Field
          label={t("slug")}
          name="slug"
          hint={t("slugHint")}
          value={v.slug}
          error={err("slug")}
          onChange={(e) => {
            setSlugTouched(true);
            set({ slug: e.target.value });
          }}
          required
        />
        <Select label={t("timeZone")} name="timeZone" value={v.timeZone} error={err("timeZone")} onChange={(e) => set({ timeZone: e.target.value })}>
          {[...new Set([v.timeZone, ...TIME_ZONES])].map((tz) => (
            <option key={tz}>{tz}</option>
          ))}
        </Select>
        <Select label={t("interval")} name="intervalMinutes" value={v.intervalMinutes} onChange={(e) => set({ intervalMinutes: Number(e.target.value) as 15 | 30 | 60 })}>
          {[15, 30, 60].map((m) => (
            <option key={m} value={m}>
              {t("minutes", { minutes: m })}
            </option>
          ))}
        </Select>
        <Field label={t("price")} name="priceEurPerKWh" inputMode="decimal" value={v.priceEurPerKWh} error={err("priceEurPerKWh")} onChange={(e) => set({ priceEurPerKWh: e.target.value })} />
        <Field
          label={t("privacy")}
          name="privacyThreshold"
          type="number"
          min={2}
          hint={t("privacyHint")}
          value={v.privacyThreshold}
          error={err("privacyThreshold")}
          onChange={(e) => set({ privacyThreshold: Number(e.target.value) })}
        />
        <Field
          label={t("co2")}
          name="co2GramsPerKWh"
          type="number"
          min={0}
          max={2000}
          hint={t("co2Hint")}
          value={v.co2GramsPerKWh}
          error={err("co2GramsPerKWh")}
          onChange={(e) => set({ co2GramsPerKWh: Number(e.target.value) })}
        />
      </div>
      <fieldset className="space-y-4 rounded-md border border-slate-200 p-4">
        <legend className="px-1 text-sm font-medium">{t("rule")}</legend>
        <Select
          label={t("ruleKind")}
          name="ruleKind"
          value={rule.kind}
          onChange={(e) => {
            const kind = e.target.value as CommunityInput["rule"]["kind"];
            set({
              rule:
                kind === "DYNAMIC"
                  ? { kind }
                  : kind === "IT_CER"
                    ? { kind, plantKw: "100", zone: "north", pv: true, grantFactor: "0", areraEurPerMWh: "8.2", marketZone: "NORD", split: { producers: "0", consumers: "0", fund: "1" } }
                    : kind === "MARKET"
                      ? { kind, retailEurPerKWh: "0.25", feedInEurPerKWh: "0.06", gridFeeEurPerKWh: "0", pricing: "midpoint" }
                      : { kind, shares: {} },
            });
          }}
        >
          {(["DYNAMIC", "STATIC", "STATIC_REDISTRIBUTE", "IT_CER", "MARKET"] as const).map((k) => (
            <option key={k} value={k}>
              {t(`ruleOption.${k}`)}
            </option>
          ))}
        </Select>
        {rule.kind === "STATIC" || rule.kind === "STATIC_REDISTRIBUTE" ? <p className="text-sm text-slate-600">{t("staticNote")}</p> : null}
        {rule.kind === "MARKET" ? (
          <div className="grid gap-4 sm:grid-cols-2">
            <Field
              label={t("retail")}
              name="retailEurPerKWh"
              hint={t("retailHint")}
              value={rule.retailEurPerKWh}
              error={err("retailEurPerKWh")}
              onChange={(e) => set({ rule: { ...rule, retailEurPerKWh: e.target.value } })}
            />
            <Field
              label={t("feedIn")}
              name="feedInEurPerKWh"
              hint={t("feedInHint")}
              value={rule.feedInEurPerKWh}
              error={err("feedInEurPerKWh")}
              onChange={(e) => set({ rule: { ...rule, feedInEurPerKWh: e.target.value } })}
            />
            <Field
              label={t("gridFee")}
              name="gridFeeEurPerKWh"
              hint={t("gridFeeHint")}
              value={rule.gridFeeEurPerKWh}
              error={err("gridFeeEurPerKWh")}
              onChange={(e) => set({ rule: { ...rule, gridFeeEurPerKWh: e.target.value } })}
            />
            <Select label={t("pricing")} name="pricing" value={rule.pricing} onChange={(e) => set({ rule: { ...rule, pricing: e.target.value as "midpoint" | "uniform" } })}>
              <option value="midpoint">{t("midpoint")}</option>
              <option value="uniform">{t("uniform")}</option>
            </Select>
            <p className="text-sm text-slate-600 sm:col-span-2">{t("marketNote")}</p>
          </div>
        ) : null}
        {rule.kind === "IT_CER" ? (
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label={t("plantKw")} name="plantKw" value={rule.plantKw} error={err("plantKw")} onChange={(e) => set({ rule: { ...rule, plantKw: e.target.value } })} />
            <Select label={t("zone")} name="zone" value={rule.zone} onChange={(e) => set({ rule: { ...rule, zone: e.target.value as "north" | "centre" | "south" } })}>
              <option value="north">{t("zoneName.north")}</option>
              <option value="centre">{t("zoneName.centre")}</option>
              <option value="south">{t("zoneName.south")}</option>
            </Select>
            <Field label={t("grantFactor")} name="grantFactor" value={rule.grantFactor} error={err("grantFactor")} onChange={(e) => set({ rule: { ...rule, grantFactor: e.target.value } })} />
            <Field label={t("arera")} name="areraEurPerMWh" value={rule.areraEurPerMWh} error={err("areraEurPerMWh")} onChange={(e) => set({ rule: { ...rule, areraEurPerMWh: e.target.value } })} />
            <Select label={t("marketZone")} name="marketZone" value={rule.marketZone} onChange={(e) => set({ rule: { ...rule, marketZone: e.target.value as (typeof MARKET_ZONES)[number] } })}>
              {MARKET_ZONES.map((z) => (
                <option key={z}>{z}</option>
              ))}
            </Select>
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" checked={rule.pv} onChange={(e) => set({ rule: { ...rule, pv: e.target.checked } })} /> {t("pv")}
            </label>
            <fieldset className="sm:col-span-2">
              <legend className="text-sm font-medium">{t("split")}</legend>
              <div className="mt-2 grid gap-4 sm:grid-cols-3">
                {(["producers", "consumers", "fund"] as const).map((k) => (
                  <Field
                    key={k}
                    label={k === "producers" ? t("splitProducers") : k === "consumers" ? t("splitConsumers") : t("splitFund")}
                    name={`split.${k}`}
                    value={rule.split[k]}
                    error={err(`split.${k}`) ?? (k === "fund" ? err("split") : undefined)}
                    onChange={(e) => set({ rule: { ...rule, split: { ...rule.split, [k]: e.target.value } } })}
                  />
                ))}
              </div>
            </fieldset>
          </div>
        ) : null}
      </fieldset>
      <fieldset className="space-y-3">
        <legend className="text-base font-semibold">{t("billing")}</legend>
        <div className="grid gap-4 sm:grid-cols-3">
          <Field label={t("vatCharges")} name="vatChargesPercent" value={v.vatChargesPercent} error={err("vatChargesPercent")} onChange={(e) => set({ vatChargesPercent: e.target.value })} />
          <Field label={t("vatCredits")} name="vatCreditsPercent" value={v.vatCreditsPercent} error={err("vatCreditsPercent")} onChange={(e) => set({ vatCreditsPercent: e.target.value })} />
          <Field
            label={t("paymentTerms")}
            name="paymentTermsDays"
            type="number"
            value={String(v.paymentTermsDays)}
            error={err("paymentTermsDays")}
            onChange={(e) => set({ paymentTermsDays: Number(e.target.value) })}
          />
          <Field
            label={t("feePercent")}
            name="feeCreditsPercent"
            hint={t("feePercentHint")}
            value={v.feeCreditsPercent}
            error={err("feeCreditsPercent")}
            onChange={(e) => set({ feeCreditsPercent: e.target.value })}
          />
          <Field
            label={t("feeFixed")}
            name="feeFixedEur"
            hint={t("feeFixedHint")}
            value={v.feeFixedEur}
            error={err("feeFixedEur")}
            onChange={(e) => set({ feeFixedEur: e.target.value })}
          />
          {props.sellerChoices ? (
            <Select label={t("seller")} name="billingOrgId" value={v.billingOrgId ?? ""} error={err("billingOrgId")} onChange={(e) => set({ billingOrgId: e.target.value || null })}>
              <option value="">{t("sellerAuto")}</option>
              {props.sellerChoices.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </Select>
          ) : null}
        </div>
      </fieldset>
      <Button type="submit" busy={props.busy}>
        {props.submitLabel}
      </Button>
    </form>
  );
}
