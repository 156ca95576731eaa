// The public page of a community: what it produced and shared, its credits, its members by kind, and
// the ledger's checkpoints. No login. Every figure comes through the privacy rule on the server
// (server/transparency); hidden ones read "hidden", and one notice says why. The parts are in this
// folder, one file each; each table downloads as CSV (csv/route.ts); app/globals.css has its print style.
import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { formatterFor } from "@/app/_lib/format";
import { joinOpen } from "@/server/join/join-pages";
import { lastDayOf } from "@/server/shared/iso-date";
import type { Hidden } from "@/server/transparency/public-figures";
import { AtAGlance, NoData } from "./at-a-glance";
import { CreditsSection } from "./credits-section";
import { energyViewOf, hiddenReasons } from "@/server/transparency/public-view";
import { ContactCard } from "./contact-card";
import { EnergySection, type ChartPoint } from "./energy-section";
import { chartText, HiddenNotice } from "./figure-cell";
import { LedgerCard } from "./ledger-card";
import { loadCommunityPage } from "./load";
import { MembersCard } from "./members-card";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Pick<Params, "params">): Promise<Metadata> {
  const { community } = await loadCommunityPage((await params).slug);
  const t = await getTranslations("public");
  return { title: t("metaTitle", { community: community.name }) };
}

export default async function PublicCommunityPage({ params, searchParams }: Params) {
  const { community, figures, checkpoints } = await loadCommunityPage((await params).slug);
  const base = `/c/${community.slug}`;
  const total = figures.energy.total;
  const t = await getTranslations("public");
  const tJoin = await getTranslations("join");
  const open = await joinOpen(community.slug);
  const f = formatterFor(await getLocale());
  const hiddenText = await hiddenTextServer();
  const point: ChartPoint = (a, unit) => chartText(a, unit, f, hiddenText, t("noDataCell"));

  return (
    <div className="space-y-8">
      <header>
        <p className="text-sm text-slate-600">{t("kicker", { municipality: community.municipality })}</p>
        <h1 className="mt-1 text-2xl font-semibold tracking-tight sm:text-3xl">{community.name}</h1>
        <p className="mt-3 max-w-3xl text-slate-700">
          {t("intro")}
          {total ? ` ${t("introRange", { from: f.date(total.from), to: f.date(lastDayOf(total.to)) })}` : ""}
        </p>
        <p className="mt-2 mb-3 max-w-3xl text-sm text-slate-600" data-testid="privacy-rule">
          {t("privacyRule", { k: figures.privacy.k, maxSharePercent: figures.privacy.maxSharePercent })}
        </p>
        <HiddenNotice reasons={hiddenReasons(figures)} />
        {open ? (
          <p className="mt-3">
            <Link href={`${base}/join`} className="font-medium" data-testid="join-link">
              {tJoin("joinLink")}
            </Link>
          </p>
        ) : null}
      </header>

      {total ? <AtAGlance figures={figures} total={total} /> : <NoData />}

      <MembersCard figures={figures} base={base} />

      {total ? <EnergySection figures={figures} market={community.ruleKind === "MARKET"} base={base} point={point} {...energyViewOf(figures, await searchParams)} /> : null}

      <CreditsSection figures={figures} point={point} base={base} />

      <LedgerCard base={base} latest={checkpoints[0]} />

      <ContactCard municipality={community.municipality} contact={community.contact} />
    </div>
  );
}

/** Hidden figures' words for server code that is not a component (chart tooltips). */
async function hiddenTextServer() {
  const t = await getTranslations("privacy");
  return (h: Hidden) => t("hidden", { reason: t(`reason.${h.reason}`, h.params) });
}
