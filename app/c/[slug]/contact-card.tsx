// The public page's contact: the owning municipality, with the postal address and e-mail of its
// identity (the organization's page in the console; the same identity its invoices carry) and its
// public telephone.
import { useTranslations } from "next-intl";
import { Card } from "@/app/_components/ui";
import type { PublicContact } from "@/server/transparency/public-stats";

export function ContactCard({ municipality, contact }: { municipality: string; contact: PublicContact | null }) {
  const t = useTranslations("plainPages.public");
  return (
    <Card title={t("contactHeading")}>
      <div data-testid="contact">
        <p className="text-sm text-slate-700">{t("contactIntro", { municipality })}</p>
        {contact ? (
          <dl className="mt-3 grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]">
            {contact.email ? (
              <>
                <dt className="font-medium">{t("contactEmail")}</dt>
                <dd className="break-all">
                  <a href={`mailto:${contact.email}`}>{contact.email}</a>
                </dd>
              </>
            ) : null}
            {contact.phone ? (
              <>
                <dt className="font-medium">{t("contactPhone")}</dt>
                <dd>
                  <a href={`tel:${contact.phone.replace(/[^+0-9]/g, "")}`}>{contact.phone}</a>
                </dd>
              </>
            ) : null}
            {contact.address.length > 0 ? (
              <>
                <dt className="font-medium">{t("contactAddress")}</dt>
                <dd>
                  {contact.address.map((line) => (
                    <span key={line} className="block">
                      {line}
                    </span>
                  ))}
                </dd>
              </>
            ) : null}
          </dl>
        ) : (
          <p className="mt-2 text-sm text-slate-600">{t("noContact")}</p>
        )}
      </div>
    </Card>
  );
}
