"use client";
// The resident's own prices in the neighbourhood market, in plain words and sized for a phone: "I buy
// from neighbours when their price is at most … ct/kWh; otherwise I buy from my supplier at …". A
// preview shows what the prices would have meant last month (the resident's own figures only); saving
// applies them from today.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useId, useState, type FormEvent } from "react";
import { Button, ErrorBox, Loading } from "@/app/_components/ui";
import { formatterFor } from "@/app/_lib/format";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";
import { useKwh3 } from "./energy-chart";

const PRICE = /^\d{1,3}([.,]\d{1,4})?$/;
/** "18,5" → "18.5" (the server takes a dot). */
const normalize = (text: string) => text.trim().replace(",", ".");

function PriceSentence({ value, onChange, before, after, error }: { value: string; onChange: (v: string) => void; before: string; after: string; error?: string }) {
  const id = useId();
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-base">
        {before}
      </label>
      <div className="flex items-center gap-2">
        <input
          id={id}
          inputMode="decimal"
          autoComplete="off"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          className="min-h-11 w-24 rounded-md border border-slate-400 bg-white px-3 py-2 text-right text-base tabular-nums aria-invalid:border-red-700"
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
        <span className="text-base">{after}</span>
      </div>
      {error ? (
        <p id={`${id}-error`} className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function MyMarketLimits({ memberId, buys, sells }: { memberId: string; buys: boolean; sells: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const t = useTranslations("market");
  const f = formatterFor(useLocale());
  const kwh3 = useKwh3();
  const limits = useQuery(trpc.me.marketLimits.queryOptions({ memberId }));
  const [buy, setBuy] = useState<string | null>(null);
  const [sell, setSell] = useState<string | null>(null);
  const [asked, setAsked] = useState<{ buyCtPerKWh: string | null; sellCtPerKWh: string | null } | null>(null);
  const [saved, setSaved] = useState(false);
  const preview = useQuery({ ...trpc.me.previewMarketLimits.queryOptions({ memberId, buyCtPerKWh: asked?.buyCtPerKWh ?? null, sellCtPerKWh: asked?.sellCtPerKWh ?? null }), enabled: asked !== null });
  const save = useMutation(trpc.me.setMarketLimit.mutationOptions());

  if (limits.error) return <ErrorBox {...errorDetails(limits.error)} />;
  if (!limits.data) return <Loading what={t("loading")} />;
  const l = limits.data;
  const single = (v: typeof l.buy) => (v && v.bands.length === 1 && v.bands[0]!.from === "00:00" && v.bands[0]!.to === "24:00" ? v.bands[0]!.priceCt : null);
  const buyText = buy ?? single(l.buy) ?? l.retailCt;
  const sellText = sell ?? single(l.sell) ?? l.feedInCt;
  const ct = (text: string) => f.decimal(text);
  const problem = (text: string) => {
    if (!PRICE.test(text.trim())) return t("priceFormat");
    const v = Number(normalize(text));
    return v < Number(l.feedInCt) || v > Number(l.retailCt) ? t("range", { feedIn: ct(l.feedInCt), retail: ct(l.retailCt) }) : undefined;
  };
  const buyError = buys ? problem(buyText) : undefined;
  const sellError = sells ? problem(sellText) : undefined;
  const valid = !buyError && !sellError;
  const proposal = { buyCtPerKWh: buys ? normalize(buyText) : null, sellCtPerKWh: sells ? normalize(sellText) : null };

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!valid) return;
    setSaved(false);
    if (buys) await save.mutateAsync({ memberId, side: "BUY", priceCtPerKWh: proposal.buyCtPerKWh! });
    if (sells) await save.mutateAsync({ memberId, side: "SELL", priceCtPerKWh: proposal.sellCtPerKWh! });
    await queryClient.invalidateQueries({ queryKey: trpc.me.marketLimits.queryKey({ memberId }) });
    setSaved(true);
  }

  const bandsText = (v: NonNullable<typeof l.buy>) => v.bands.map((b) => t("band", { from: b.from, to: b.to, price: ct(b.priceCt) })).join(", ");
  const p = preview.data;
  return (
    <form className="space-y-5" onSubmit={submit} data-testid="market-limits" noValidate>
      <p className="text-sm text-slate-700">{t("intro")}</p>
      {buys ? (
        <fieldset className="space-y-2">
          <legend className="font-medium">{t("buying")}</legend>
          {l.buy && !single(l.buy) ? <p className="text-sm text-slate-700">{t("bandsSet", { bands: bandsText(l.buy), date: f.date(l.buy.validFrom) })}</p> : null}
          <PriceSentence before={t("buyBefore")} after={t("buyAfter")} value={buyText} onChange={(v) => (setBuy(v), setSaved(false))} error={buyError} />
          <p className="text-base">{t("buyOtherwise", { retail: ct(l.retailCt) })}</p>
        </fieldset>
      ) : null}
      {sells ? (
        <fieldset className="space-y-2">
          <legend className="font-medium">{t("selling")}</legend>
          {l.sell && !single(l.sell) ? <p className="text-sm text-slate-700">{t("bandsSet", { bands: bandsText(l.sell), date: f.date(l.sell.validFrom) })}</p> : null}
          <PriceSentence before={t("sellBefore")} after={t("sellAfter")} value={sellText} onChange={(v) => (setSell(v), setSaved(false))} error={sellError} />
          <p className="text-base">{t("sellOtherwise", { feedIn: ct(l.feedInCt) })}</p>
        </fieldset>
      ) : null}
      {Number(l.gridFeeCt) > 0 ? <p className="text-sm text-slate-700">{t("gridFee", { fee: ct(l.gridFeeCt) })}</p> : null}

      <div className="flex flex-col gap-3 sm:flex-row">
        <Button type="button" variant="secondary" disabled={!valid} busy={preview.isFetching} onClick={() => setAsked(proposal)}>
          {t("previewButton")}
        </Button>
        <Button type="submit" disabled={!valid} busy={save.isPending}>
          {t("save")}
        </Button>
      </div>
      {save.error ? <ErrorBox {...errorDetails(save.error)} /> : null}
      {saved ? (
        <p role="status" className="text-sm text-credit">
          {t("saved", { date: f.date(l.today) })}
        </p>
      ) : null}

      {preview.error ? <ErrorBox {...errorDetails(preview.error)} /> : null}
      {p ? (
        <section className="space-y-2 rounded-md bg-slate-50 p-4 text-base" aria-live="polite" data-testid="market-preview">
          <h4 className="font-medium">{t("previewTitle", { period: f.period(p.period.start, p.period.end) })}</h4>
          {!p.proposed ? (
            <p>{t("previewNoData")}</p>
          ) : (
            <>
              {buys ? (
                <p>
                  {BigInt(p.proposed.boughtMWh) > 0n
                    ? t("previewBought", { energy: kwh3(p.proposed.boughtMWh), paid: f.eur(p.proposed.paidCents), price: ct(centsOf(p.proposed.buyPriceEurPerKWh)) })
                    : t("previewNoBuy")}
                </p>
              ) : null}
              {sells ? (
                <p>
                  {BigInt(p.proposed.soldMWh) > 0n
                    ? t("previewSold", { energy: kwh3(p.proposed.soldMWh), earned: f.eur(p.proposed.earnedCents), price: ct(centsOf(p.proposed.sellPriceEurPerKWh)) })
                    : t("previewNoSell")}
                </p>
              ) : null}
              <p data-testid="preview-win">
                <strong>{t("previewWin", { win: f.eur(p.proposed.winCents) })}</strong>
              </p>
              {p.current ? <p className="text-sm text-slate-700">{t("previewCurrent", { win: f.eur(p.current.winCents) })}</p> : null}
            </>
          )}
        </section>
      ) : null}
    </form>
  );
}

/** EUR/kWh → ct/kWh with at most 2 decimals, as text. */
function centsOf(eurPerKWh: string | null): string {
  if (eurPerKWh === null) return "0";
  return (Math.round(Number(eurPerKWh) * 10_000) / 100).toString();
}
