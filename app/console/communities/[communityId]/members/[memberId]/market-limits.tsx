"use client";
// A member's market limits (market rule, docs/market.md), for admins: every version by side and
// validity date with its daily time bands, a form to set a version (replacing that side and date), and
// removal. For members without an account, or on their behalf; every change is audited.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { Button, ErrorBox, Field, Loading, Select } from "@/app/_components/ui";
import { formatterFor } from "@/app/_lib/format";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";

type Band = { from: string; to: string; priceEurPerKWh: string };

export function MemberMarketLimits({ communityId, memberId, canManage, retail, feedIn }: { communityId: string; memberId: string; canManage: boolean; retail: string; feedIn: string }) {
  const trpc = useTRPC();
  const t = useTranslations("console.member.limits");
  const f = formatterFor(useLocale());
  const queryClient = useQueryClient();
  const key = trpc.market.limits.queryKey({ communityId, memberId });
  const limits = useQuery(trpc.market.limits.queryOptions({ communityId, memberId }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: key });
  const set = useMutation(trpc.market.setLimits.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.market.deleteLimits.mutationOptions({ onSuccess: refresh }));
  const [side, setSide] = useState<"BUY" | "SELL">("BUY");
  const [validFrom, setValidFrom] = useState(new Date().toISOString().slice(0, 10));
  const [bands, setBands] = useState<Band[]>([{ from: "00:00", to: "24:00", priceEurPerKWh: "" }]);

  if (limits.error) return <ErrorBox {...errorDetails(limits.error)} />;
  if (!limits.data) return <Loading what={t("loading")} />;

  function submit(e: FormEvent) {
    e.preventDefault();
    set.mutate({ communityId, memberId, side, validFrom, bands });
  }
  const problems = set.error ? (errorDetails(set.error).problems ?? []) : [];
  const bandError = (k: number) => problems.find((p) => p.where === `bands[${k}].priceEurPerKWh`)?.message;

  return (
    <div className="space-y-4 text-sm">
      <p className="text-slate-700">
        {t("intro", { feedIn: f.decimal(feedIn), retail: f.decimal(retail) })}
      </p>
      {limits.data.length === 0 ? (
        <p>{t("none")}</p>
      ) : (
        <ul className="space-y-2" data-testid="member-limits">
          {limits.data.map((v) => (
            <li key={`${v.side}${v.validFrom}`} className="flex flex-wrap items-center justify-between gap-2 rounded-md border border-slate-200 p-3">
              <span>
                <strong>{v.side === "BUY" ? t("buys") : t("sells")}</strong> {t("from", { date: f.date(v.validFrom) })} {v.bands.map((b) => t("band", { from: b.from, to: b.to, price: f.decimal(b.priceEurPerKWh.replace(/(\.\d*?)0+$/, "$1").replace(/\.$/, "")) })).join(", ")}
              </span>
              {canManage ? (
                <Button variant="secondary" busy={remove.isPending} onClick={() => remove.mutate({ communityId, memberId, side: v.side, validFrom: v.validFrom })}>
                  {t("remove")}
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {remove.error ? <ErrorBox {...errorDetails(remove.error)} /> : null}
      {canManage ? (
        <form className="space-y-3 rounded-md border border-slate-200 p-4" onSubmit={submit} aria-label={t("formLabel")}>
          <div className="grid gap-3 sm:grid-cols-2">
            <Select label={t("side")} name="side" value={side} onChange={(e) => setSide(e.target.value as "BUY" | "SELL")}>
              <option value="BUY">{t("buy")}</option>
              <option value="SELL">{t("sell")}</option>
            </Select>
            <Field label={t("validFrom")} name="validFrom" type="date" value={validFrom} onChange={(e) => setValidFrom(e.target.value)} />
          </div>
          {bands.map((b, k) => (
            <fieldset key={k} className="grid gap-3 sm:grid-cols-[1fr_1fr_1fr_auto] sm:items-end">
              <legend className="sr-only">{t("timeBand", { n: k + 1 })}</legend>
              <Field label={t("bandFrom", { n: k + 1 })} value={b.from} onChange={(e) => setBands(bands.map((x, j) => (j === k ? { ...x, from: e.target.value } : x)))} />
              <Field label={t("bandTo")} value={b.to} onChange={(e) => setBands(bands.map((x, j) => (j === k ? { ...x, to: e.target.value } : x)))} />
              <Field label={t("price")} inputMode="decimal" value={b.priceEurPerKWh} error={bandError(k)} onChange={(e) => setBands(bands.map((x, j) => (j === k ? { ...x, priceEurPerKWh: e.target.value } : x)))} />
              {bands.length > 1 ? (
                <Button variant="secondary" type="button" onClick={() => setBands(bands.filter((_, j) => j !== k))}>
                  {t("removeBand")}
                </Button>
              ) : (
                <span />
              )}
            </fieldset>
          ))}
          <div className="flex flex-wrap gap-3">
            {bands.length < 4 ? (
              <Button variant="secondary" type="button" onClick={() => setBands([...bands, { from: "", to: "", priceEurPerKWh: "" }])}>
                {t("addBand")}
              </Button>
            ) : null}
            <Button type="submit" busy={set.isPending}>
              {t("save")}
            </Button>
          </div>
          {set.error ? <ErrorBox {...errorDetails(set.error)} /> : null}
          {set.isSuccess ? <p role="status">{t("saved")}</p> : null}
        </form>
      ) : null}
    </div>
  );
}
