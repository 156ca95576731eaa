import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { communityListData } from "@/server/transparency/public-pages";

// Lists the communities from the database on each request (no chart or client code of its own).
export const dynamic = "force-dynamic";

export default async function Home() {
  const t = await getTranslations("home");
  const tp = await getTranslations("plainPages.home");
  const communities = await communityListData();
  return (
    <div className="space-y-10">
      <section className="max-w-3xl">
        <h1 className="text-3xl font-semibold tracking-tight sm:text-4xl">{t("title")}</h1>
        <p className="mt-4 text-lg text-slate-700">{t("intro")}</p>
        <p className="mt-6">
          <Link href="/sign-in" className="inline-flex min-h-10 items-center rounded-md bg-credit px-5 py-2 font-medium text-white no-underline hover:bg-blue-800">
            {t("signIn")}
          </Link>
        </p>
      </section>
      <section aria-labelledby="communities-heading" className="space-y-3">
        <h2 id="communities-heading" className="text-xl font-semibold">
          {tp("communitiesHeading")}
        </h2>
        <p className="max-w-3xl text-slate-700">{tp("communitiesIntro")}</p>
        {communities.length === 0 ? (
          <p className="text-sm text-slate-600">{tp("noCommunities")}</p>
        ) : (
          <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3" data-testid="community-list">
            {communities.map((c) => (
              <li key={c.slug} className="rounded-lg border border-slate-200 bg-white p-4">
                <Link href={`/c/${c.slug}`} className="font-medium">
                  {c.name}
                </Link>
                <p className="mt-1 text-sm text-slate-600">{c.municipality}</p>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="grid gap-4 sm:grid-cols-3" aria-label={t("whoFor")}>
        {(["municipalities", "residents", "escos"] as const).map((who) => (
          <div key={who} className="rounded-lg border border-slate-200 bg-white p-5">
            <h2 className="font-semibold">{t(`${who}Title`)}</h2>
            <p className="mt-2 text-sm text-slate-700">{t(`${who}Text`)}</p>
          </div>
        ))}
      </section>
    </div>
  );
}
