"use client";
// The community settings form, used to create a community and to edit it.
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
  error: { message: string; problems: Problem[] } | null;
  onSubmit: (v: CommunityInput) => void;
  /** Organizations that may issue the invoices (the municipality and the serving ESCOs); editing only. */
  sellerChoices?: { id: string; name: string }[];
}) {
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
      {props.error ? <ErrorBox message={props.error.message} problems={problems.filter((p) => !["name", "slug", "timeZone", "priceEurPerKWh", "privacyThreshold", "vatChargesPercent", "vatCreditsPercent", "paymentTermsDays", "billingOrgId", "feeCreditsPercent", "feeFixedEur", "co2GramsPerKWh"].some((f) => p.where.endsWith(f)))} /> : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Name" name="name" value={v.name} error={err("name")} onChange={(e) => set({ name: e.target.value, ...(slugTouched ? {} : { slug: slugify(e.target.value) }) })} required />
        <Field
          label="Public address"
          name="slug"
          hint="Lowercase letters, digits and hyphens; the public page will be /c/<address>."
          value={v.slug}
          error={err("slug")}
          onChange={(e) => {
            setSlugTouched(true);
            set({ slug: e.target.value });
          }}
          required
        />
        <Select label="Time zone" name="timeZone" value={v.timeZone} error={err("timeZone")} onChange={(e) => set({ timeZone: e.target.value })}>
          {[...new Set([v.timeZone, ...TIME_ZONES])].map((tz) => (
            <option key={tz}>{tz}</option>
          ))}
        </Select>
        <Select label="Interval length" name="intervalMinutes" value={v.intervalMinutes} onChange={(e) => set({ intervalMinutes: Number(e.target.value) as 15 | 30 | 60 })}>
          <option value={15}>15 minutes</option>
          <option value={30}>30 minutes</option>
          <option value={60}>60 minutes</option>
        </Select>
        <Field label="Community price (EUR per kWh of shared energy)" name="priceEurPerKWh" inputMode="decimal" value={v.priceEurPerKWh} error={err("priceEurPerKWh")} onChange={(e) => set({ priceEurPerKWh: e.target.value })} />
        <Field
          label="Privacy threshold (members)"
          name="privacyThreshold"
          type="number"
          min={2}
          hint="Public figures are shown only when they combine at least this many members."
          value={v.privacyThreshold}
          error={err("privacyThreshold")}
          onChange={(e) => set({ privacyThreshold: Number(e.target.value) })}
        />
        <Field
          label="Grid emissions (grams of CO₂ per kWh)"
          name="co2GramsPerKWh"
          type="number"
          min={0}
          max={2000}
          hint="Used for the CO₂ avoided on the public page: shared energy × this factor (250 if unsure)."
          value={v.co2GramsPerKWh}
          error={err("co2GramsPerKWh")}
          onChange={(e) => set({ co2GramsPerKWh: Number(e.target.value) })}
        />
      </div>
      <fieldset className="space-y-4 rounded-md border border-slate-200 p-4">
        <legend className="px-1 text-sm font-medium">Settlement rule</legend>
        <Select
          label="How shared energy is allocated"
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
          <option value="DYNAMIC">Dynamic pro-rata (Austria EEG, France ACC default)</option>
          <option value="STATIC">Static keys</option>
          <option value="STATIC_REDISTRIBUTE">Static keys, unused shares redistributed</option>
          <option value="IT_CER">Italy CER (hourly shared energy and incentive)</option>
          <option value="MARKET">Neighbourhood market (members&apos; own price limits)</option>
        </Select>
        {rule.kind === "STATIC" || rule.kind === "STATIC_REDISTRIBUTE" ? <p className="text-sm text-slate-600">Shares per member are set once members are added (used by settlement).</p> : null}
        {rule.kind === "MARKET" ? (
          <div className="grid gap-4 sm:grid-cols-2">
            <Field
              label="Retail tariff R (EUR/kWh)"
              name="retailEurPerKWh"
              hint="What members pay their supplier: the most a buyer pays in the market."
              value={rule.retailEurPerKWh}
              error={err("retailEurPerKWh")}
              onChange={(e) => set({ rule: { ...rule, retailEurPerKWh: e.target.value } })}
            />
            <Field
              label="Feed-in tariff F (EUR/kWh)"
              name="feedInEurPerKWh"
              hint="What producers get for energy fed into the grid: the least a seller gets."
              value={rule.feedInEurPerKWh}
              error={err("feedInEurPerKWh")}
              onChange={(e) => set({ rule: { ...rule, feedInEurPerKWh: e.target.value } })}
            />
            <Field
              label="Grid fee (EUR/kWh traded, optional)"
              name="gridFeeEurPerKWh"
              hint="Added to every seller's price when matching; paid to the GRID_FEE account."
              value={rule.gridFeeEurPerKWh}
              error={err("gridFeeEurPerKWh")}
              onChange={(e) => set({ rule: { ...rule, gridFeeEurPerKWh: e.target.value } })}
            />
            <Select label="Pricing" name="pricing" value={rule.pricing} onChange={(e) => set({ rule: { ...rule, pricing: e.target.value as "midpoint" | "uniform" } })}>
              <option value="midpoint">Midpoint of each matched buyer and seller (default)</option>
              <option value="uniform">One uniform price per interval</option>
            </Select>
            <p className="text-sm text-slate-600 sm:col-span-2">Members set their own limits (residents on their page, admins on the member&apos;s page); without a limit a buyer pays up to R and a seller accepts F.</p>
          </div>
        ) : null}
        {rule.kind === "IT_CER" ? (
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label="Plant size (kW)" name="plantKw" value={rule.plantKw} error={err("plantKw")} onChange={(e) => set({ rule: { ...rule, plantKw: e.target.value } })} />
            <Select label="Zone" name="zone" value={rule.zone} onChange={(e) => set({ rule: { ...rule, zone: e.target.value as "north" | "centre" | "south" } })}>
              <option value="north">North</option>
              <option value="centre">Centre</option>
              <option value="south">South</option>
            </Select>
            <Field label="Capital grant factor F (0–1)" name="grantFactor" value={rule.grantFactor} error={err("grantFactor")} onChange={(e) => set({ rule: { ...rule, grantFactor: e.target.value } })} />
            <Field label="ARERA valorisation (EUR/MWh)" name="areraEurPerMWh" value={rule.areraEurPerMWh} error={err("areraEurPerMWh")} onChange={(e) => set({ rule: { ...rule, areraEurPerMWh: e.target.value } })} />
            <Select label="Market zone (hourly price Pz)" name="marketZone" value={rule.marketZone} onChange={(e) => set({ rule: { ...rule, marketZone: e.target.value as (typeof MARKET_ZONES)[number] } })}>
              {MARKET_ZONES.map((z) => (
                <option key={z}>{z}</option>
              ))}
            </Select>
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" checked={rule.pv} onChange={(e) => set({ rule: { ...rule, pv: e.target.checked } })} /> Photovoltaic plant (zonal bonus)
            </label>
            <fieldset className="sm:col-span-2">
              <legend className="text-sm font-medium">Sharing of the incentive (parts adding up to 1)</legend>
              <div className="mt-2 grid gap-4 sm:grid-cols-3">
                {(["producers", "consumers", "fund"] as const).map((k) => (
                  <Field
                    key={k}
                    label={k === "producers" ? "Producers (by energy delivered)" : k === "consumers" ? "Consumers (by energy shared)" : "Community fund"}
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
        <legend className="text-base font-semibold">Billing (for the ESCO&apos;s exports and invoices)</legend>
        <div className="grid gap-4 sm:grid-cols-3">
          <Field label="VAT on charges to members (%)" name="vatChargesPercent" value={v.vatChargesPercent} error={err("vatChargesPercent")} onChange={(e) => set({ vatChargesPercent: e.target.value })} />
          <Field label="VAT on credits to producers (%)" name="vatCreditsPercent" value={v.vatCreditsPercent} error={err("vatCreditsPercent")} onChange={(e) => set({ vatCreditsPercent: e.target.value })} />
          <Field
            label="Payment terms (days)"
            name="paymentTermsDays"
            type="number"
            value={String(v.paymentTermsDays)}
            error={err("paymentTermsDays")}
            onChange={(e) => set({ paymentTermsDays: Number(e.target.value) })}
          />
          <Field
            label="Community fee (% of credits paid out)"
            name="feeCreditsPercent"
            hint="Kept by the community from each member's credits; its own line on exports and invoices."
            value={v.feeCreditsPercent}
            error={err("feeCreditsPercent")}
            onChange={(e) => set({ feeCreditsPercent: e.target.value })}
          />
          <Field
            label="Community fee per member and period (€)"
            name="feeFixedEur"
            hint="A fixed amount each member with postings in a run is charged."
            value={v.feeFixedEur}
            error={err("feeFixedEur")}
            onChange={(e) => set({ feeFixedEur: e.target.value })}
          />
          {props.sellerChoices ? (
            <Select label="Invoices issued by" name="billingOrgId" value={v.billingOrgId ?? ""} error={err("billingOrgId")} onChange={(e) => set({ billingOrgId: e.target.value || null })}>
              <option value="">Automatic (the serving ESCO if only one, else the municipality)</option>
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
