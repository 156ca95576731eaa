"use client";
import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";
import { ErrorBox, Loading } from "@/app/_components/ui";
import { formatterFor } from "@/app/_lib/format";
import { errorDetails } from "@/app/_lib/trpc";
import { useCommunity } from "./community-context";

export default function CommunityLayout({ children }: { children: ReactNode }) {
  const { communityId, query, community, canManage, canConfigure } = useCommunity();
  const pathname = usePathname();
  const t = useTranslations("console.community");
  const c = useTranslations("console.common");
  const f = formatterFor(useLocale());
  if (query.error) {
    const { message } = errorDetails(query.error);
    return (
      <div className="max-w-xl space-y-4">
        <h1 className="text-2xl font-semibold">{t("notAvailable")}</h1>
        <ErrorBox message={message} />
        <Link href="/console">{t("backToConsole")}</Link>
      </div>
    );
  }
  if (!community) return <Loading what={t("loading")} />;
  const base = `/console/communities/${communityId}`;
  const tabs = [
    { href: base, label: t("tab.members") },
    { href: `${base}/metering-points`, label: t("tab.meteringPoints") },
    { href: `${base}/readings`, label: t("tab.readings") },
    { href: `${base}/settlement`, label: t("tab.settlement") },
    { href: `${base}/ledger`, label: t("tab.ledger") },
    { href: `${base}/emails`, label: t("tab.emails") },
    ...(canManage ? [{ href: `${base}/invitations`, label: t("tab.invitations") }] : []),
    ...(canConfigure ? [{ href: `${base}/join-requests`, label: t("tab.joinRequests") }] : []),
    ...(canConfigure ? [{ href: `${base}/settings`, label: t("tab.settings") }] : []),
  ];
  return (
    <div>
      <p className="text-sm">
        <Link href="/console">{t("console")}</Link> / {community.municipalityName}
      </p>
      <h1 className="mt-1 text-2xl font-semibold tracking-tight sm:text-3xl">{community.name}</h1>
      <p className="mt-1 text-sm text-slate-600">
        {c("members", { count: community.memberCount, n: f.count(community.memberCount) })} · {c("meteringPoints", { count: community.meteringPointCount, n: f.count(community.meteringPointCount) })} · {t("intervals", { minutes: community.intervalMinutes })} · {community.timeZone}
        {community.access === "esco" ? ` · ${t("escoAccess")}` : ""}
      </p>
      <p className="mt-1 text-sm">
        <Link href={`/c/${community.slug}`} data-testid="public-page-link">
          {t("publicPage", { slug: community.slug })}
        </Link>
      </p>
      <nav aria-label={t("sections")} className="mt-5 mb-6 flex gap-1 overflow-x-auto border-b border-slate-200">
        {tabs.map((tab) => {
          const active = tab.href === base ? pathname === base || pathname.startsWith(`${base}/members`) : pathname.startsWith(tab.href);
          return (
            <Link
              key={tab.href}
              href={tab.href}
              aria-current={active ? "page" : undefined}
              className={`whitespace-nowrap border-b-2 px-3 py-2 text-sm no-underline ${active ? "border-credit font-medium text-credit" : "border-transparent text-slate-700 hover:text-slate-900"}`}
            >
              {tab.label}
            </Link>
          );
        })}
      </nav>
      {children}
    </div>
  );
}
