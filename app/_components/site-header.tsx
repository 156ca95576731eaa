// The site's header, rendered on the server: who is signed in and the places they may go come from the
// session and the same answer `me.whoami` gives (server/access/who-am-i.ts), so a page loads no session
// check or query client for it. Only the sign-out button runs in the browser. An anonymous visitor (no
// session cookie) gets the same header as every other, built without the database: public pages can be
// served from a response cache for them.
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { HeaderLanguageSwitcher } from "@/app/_components/header-language-switcher";
import { SignOutButton } from "@/app/_components/sign-out-button";
import { currentWhoAmI } from "@/server/auth/server-session";

export async function SiteHeader() {
  const t = await getTranslations("header");
  const who = await currentWhoAmI();

  return (
    <header className="border-b border-slate-200 bg-white">
      <nav aria-label={t("main")} className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3 sm:px-6">
        <Link href="/" className="text-lg font-semibold text-slate-900 no-underline">
          <span aria-hidden className="mr-1 text-sun">☀</span>Dajie
        </Link>
        <div className="flex flex-1 flex-wrap items-center gap-x-5 gap-y-2 text-sm">
          {who?.organizations.length ? <Link href="/console" className="no-underline hover:underline">{t("console")}</Link> : null}
          {who?.residentOf ? <Link href="/me" className="no-underline hover:underline">{t("myEnergy")}</Link> : null}
          {who?.platformAdmin ? <Link href="/console/admin" className="no-underline hover:underline">{t("organizations")}</Link> : null}
        </div>
        {who ? (
          <div className="flex items-center gap-3 text-sm">
            <span className="text-slate-600" data-testid="signed-in-as">
              {who.user.email}
            </span>
            <SignOutButton label={t("signOut")} />
          </div>
        ) : (
          <Link href="/sign-in" className="text-sm">
            {t("signIn")}
          </Link>
        )}
      </nav>
      <HeaderLanguageSwitcher />
    </header>
  );
}
