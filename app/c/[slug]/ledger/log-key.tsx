// The ledger page's "Transparency log" section: the community ledger as a standard C2SP transparency
// log — its origin, the verifier key of its checkpoints (to give to witnesses and verifiers) and the
// link to the latest cosigned checkpoint; its witnesses with the size each last cosigned, the quorum,
// and an alert for a witness that refused (an inconsistent history, a bad proof).
import { getTranslations } from "next-intl/server";
import { Card } from "@/app/_components/ui";
import type { ledgerPageData } from "@/server/transparency/public-pages";

type LogData = Awaited<ReturnType<typeof ledgerPageData>>["log"];

export async function LogKey({ slug, log }: { slug: string; log: LogData }) {
  const t = await getTranslations("ledgerLog");
  const { quorum, witnesses } = log;
  return (
    <Card title={t("title")}>
      <p className="text-sm text-slate-700">{t("intro")}</p>
      <dl className="mt-3 grid gap-2 text-sm sm:grid-cols-[auto_1fr]">
        <dt className="font-medium">{t("origin")}</dt>
        <dd className="font-mono text-xs break-all" data-testid="log-origin">{log.origin}</dd>
        <dt className="font-medium">{t("vkey")}</dt>
        <dd className="font-mono text-xs break-all" data-testid="log-vkey">{log.vkey}</dd>
      </dl>
      <p className="mt-3 text-sm">
        <a href={`/c/${slug}/checkpoint`}>{t("checkpointLink")}</a>
      </p>
      {witnesses.length === 0 ? (
        <p className="mt-3 text-sm text-slate-600">{t("noWitnesses")}</p>
      ) : (
        <>
          <p className="mt-3 text-sm text-slate-700">{t("quorum", { k: quorum, n: witnesses.length })}</p>
          <ul className="mt-2 space-y-2 text-sm" data-testid="log-witnesses">
            {witnesses.map((w) => (
              <li key={w.id}>
                <span className="font-medium">{w.name}</span> — {t("cosignedUpTo", { size: w.cosignedSize })}
                {w.alert ? (
                  <p role="alert" className="mt-1 rounded-md border border-red-300 bg-red-50 p-2 text-slate-800">
                    {t("alert", { reason: w.alert })}
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      )}
    </Card>
  );
}
