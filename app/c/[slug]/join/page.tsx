// The public "join this community" page: the application form, translated like the public page. The
// page shows nothing about who applied; the form posts to /api/join/<slug> (server/join/).
import type { Metadata } from "next";
import { loadJoinPage } from "@/app/c/[slug]/load";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { isLocale } from "@/server/i18n/locales";
import { JoinForm } from "./join-form";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { community } = await loadJoinPage((await params).slug);
  const t = await getTranslations("join");
  return { title: t("metaTitle", { community: community.name }) };
}

export default async function JoinPage({ params }: Params) {
  const { community, open, documents, confirmHours } = await loadJoinPage((await params).slug);
  const t = await getTranslations("join");
  const locale = await getLocale();
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <header>
        <p className="text-sm text-slate-600">{t("kicker", { municipality: community.municipality })}</p>
        <h1 className="mt-1 text-2xl font-semibold tracking-tight sm:text-3xl">{t("title", { community: community.name })}</h1>
        <p className="mt-3 text-slate-700">{open ? t("intro") : t("closed", { community: community.name })}</p>
        <p className="mt-2 text-sm">
          <Link href={`/c/${community.slug}`}>{t("backToPage")}</Link>
        </p>
      </header>
      {open ? <JoinForm slug={community.slug} community={community.name} locale={isLocale(locale) ? locale : "en"} documents={documents} confirmHours={confirmHours} /> : null}
    </div>
  );
}
