// The ledger page's "Anchors outside Dajie" section: per checkpoint, the receipt from each anchor
// sink (timestamp authority, EVM chain, signed feed) or its state while it waits. Async server
// component; its rows come with the page's data (server/transparency/public-community.ts).
import Link from "next/link";
import { Card, DataTable } from "@/app/_components/ui";
import { getLocale, getTranslations } from "next-intl/server";
import { formatterFor, shortHash } from "@/app/_lib/format";
import type { AnchorReceipt, SinkName } from "@/server/anchors/receipts";

export interface AnchorRow {
  treeSize: string;
  sink: SinkName;
  status: "PENDING" | "ANCHORED" | "FAILED";
  attempts: number;
  anchoredAt: string | null;
  receipt: AnchorReceipt | null;
}

type T = Awaited<ReturnType<typeof getTranslations<"anchors">>>;
type F = ReturnType<typeof formatterFor>;

function Receipt({ receipt, timeZone, t, f }: { receipt: AnchorReceipt; timeZone: string; t: T; f: F }) {
  switch (receipt.sink) {
    case "tsa":
      return <>{t("tsaReceipt", { time: f.dateTime(receipt.genTime, timeZone), serial: receipt.serial })}</>;
    case "evm":
      return (
        <>
          {t("evmReceipt", { chain: String(receipt.chainId), block: receipt.blockNumber })}
          <code className="font-mono text-xs break-all" title={`0x${receipt.txHash}`}>
            0x{shortHash(receipt.txHash, 16)}
          </code>
        </>
      );
    case "feed":
      return (
        <>
          {t("feedReceipt")}
          <code className="font-mono text-xs break-all" title={`${t("keyTitle")} ${receipt.publicKey}`}>
            {shortHash(receipt.signature, 16)}
          </code>
        </>
      );
  }
}

export async function AnchorReceipts({ community, rows }: { community: { slug: string; timeZone: string }; rows: AnchorRow[] }) {
  const { slug, timeZone } = community;
  const t = await getTranslations("anchors");
  const f = formatterFor(await getLocale());
  const sinkName = (sink: SinkName) => t(`sink.${sink}`);
  return (
    <Card title={t("title")}>
      <p className="text-sm text-slate-700">{t("intro")}</p>
      <p className="mt-2 text-sm text-slate-700">
        <Link href={`/c/${slug}/checkpoints`}>{t("feedLink")}</Link>
        {t("feedLinkAfter")}
      </p>
      {rows.length === 0 ? (
        <p className="mt-4 text-sm text-slate-600" data-testid="anchors">
          {t("none")}
        </p>
      ) : (
        <DataTable className="mt-4" caption={t("caption")} testId="anchors" columns={[{ label: t("colCheckpoint") }, { label: t("colWhere") }, { label: t("colState") }, { label: t("colReceipt") }]}>
          {rows.map((r) => (
            <tr key={`${r.treeSize}-${r.sink}`} className="border-t border-slate-200 align-top" data-testid={`anchor-${r.sink}`}>
              <td className="px-3 py-2 tabular-nums">{f.count(r.treeSize)}</td>
              <td className="px-3 py-2">{sinkName(r.sink)}</td>
              <td className="px-3 py-2 whitespace-nowrap">
                {t(`state.${r.status}`)}
                {r.anchoredAt ? <span className="block text-xs text-slate-600">{f.dateTime(r.anchoredAt, timeZone)}</span> : null}
                {r.status !== "ANCHORED" && r.attempts > 0 ? <span className="block text-xs text-slate-600">{t("attempts", { n: r.attempts })}</span> : null}
              </td>
              <td className="px-3 py-2">{r.receipt ? <Receipt receipt={r.receipt} timeZone={timeZone} t={t} f={f} /> : "—"}</td>
            </tr>
          ))}
        </DataTable>
      )}
      <p className="mt-4 text-sm text-slate-700">{t("checkIt")}</p>
      <pre className="mt-2 rounded-md bg-slate-900 p-3 text-sm break-all whitespace-pre-wrap text-slate-50">
        <code>{`npm run -s dajie -- anchor verify --file ${slug}-ledger.jsonl`}</code>
      </pre>
    </Card>
  );
}
