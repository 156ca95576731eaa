// The public page's pointer to the ledger: its latest checkpoint (entries and Merkle root) and the link
// to the ledger page.
import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { Card } from "@/app/_components/ui";
import { formatterFor } from "@/app/_lib/format";

export function LedgerCard({ base, latest }: { base: string; latest: { treeSize: string; root: string; createdAt: string } | undefined }) {
  const t = useTranslations("public");
  const f = formatterFor(useLocale());
  return (
  <Card title={t("ledgerHeading")}>
    <p className="text-sm text-slate-700">{t("ledgerText")}</p>
    {latest ? (
      <p className="mt-3 text-sm" data-testid="latest-checkpoint">
        {t.rich("latestCheckpoint", {
          entries: f.count(latest.treeSize),
          root: latest.root,
          date: f.date(latest.createdAt),
          code: (chunks) => (
            <code className="font-mono break-all" data-testid="latest-root">
              {chunks}
            </code>
          ),
        })}
      </p>
    ) : (
      <p className="mt-3 text-sm text-slate-600">{t("noCheckpoint")}</p>
    )}
    <p className="mt-3">
      <Link href={`${base}/ledger`}>{t("ledgerLink")}</Link>
    </p>
  </Card>
  );
}
