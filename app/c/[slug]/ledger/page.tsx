// The ledger's public face: checkpoints (tree size, root, time), the export to download, and how to
// check it without trusting this server.
import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { Card, DataTable } from "@/app/_components/ui";
import { formatterFor } from "@/app/_lib/format";
import { loadLedgerPage } from "../load";
import { AnchorReceipts } from "./anchor-receipts";
import { LogKey } from "./log-key";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { community } = await loadLedgerPage((await params).slug);
  return { title: (await getTranslations("ledgerPage"))("metaTitle", { community: community.name }) };
}

export default async function PublicLedgerPage({ params }: Params) {
  const { community, checkpoints, anchors, audience, log } = await loadLedgerPage((await params).slug);
  const file = `${community.slug}-ledger.jsonl`;
  const t = await getTranslations("ledgerPage");
  const tp = await getTranslations("plainPages.ledger");
  const f = formatterFor(await getLocale());
  const quote = (text: string) => `'${text}'`;
  const tlogCommand = ["npm run -s dajie -- proof verify-tlog ENTRY.tlog-proof", `--vkey ${quote(log.vkey)}`, ...log.witnesses.map((w) => `--witness ${quote(w.verifierKey)}`), `--quorum ${log.quorum}`].join(" ");
  return (
    <div className="space-y-6">
      <header>
        <p className="text-sm">
          <Link href={`/c/${community.slug}`}>{community.name}</Link> / {t("crumb")}
        </p>
        <h1 className="mt-1 text-2xl font-semibold tracking-tight sm:text-3xl">{t("title", { community: community.name })}</h1>
        <p className="mt-3 max-w-3xl text-slate-700">{t("intro")}</p>
      </header>

      <Card title={t("checkpoints")}>
        {checkpoints.length === 0 ? (
          <p className="text-sm text-slate-600">{t("noCheckpoint")}</p>
        ) : (
          <DataTable caption={t("tableCaption")} testId="checkpoints-table" columns={[{ label: t("columnEntries") }, { label: t("columnRoot") }, { label: t("columnSealed") }, { label: t("columnPeriod") }]}>
            {checkpoints.map((c) => (
              <tr key={c.treeSize} className="border-t border-slate-200 align-top">
                <td className="px-3 py-2 tabular-nums">{f.count(c.treeSize)}</td>
                <td className="min-w-48 px-3 py-2 font-mono text-xs break-all">{c.root}</td>
                <td className="px-3 py-2 whitespace-nowrap">{f.dateTime(c.createdAt, community.timeZone)}</td>
                <td className="px-3 py-2 whitespace-nowrap">
                  {f.period(c.periodStart, c.periodEnd)}
                  {c.version > 1 ? ` ${t("correction", { version: c.version })}` : ""}
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </Card>

      {/* ANCHORS: external anchor receipts, per checkpoint (timestamp authority, chain transaction, signed feed). */}
      <AnchorReceipts community={community} rows={anchors} />
      <LogKey slug={community.slug} log={log} />

      {/* For experts: the command lines that check a resident's downloaded proofs offline (moved here from /me). */}
      <section id="experts" aria-labelledby="experts-heading" className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
        <h2 id="experts-heading" className="mb-4 text-lg font-semibold">
          {tp("expertsTitle")}
        </h2>
        <p className="text-sm text-slate-700">{tp("expertsText")}</p>
        <pre className="mt-2 overflow-x-auto rounded-md bg-slate-900 p-3 text-sm text-slate-50" tabIndex={0}>
          <code data-testid="proofs-command">npm run -s dajie -- proof verify &lt; dajie-proofs-PC_PSEUDONYM.jsonl</code>
        </pre>
        <pre className="mt-2 overflow-x-auto rounded-md bg-slate-900 p-3 text-sm text-slate-50" tabIndex={0}>
          <code data-testid="tlog-command">{tlogCommand}</code>
        </pre>
      </section>

      <Card title={t("checkTitle")}>
        <p className="text-sm text-slate-700">{t.rich("checkText", { code: (chunks) => <code className="font-mono">{chunks}</code> })}</p>
        {audience.public ? null : (
          <p className="mt-4 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-slate-800" data-testid="export-members-only">
            {t("membersOnly", { smallest: audience.smallestRun, k: audience.k })}
          </p>
        )}
        <p className="mt-4">
          <a href={`/c/${community.slug}/ledger/export`} download={file} className="inline-flex min-h-10 items-center rounded-md bg-credit px-4 py-2 text-sm font-medium text-white no-underline hover:bg-blue-800">
            {t("download", { file })}
          </a>
        </p>
        <p className="mt-4 text-sm text-slate-700">{t("thenVerify")}</p>
        <pre className="mt-2 whitespace-pre-wrap break-all rounded-md bg-slate-900 p-3 text-sm text-slate-50">
          <code>{`npm install\nnpm run -s dajie -- verify-export ${file}`}</code>
        </pre>
        <p className="mt-2 text-sm text-slate-700">{t("verifyText")}</p>
      </Card>
    </div>
  );
}
