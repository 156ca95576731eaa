// The signed checkpoint feed, for people: the feed's public key, every checkpoint with its signature
// and the consistency proof from the one before, and how to check it. The same data as JSON at
// /c/<slug>/checkpoints.json, for mirrors and programs.
import type { Metadata } from "next";
import Link from "next/link";
import { Card, DataTable } from "@/app/_components/ui";
import { getLocale, getTranslations } from "next-intl/server";
import { formatterFor, shortHash } from "@/app/_lib/format";
import { loadCheckpointFeed } from "../load";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { community } = await loadCheckpointFeed((await params).slug);
  return { title: (await getTranslations("checkpointsPage"))("metaTitle", { community: community.name }) };
}

export default async function CheckpointFeedPage({ params }: Params) {
  const { community, feed } = await loadCheckpointFeed((await params).slug);
  const rows = [...feed.checkpoints].reverse();
  const t = await getTranslations("checkpointsPage");
  const f = formatterFor(await getLocale());
  return (
    <div className="space-y-6">
      <header>
        <p className="text-sm">
          <Link href={`/c/${community.slug}`}>{community.name}</Link> / <Link href={`/c/${community.slug}/ledger`}>{t("crumbLedger")}</Link> / {t("crumbHere")}
        </p>
        <h1 className="mt-1 text-2xl font-semibold tracking-tight sm:text-3xl">{t("title", { community: community.name })}</h1>
        <p className="mt-3 max-w-3xl text-slate-700">{t("intro")}</p>
      </header>

      <Card title={t("keyTitle")}>
        <p className="text-sm text-slate-700">{t("keyText")}</p>
        <p className="mt-2 font-mono text-sm break-all" data-testid="feed-public-key">
          {feed.publicKey}
        </p>
      </Card>

      <Card title={t("feedTitle")}>
        {rows.length === 0 ? (
          <p className="text-sm text-slate-600">{t("empty")}</p>
        ) : (
          <DataTable caption={t("caption")} testId="feed-table" columns={[{ label: t("colSize") }, { label: t("colRoot") }, { label: t("colSealed") }, { label: t("colSignature") }, { label: t("colConsistency") }]}>
            {rows.map((c) => (
              <tr key={c.treeSize} className="border-t border-slate-200 align-top">
                <td className="px-3 py-2 tabular-nums">{f.count(c.treeSize)}</td>
                <td className="min-w-48 px-3 py-2 font-mono text-xs break-all">{c.root}</td>
                <td className="px-3 py-2 whitespace-nowrap">{f.dateTime(c.createdAt, community.timeZone)}</td>
                <td className="px-3 py-2">
                  {c.signature ? (
                    <code className="font-mono text-xs" title={c.signature.signature}>
                      {shortHash(c.signature.signature, 16)}
                    </code>
                  ) : (
                    t("notSigned")
                  )}
                </td>
                <td className="px-3 py-2">{c.consistency ? t("consistency", { size: f.count(c.consistency.fromSize), n: c.consistency.proof.length }) : t("first")}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </Card>

      <Card title={t("machineTitle")}>
        <p className="text-sm text-slate-700">
          {t("machineText")} <a href={`/c/${community.slug}/checkpoints.json`}>checkpoints.json</a>
        </p>
        <p className="mt-4 text-sm text-slate-700">{t("verifyText")}</p>
        <pre className="mt-2 rounded-md bg-slate-900 p-3 text-sm break-all whitespace-pre-wrap text-slate-50">
          <code>{`npm run -s dajie -- anchor verify-feed ${community.slug}-checkpoints.json --feed-key ${feed.publicKey}`}</code>
        </pre>
      </Card>
    </div>
  );
}
