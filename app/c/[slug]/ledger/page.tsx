// The ledger's public face: checkpoints (tree size, root, time), the export to download, and how to
// check it without trusting this server.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Card } from "@/app/_components/ui";
import { formatDateTime, formatPeriod } from "@/app/_lib/format";
import { db } from "@/server/db/client";
import { publicCheckpoints } from "@/server/ledger/export-ledger";
import { publicSlug } from "@/server/transparency/schemas";
import { AnchorReceipts } from "./anchor-receipts";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ slug: string }> };

async function load(slug: string) {
  const parsed = publicSlug.safeParse({ slug });
  const community = parsed.success ? await db().community.findUnique({ where: { slug: parsed.data.slug }, select: { id: true, slug: true, name: true, timeZone: true } }) : null;
  if (!community) notFound();
  return { community, checkpoints: await publicCheckpoints(db(), community.id) };
}

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { community } = await load((await params).slug);
  return { title: `${community.name}: ledger` };
}

export default async function PublicLedgerPage({ params }: Params) {
  const { community, checkpoints } = await load((await params).slug);
  const file = `${community.slug}-ledger.jsonl`;
  return (
    <div className="space-y-6">
      <header>
        <p className="text-sm">
          <Link href={`/c/${community.slug}`}>{community.name}</Link> / ledger
        </p>
        <h1 className="mt-1 text-2xl font-semibold tracking-tight sm:text-3xl">The ledger of {community.name}</h1>
        <p className="mt-3 max-w-3xl text-slate-700">
          Every settled period writes its credits into an append-only ledger. Each entry is fingerprinted (SHA-256) and linked to the one before it, and each
          settlement seals the whole ledger so far in a checkpoint: its size and a Merkle root, a fingerprint of all entries. Change any entry and the fingerprints
          no longer match.
        </p>
      </header>

      <Card title="Checkpoints">
        {checkpoints.length === 0 ? (
          <p className="text-sm text-slate-600">No settlement period has been finalized yet: there is no checkpoint.</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm" data-testid="checkpoints-table">
              <caption className="sr-only">Checkpoints, newest first</caption>
              <thead className="bg-slate-100 text-slate-700">
                <tr>
                  <th scope="col" className="px-3 py-2">Entries (tree size)</th>
                  <th scope="col" className="px-3 py-2">Root (SHA-256)</th>
                  <th scope="col" className="px-3 py-2">Sealed</th>
                  <th scope="col" className="px-3 py-2">Settlement period</th>
                </tr>
              </thead>
              <tbody>
                {checkpoints.map((c) => (
                  <tr key={c.treeSize} className="border-t border-slate-200 align-top">
                    <td className="px-3 py-2 tabular-nums">{Number(c.treeSize).toLocaleString()}</td>
                    <td className="min-w-48 px-3 py-2 font-mono text-xs break-all">{c.root}</td>
                    <td className="px-3 py-2 whitespace-nowrap">{formatDateTime(c.createdAt, undefined, community.timeZone)}</td>
                    <td className="px-3 py-2 whitespace-nowrap">
                      {formatPeriod(c.periodStart, c.periodEnd)}
                      {c.version > 1 ? ` (correction, version ${c.version})` : ""}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>

      {/* ANCHORS: external anchor receipts, per checkpoint (timestamp authority, chain transaction, signed feed). */}
      <AnchorReceipts community={community} />

      <Card title="Check it yourself">
        <p className="text-sm text-slate-700">
          The export holds every entry with its fingerprints, every run and every checkpoint. Members appear only under their pseudonymous ids (such as{" "}
          <code className="font-mono">PC:M-7Q2K9D…</code>), never by name.
        </p>
        <p className="mt-4">
          <a href={`/c/${community.slug}/ledger/export`} download={file} className="inline-flex min-h-10 items-center rounded-md bg-credit px-4 py-2 text-sm font-medium text-white no-underline hover:bg-blue-800">
            Download the ledger export ({file})
          </a>
        </p>
        <p className="mt-4 text-sm text-slate-700">Then, with Dajie&apos;s source code (open source) and Node.js, verify it — no database, no network needed:</p>
        <pre className="mt-2 overflow-x-auto rounded-md bg-slate-900 p-3 text-sm text-slate-50">
          <code>{`npm install\nnpm run -s dajie -- verify-export ${file}`}</code>
        </pre>
        <p className="mt-2 text-sm text-slate-700">
          It recomputes every entry&apos;s fingerprint, the chain, each period&apos;s balance and every checkpoint root from the file alone, names the first entry
          that does not match, and prints the latest root: compare it with the table above and, once they exist, with the anchors.
        </p>
      </Card>
    </div>
  );
}
