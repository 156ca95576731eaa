import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { requireUser } from "@/server/auth/server-session";
import { landingPathFor } from "@/server/access/landing";

export const dynamic = "force-dynamic";

/** Where a user goes after signing in: the console, their own page, or the platform admin page. */
export default async function HomeRedirect() {
  const user = await requireUser("/home");
  const path = await landingPathFor(user.id);
  if (path) redirect(path);
  const t = await getTranslations("home");
  return (
    <div className="max-w-xl">
      <h1 className="text-2xl font-semibold">{t("noAccessTitle")}</h1>
      <p className="mt-3 text-slate-700">{t("noAccessText")}</p>
    </div>
  );
}
