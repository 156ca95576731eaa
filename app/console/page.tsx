"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { Card, Empty, ErrorBox, Loading, PageHeader } from "@/app/_components/ui";
import { formatterFor } from "@/app/_lib/format";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";
import { NeedsAttention } from "./needs-attention";

export default function ConsoleHome() {
  const t = useTranslations("console.home");
  const c = useTranslations("console.common");
  const f = formatterFor(useLocale());
  const trpc = useTRPC();
  const who = useQuery(trpc.me.whoami.queryOptions());
  const communities = useQuery(trpc.community.list.queryOptions());
  if (who.error || communities.error) return <ErrorBox {...errorDetails(who.error ?? communities.error)} />;
  if (!who.data || !communities.data) return <Loading what={t("loading")} />;
  const adminOf = who.data.organizations.filter((o) => o.role === "ADMIN");
  const canCreate = adminOf.some((o) => o.kind === "MUNICIPALITY");

  return (
    <div className="space-y-8">
      <PageHeader
        title={t("title")}
        subtitle={who.data.organizations.map((o) => t("membership", { name: o.name, role: c(`role.${o.role}`) })).join(" · ")}
        actions={
          canCreate ? (
            <Link href="/console/communities/new" className="inline-flex min-h-10 items-center rounded-md bg-credit px-4 py-2 text-sm font-medium text-white no-underline hover:bg-blue-800">
              {t("newCommunity")}
            </Link>
          ) : null
        }
      />
      {communities.data.length ? <NeedsAttention /> : null}
      <section aria-labelledby="communities-heading">
        <h2 id="communities-heading" className="mb-3 text-lg font-semibold">
          {t("communities")}
        </h2>
        {communities.data.length === 0 ? (
          <Empty>{canCreate ? t("emptyCanCreate") : t("emptyNone")}</Empty>
        ) : (
          <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
            {communities.data.map((k) => (
              <li key={k.id}>
                <Link href={`/console/communities/${k.id}`} className="block rounded-lg border border-slate-200 bg-white p-5 text-slate-900 no-underline shadow-sm hover:border-credit">
                  <span className="block font-semibold text-credit">{k.name}</span>
                  <span className="mt-1 block text-sm text-slate-600">
                    {k.municipalityName}
                    {k.access === "esco" ? ` · ${c("servedByEsco")}` : ""}
                  </span>
                  <span className="mt-3 block text-sm">
                    {c("members", { count: k.memberCount, n: f.count(k.memberCount) })} · {c("meteringPoints", { count: k.meteringPointCount, n: f.count(k.meteringPointCount) })}
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
      {adminOf.length ? (
        <Card title={t("yourOrganizations")}>
          <ul className="space-y-2">
            {adminOf.map((o) => (
              <li key={o.id} className="flex flex-wrap gap-x-4">
                <span className="font-medium">{o.name}</span>
                <Link href={`/console/orgs/${o.id}`}>{t("organizationSettings")}</Link>
                <Link href={`/console/orgs/${o.id}/audit`}>{t("auditLog")}</Link>
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
    </div>
  );
}
