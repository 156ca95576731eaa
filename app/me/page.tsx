"use client";
import { useQuery } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { Card, Empty, ErrorBox, Loading, PageHeader } from "@/app/_components/ui";
import { formatterFor } from "@/app/_lib/format";
import { RESIDENT_KWH_DECIMALS } from "@/server/residents/resident-summary";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";
import { MyBankAccount } from "./bank-account";
import { MyCredits } from "./credits";
import { DayView } from "./day-view";
import { MyDevices } from "./devices";
import { EnergyChart } from "./energy-chart";
import { MyMarketLimits } from "./market-limits";
import { MySummary } from "./summary";
import { MyStatementMails } from "./statement-mails";
import { VerifyCredit } from "./verify-credit";
import { YourData } from "./your-data";

export default function MyEnergyPage() {
  const trpc = useTRPC();
  const memberships = useQuery(trpc.me.memberships.queryOptions());
  const t = useTranslations("me");
  const tp = useTranslations("plainPages.me");
  const tKind = useTranslations("kind");
  const locale = useLocale();
  const f = formatterFor(locale);
  const tMail = useTranslations("mail");
  if (memberships.error) return <ErrorBox {...errorDetails(memberships.error)} />;
  if (!memberships.data) return <Loading what={t("loadingPage")} />;
  if (memberships.data.length === 0) return <Empty>{t("notLinked")}</Empty>;
  return (
    <div className="space-y-6">
      <PageHeader title={t("title")} subtitle={t("subtitle")} />
      {memberships.data.map((m) => (
        <div key={m.memberId} className="space-y-6">
          <Card title={tp("summaryCard", { community: m.community.name })}>
            <MySummary memberId={m.memberId} kind={m.kind} />
          </Card>
          <Card title={m.community.name}>
            <p className="text-sm text-slate-700">
              {t("since", { kind: tKind(m.kind), date: f.date(m.joinedOn) })}
              {m.leftOn ? t("until", { date: f.date(m.leftOn) }) : ""}
              {t("pseudonymIntro")}{" "}
              <abbr title={t("pseudonymTerm")} className="font-mono">
                {m.pseudonym}
              </abbr>
              .
            </p>
            <h3 className="mt-5 mb-2 font-medium">{t("meteringPoints")}</h3>
            {m.meteringPoints.length === 0 ? (
              <Empty>{t("noMeteringPoint")}</Empty>
            ) : (
              <ul className="grid gap-3 sm:grid-cols-2" data-testid="my-metering-points">
                {m.meteringPoints.map((p) => (
                  <li key={p.id} className="rounded-md border border-slate-200 p-4" aria-label={t("meter", { code: p.code })}>
                    <p className="font-medium">{p.direction === "INJECTION" ? <span className="text-sun">{t("injectionPoint")}</span> : <span className="text-grid">{t("consumptionPoint")}</span>}</p>
                    <dl className="mt-2 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
                      <dt className="text-slate-600">{t("meterId")}</dt>
                      <dd className="font-mono break-all">{p.code}</dd>
                      <dt className="text-slate-600">{t("since2")}</dt>
                      <dd>{f.date(p.validFrom)}</dd>
                      <dt className="text-slate-600">{t("readings")}</dt>
                      <dd>{p.readings ? t("readingsSummary", { intervals: p.readings.intervals, last: f.dateTime(p.readings.last, m.community.timeZone) }) : t("noReadings")}</dd>
                      <dt className="text-slate-600">{t("energy")}</dt>
                      <dd>{p.readings ? f.kwh(p.readings.totalMWh, RESIDENT_KWH_DECIMALS) : "—"}</dd>
                    </dl>
                  </li>
                ))}
              </ul>
            )}
            <h3 className="mt-6 mb-2 font-medium">{t("yourEnergy")}</h3>
            <EnergyChart memberId={m.memberId} hasInjection={m.meteringPoints.some((p) => p.direction === "INJECTION")} />
          </Card>
          <Card title={t("dayCard")}>
            <DayView memberId={m.memberId} hasInjection={m.meteringPoints.some((p) => p.direction === "INJECTION")} />
          </Card>
          {m.community.ruleKind === "MARKET" ? (
            <Card title={t("marketCard")}>
              <MyMarketLimits memberId={m.memberId} buys={m.kind !== "PRODUCER"} sells={m.kind !== "CONSUMER"} />
            </Card>
          ) : null}
          <Card title={t("yourCredits")}>
            <MyCredits memberId={m.memberId} kind={m.kind} />
          </Card>
          <Card title={t("bankCard")}>
            <MyBankAccount memberId={m.memberId} />
          </Card>
          <Card title={t("verifyCard")}>
            <VerifyCredit memberId={m.memberId} />
          </Card>
          <Card title={tMail("settingTitle")}>
            <MyStatementMails memberId={m.memberId} />
          </Card>
          <Card title={t("devicesCard")}>
            <MyDevices memberId={m.memberId} />
          </Card>
          <Card title={t("yourData")}>
            <YourData memberId={m.memberId} pseudonym={m.pseudonym} erasureRequestedAt={m.erasureRequestedAt} />
          </Card>
        </div>
      ))}
    </div>
  );
}
