// The public page's member counts, today, in total and by kind (each through the privacy rule).
import { useTranslations } from "next-intl";
import type { PublicFigures } from "@/server/transparency/public-figures";
import { FigureCell } from "./figure-cell";

export function MembersCard({ figures, base }: { figures: PublicFigures; base: string }) {
  const t = useTranslations();
  return (
    <section aria-labelledby="members-heading" className="rounded-lg border border-slate-200 bg-white p-5">
      <h2 id="members-heading" className="text-lg font-semibold">
        {t("public.membersToday")}
      </h2>
      <dl className="mt-3 grid grid-cols-2 gap-3 sm:grid-cols-4" data-testid="member-counts">
        <div>
          <dt className="text-sm text-slate-700">{t("public.allMembers")}</dt>
          <dd className="text-lg font-semibold">
            <FigureCell figure={figures.members.total} unit="count" />
          </dd>
        </div>
        {figures.members.byKind.map((k) => (
          <div key={k.kind}>
            <dt className="text-sm text-slate-700">{t(`kindPlural.${k.kind}`)}</dt>
            <dd className="text-lg font-semibold">
              <FigureCell figure={k.count} unit="count" />
            </dd>
          </div>
        ))}
      </dl>
      <p className="mt-3 text-sm print:hidden">
        <a href={`${base}/csv?table=members`} download data-testid="members-csv">
          {t("plainPages.public.downloadCsv")}
        </a>
      </p>
    </section>
  );
}
