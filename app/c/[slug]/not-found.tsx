import Link from "next/link";
import { useTranslations } from "next-intl";

export default function CommunityNotFound() {
  const t = useTranslations("notFound");
  return (
    <div className="max-w-xl space-y-4">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <p className="text-slate-700">{t("text")}</p>
      <p>
        <Link href="/">{t("back")}</Link>
      </p>
    </div>
  );
}
