"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";
import { ErrorBox, Loading } from "@/app/_components/ui";
import { errorDetails } from "@/app/_lib/trpc";
import { useCommunity } from "./community-context";

export default function CommunityLayout({ children }: { children: ReactNode }) {
  const { communityId, query, community, canManage, canConfigure } = useCommunity();
  const pathname = usePathname();
  if (query.error) {
    const { message } = errorDetails(query.error);
    return (
      <div className="max-w-xl space-y-4">
        <h1 className="text-2xl font-semibold">Community not available</h1>
        <ErrorBox message={message} />
        <Link href="/console">Back to the console</Link>
      </div>
    );
  }
  if (!community) return <Loading what="Loading the community" />;
  const base = `/console/communities/${communityId}`;
  const tabs = [
    { href: base, label: "Members" },
    { href: `${base}/metering-points`, label: "Metering points" },
    { href: `${base}/readings`, label: "Meter data" },
    { href: `${base}/settlement`, label: "Settlement" },
    { href: `${base}/ledger`, label: "Ledger" },
    ...(canManage ? [{ href: `${base}/invitations`, label: "Invitations" }] : []),
    ...(canConfigure ? [{ href: `${base}/join-requests`, label: "Join requests" }] : []),
    ...(canConfigure ? [{ href: `${base}/settings`, label: "Settings" }] : []),
  ];
  return (
    <div>
      <p className="text-sm">
        <Link href="/console">Console</Link> / {community.municipalityName}
      </p>
      <h1 className="mt-1 text-2xl font-semibold tracking-tight sm:text-3xl">{community.name}</h1>
      <p className="mt-1 text-sm text-slate-600">
        {community.memberCount} members · {community.meteringPointCount} metering points · {community.intervalMinutes}-minute intervals · {community.timeZone}
        {community.access === "esco" ? " · served by your ESCO: read, import meter data and settle" : ""}
      </p>
      <p className="mt-1 text-sm">
        <Link href={`/c/${community.slug}`} data-testid="public-page-link">
          Public page (/c/{community.slug})
        </Link>
      </p>
      <nav aria-label="Community sections" className="mt-5 mb-6 flex gap-1 overflow-x-auto border-b border-slate-200">
        {tabs.map((t) => {
          const active = t.href === base ? pathname === base || pathname.startsWith(`${base}/members`) : pathname.startsWith(t.href);
          return (
            <Link
              key={t.href}
              href={t.href}
              aria-current={active ? "page" : undefined}
              className={`whitespace-nowrap border-b-2 px-3 py-2 text-sm no-underline ${active ? "border-credit font-medium text-credit" : "border-transparent text-slate-700 hover:text-slate-900"}`}
            >
              {t.label}
            </Link>
          );
        })}
      </nav>
      {children}
    </div>
  );
}
