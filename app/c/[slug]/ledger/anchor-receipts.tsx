// The ledger page's "Anchors outside Dajie" section: per checkpoint, the receipt from each anchor
// sink (timestamp authority, EVM chain, signed feed) or its state while it waits. Async server
// component: it loads its own rows, so the page only places it.
import Link from "next/link";
import { Card } from "@/app/_components/ui";
import { formatDateTime, shortHash } from "@/app/_lib/format";
import { anchorStatuses } from "@/server/anchors/anchors";
import type { AnchorReceipt, SinkName } from "@/server/anchors/receipts";
import { db } from "@/server/db/client";

// Every user-visible string of this component, together, for translation.
const text = {
  title: "Anchors outside Dajie",
  intro:
    "Each checkpoint is also published outside this server, so that not even the operator can rewrite the ledger unnoticed: signed in a public feed that anyone can copy, and, where configured, stamped by a timestamp authority and written into a public blockchain.",
  none: "No checkpoint has been anchored yet.",
  feedLink: "The signed checkpoint feed",
  feedLinkAfter: " lists every checkpoint with its signature and the proof that each extends the one before.",
  caption: "Anchor receipts per checkpoint, newest first",
  colCheckpoint: "Checkpoint (tree size)",
  colWhere: "Published in",
  colState: "State",
  colReceipt: "Receipt",
  sink: { tsa: "Timestamp authority (RFC 3161)", evm: "Blockchain transaction", feed: "Signed feed (Ed25519)" } satisfies Record<SinkName, string>,
  state: { ANCHORED: "Anchored", PENDING: "Waiting", FAILED: "Retrying" } as Record<string, string>,
  attempts: (n: number) => (n === 1 ? "1 attempt so far" : `${n} attempts so far`),
  tsaReceipt: (time: string, serial: string) => `Token of ${time}, serial ${serial}`,
  evmReceipt: (chain: number, block: string) => `Chain ${chain}, block ${block}, transaction `,
  feedReceipt: "Signature ",
  keyTitle: "Signed by the key",
  checkIt: "Check every receipt yourself:",
};

export interface AnchorRow {
  treeSize: string;
  sink: SinkName;
  status: "PENDING" | "ANCHORED" | "FAILED";
  attempts: number;
  anchoredAt: string | null;
  receipt: AnchorReceipt | null;
}

function Receipt({ receipt, timeZone }: { receipt: AnchorReceipt; timeZone: string }) {
  switch (receipt.sink) {
    case "tsa":
      return <>{text.tsaReceipt(formatDateTime(receipt.genTime, undefined, timeZone), receipt.serial)}</>;
    case "evm":
      return (
        <>
          {text.evmReceipt(receipt.chainId, receipt.blockNumber)}
          <code className="font-mono text-xs break-all" title={`0x${receipt.txHash}`}>
            0x{shortHash(receipt.txHash, 16)}
          </code>
        </>
      );
    case "feed":
      return (
        <>
          {text.feedReceipt}
          <code className="font-mono text-xs break-all" title={`${text.keyTitle} ${receipt.publicKey}`}>
            {shortHash(receipt.signature, 16)}
          </code>
        </>
      );
  }
}

export async function AnchorReceipts({ community }: { community: { id: string; slug: string; timeZone: string } }) {
  const rows: AnchorRow[] = await anchorStatuses(db(), community.id);
  const { slug, timeZone } = community;
  return (
    <Card title={text.title}>
      <p className="text-sm text-slate-700">{text.intro}</p>
      <p className="mt-2 text-sm text-slate-700">
        <Link href={`/c/${slug}/checkpoints`}>{text.feedLink}</Link>
        {text.feedLinkAfter}
      </p>
      {rows.length === 0 ? (
        <p className="mt-4 text-sm text-slate-600" data-testid="anchors">
          {text.none}
        </p>
      ) : (
        <div className="mt-4 overflow-x-auto">
          <table className="w-full text-left text-sm" data-testid="anchors">
            <caption className="sr-only">{text.caption}</caption>
            <thead className="bg-slate-100 text-slate-700">
              <tr>
                <th scope="col" className="px-3 py-2">{text.colCheckpoint}</th>
                <th scope="col" className="px-3 py-2">{text.colWhere}</th>
                <th scope="col" className="px-3 py-2">{text.colState}</th>
                <th scope="col" className="px-3 py-2">{text.colReceipt}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={`${r.treeSize}-${r.sink}`} className="border-t border-slate-200 align-top" data-testid={`anchor-${r.sink}`}>
                  <td className="px-3 py-2 tabular-nums">{Number(r.treeSize).toLocaleString()}</td>
                  <td className="px-3 py-2">{text.sink[r.sink]}</td>
                  <td className="px-3 py-2 whitespace-nowrap">
                    {text.state[r.status]}
                    {r.anchoredAt ? <span className="block text-xs text-slate-600">{formatDateTime(r.anchoredAt, undefined, timeZone)}</span> : null}
                    {r.status !== "ANCHORED" && r.attempts > 0 ? <span className="block text-xs text-slate-600">{text.attempts(r.attempts)}</span> : null}
                  </td>
                  <td className="px-3 py-2">{r.receipt ? <Receipt receipt={r.receipt} timeZone={timeZone} /> : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="mt-4 text-sm text-slate-700">{text.checkIt}</p>
      <pre className="mt-2 rounded-md bg-slate-900 p-3 text-sm break-all whitespace-pre-wrap text-slate-50">
        <code>{`npm run -s dajie -- anchor verify --file ${slug}-ledger.jsonl`}</code>
      </pre>
    </Card>
  );
}
