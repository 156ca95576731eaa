"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { usePathname, useRouter } from "next/navigation";
import { LanguageSwitcher } from "@/app/_components/language-switcher";
import { authClient } from "@/app/_lib/auth-client";
import { useTRPC } from "@/app/_lib/trpc";
import { isEnglishOnlyPath } from "@/server/i18n/locales";

export function SiteHeader() {
  const t = useTranslations("header");
  const trpc = useTRPC();
  const pathname = usePathname();
  const router = useRouter();
  const queryClient = useQueryClient();
  const session = authClient.useSession();
  const signedIn = !!session.data?.user;
  const who = useQuery({ ...trpc.me.whoami.queryOptions(), enabled: signedIn });

  async function signOut() {
    await authClient.signOut();
    queryClient.clear();
    router.push("/");
    router.refresh();
  }

  return (
    <header className="border-b border-slate-200 bg-white">
      <nav aria-label={t("main")} className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3 sm:px-6">
        <Link href="/" className="text-lg font-semibold text-slate-900 no-underline">
          <span aria-hidden className="mr-1 text-sun">☀</span>Dajie
        </Link>
        <div className="flex flex-1 flex-wrap items-center gap-x-5 gap-y-2 text-sm">
          {who.data?.organizations.length ? <Link href="/console" className="no-underline hover:underline">{t("console")}</Link> : null}
          {who.data?.residentOf ? <Link href="/me" className="no-underline hover:underline">{t("myEnergy")}</Link> : null}
          {who.data?.platformAdmin ? <Link href="/console/admin" className="no-underline hover:underline">{t("organizations")}</Link> : null}
        </div>
        {signedIn ? (
          <div className="flex items-center gap-3 text-sm">
            <span className="text-slate-600" data-testid="signed-in-as">
              {session.data?.user.email}
            </span>
            <button onClick={signOut} className="rounded-md border border-slate-300 px-3 py-1.5 hover:bg-slate-100">
              {t("signOut")}
            </button>
          </div>
        ) : session.isPending ? null : (
          <Link href="/sign-in" className="text-sm">
            {t("signIn")}
          </Link>
        )}
      </nav>
      {/* The API docs are English only: no switcher there. */}
      {isEnglishOnlyPath(pathname) ? null : (
        <div className="mx-auto flex max-w-6xl justify-end px-4 pb-2 sm:px-6">
          <LanguageSwitcher />
        </div>
      )}
    </header>
  );
}
