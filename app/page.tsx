import Link from "next/link";
import { useTranslations } from "next-intl";

export default function Home() {
  const t = useTranslations("home");
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
