"use client";
// The first thing on /me: the latest settled period in a few sentences, in residents' words
// (server/residents/resident-summary.ts decides what applies; this words and formats it).
import { useQuery } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { ErrorBox, Loading } from "@/app/_components/ui";
import { formatterFor } from "@/app/_lib/format";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";
import { byPeriodNewestFirst, residentSummary, type MemberKind, type SummaryPart } from "@/server/residents/resident-summary";
import { useKwh3 } from "./energy-chart";

export function MySummary({ memberId, kind }: { memberId: string; kind: MemberKind }) {
  const trpc = useTRPC();
  const credits = useQuery(trpc.me.credits.queryOptions({ memberId }));
  const t = useTranslations("plainPages.me");
  const f = formatterFor(useLocale());
  const kwh3 = useKwh3();
  if (credits.error) return <ErrorBox {...errorDetails(credits.error)} />;
  if (!credits.data) return <Loading what={t("summaryLoading")} />;
  const latest = byPeriodNewestFirst(credits.data.periods)[0];
  if (!latest) return <p className="text-slate-700" data-testid="my-summary">{t("summaryNone")}</p>;
  const b = (chunks: React.ReactNode) => <strong className="tabular-nums">{chunks}</strong>;
  const eur = (cents: string) => f.eur(cents);
  const price = (p: string | null) => f.eurDecimal(p ?? "0");
  const sentence = (p: SummaryPart) => {
    switch (p.part) {
      case "got":
        return p.priceEurPerKWh ? t.rich("gotMarket", { energy: kwh3(p.energyMWh), price: price(p.priceEurPerKWh), paid: eur(p.paidCents), b }) : t.rich("got", { energy: kwh3(p.energyMWh), paid: eur(p.paidCents), b });
      case "gave":
        return p.priceEurPerKWh ? t.rich("gaveMarket", { energy: kwh3(p.energyMWh), price: price(p.priceEurPerKWh), credited: eur(p.creditedCents), b }) : t.rich("gave", { energy: kwh3(p.energyMWh), credited: eur(p.creditedCents), b });
      case "nothing":
        return t("nothing");
      case "incentive":
        return t.rich("incentive", { amount: eur(p.creditCents), b });
      case "net":
        return p.direction === "credit" ? t.rich("netCredit", { amount: eur(p.cents), b }) : p.direction === "charge" ? t.rich("netCharge", { amount: eur(p.cents), b }) : t("netEven");
      case "saved": {
        const values = { amount: eur(p.cents), retail: price(p.retailEurPerKWh), feedIn: price(p.feedInEurPerKWh), b };
        return p.side === "buy" ? t.rich("savedBuy", values) : p.side === "sell" ? t.rich("savedSell", values) : t.rich("savedBoth", values);
      }
    }
  };
  return (
    <div data-testid="my-summary">
      <h3 className="font-medium">{t("summaryHeading", { period: f.period(latest.periodStart, latest.periodEnd) })}</h3>
      <ul className="mt-2 space-y-1 text-base">
        {residentSummary(kind, latest).map((p) => (
          <li key={p.part}>{sentence(p)}</li>
        ))}
      </ul>
    </div>
  );
}
