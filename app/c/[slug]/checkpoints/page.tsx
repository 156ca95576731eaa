// The signed checkpoint feed, for people: the feed's public key, every checkpoint with its signature
// and the consistency proof from the one before, and how to check it. The same data as JSON at
// /c/<slug>/checkpoints.json, for mirrors and programs.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Card } from "@/app/_components/ui";
import { formatDateTime, shortHash } from "@/app/_lib/format";
import { buildCheckpointFeed } from "@/server/anchors/feed";
import { feedKeyFromEnv } from "@/server/anchors/sinks";
import { db } from "@/server/db/client";
import { publicSlug } from "@/server/transparency/schemas";

export const dynamic = "force-dynamic";

// Every user-visible string of this page, together, for translation.
const text = {
  metaTitle: (name: string) => `${name}: signed checkpoints`,
  crumbLedger: "ledger",
  crumbHere: "signed checkpoints",
  title: (name: string) => `Signed checkpoints of ${name}`,
  intro:
    "Every checkpoint of the ledger, signed by Dajie with the key below, with a proof that each one extends the one before without changing it. Anyone can copy this feed: if a later copy disagrees with an earlier one, the ledger was rewritten.",
  keyTitle: "Signing key",
  keyText: "Ed25519 public key (hex). Compare it with copies of this feed kept elsewhere.",
  feedTitle: "Checkpoints",
  empty: "No settlement period has been finalized yet: there is no checkpoint.",
  caption: "Signed checkpoints, newest first",
  colSize: "Entries (tree size)",
  colRoot: "Root (SHA-256)",
  colSealed: "Sealed",
  colSignature: "Signature",
  colConsistency: "Consistent with",
  notSigned: "not signed yet",
  first: "first checkpoint",
  consistency: (size: string, n: number) => `size ${Number(size).toLocaleString()} (${n === 1 ? "1 proof hash" : `${n} proof hashes`})`,
  machineTitle: "For programs and mirrors",
  machineText: "The same feed as JSON: statements, signatures and consistency proofs.",
  machineLink: "checkpoints.json",
  verifyText: "Check a copy with Dajie's source code (open source) and Node.js, no database needed:",
};

type Params = { params: Promise<{ slug: string }> };

async function load(slug: string) {
  const parsed = publicSlug.safeParse({ slug });
  const community = parsed.success ? await db().community.findUnique({ where: { slug: parsed.data.slug }, select: { id: true, slug: true, name: true, timeZone: true } }) : null;
  if (!community) notFound();
  return { community, feed: await buildCheckpointFeed(db(), { id: community.id, slug: community.slug, name: community.name }, feedKeyFromEnv().publicKey) };
}

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { community } = await load((await params).slug);
  return { title: text.metaTitle(community.name) };
}

export default async function CheckpointFeedPage({ params }: Params) {
  const { community, feed } = await load((await params).slug);
  const rows = [...feed.checkpoints].reverse();
  return (
    <div className="space-y-6">
      <header>
        <p className="text-sm">
          <Link href={`/c/${community.slug}`}>{community.name}</Link> / <Link href={`/c/${community.slug}/ledger`}>{text.crumbLedger}</Link> / {text.crumbHere}
        </p>
        <h1 className="mt-1 text-2xl font-semibold tracking-tight sm:text-3xl">{text.title(community.name)}</h1>
        <p className="mt-3 max-w-3xl text-slate-700">{text.intro}</p>
      </header>

      <Card title={text.keyTitle}>
        <p className="text-sm text-slate-700">{text.keyText}</p>
        <p className="mt-2 font-mono text-sm break-all" data-testid="feed-public-key">
          {feed.publicKey}
        </p>
      </Card>

      <Card title={text.feedTitle}>
        {rows.length === 0 ? (
          <p className="text-sm text-slate-600">{text.empty}</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm" data-testid="feed-table">
              <caption className="sr-only">{text.caption}</caption>
              <thead className="bg-slate-100 text-slate-700">
                <tr>
                  <th scope="col" className="px-3 py-2">{text.colSize}</th>
                  <th scope="col" className="px-3 py-2">{text.colRoot}</th>
                  <th scope="col" className="px-3 py-2">{text.colSealed}</th>
                  <th scope="col" className="px-3 py-2">{text.colSignature}</th>
                  <th scope="col" className="px-3 py-2">{text.colConsistency}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((c) => (
                  <tr key={c.treeSize} className="border-t border-slate-200 align-top">
                    <td className="px-3 py-2 tabular-nums">{Number(c.treeSize).toLocaleString()}</td>
                    <td className="min-w-48 px-3 py-2 font-mono text-xs break-all">{c.root}</td>
                    <td className="px-3 py-2 whitespace-nowrap">{formatDateTime(c.createdAt, undefined, community.timeZone)}</td>
                    <td className="px-3 py-2">
                      {c.signature ? (
                        <code className="font-mono text-xs" title={c.signature.signature}>
                          {shortHash(c.signature.signature, 16)}
                        </code>
                      ) : (
                        text.notSigned
                      )}
                    </td>
                    <td className="px-3 py-2">{c.consistency ? text.consistency(c.consistency.fromSize, c.consistency.proof.length) : text.first}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>

      <Card title={text.machineTitle}>
        <p className="text-sm text-slate-700">
          {text.machineText} <a href={`/c/${community.slug}/checkpoints.json`}>{text.machineLink}</a>
        </p>
        <p className="mt-4 text-sm text-slate-700">{text.verifyText}</p>
        <pre className="mt-2 rounded-md bg-slate-900 p-3 text-sm break-all whitespace-pre-wrap text-slate-50">
          <code>{`npm run -s dajie -- anchor verify-feed ${community.slug}-checkpoints.json --feed-key ${feed.publicKey}`}</code>
        </pre>
      </Card>
    </div>
  );
}
