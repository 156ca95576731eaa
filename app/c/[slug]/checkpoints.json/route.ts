// GET /c/<slug>/checkpoints.json: the community's signed checkpoint feed (dajie-checkpoint-feed/1,
// server/anchors/feed-format.ts), for anyone to mirror and verify. Read-only, public (checkpoints
// and signatures only: no entry, no member).
import { buildCheckpointFeed } from "@/server/anchors/feed";
import { feedKeyFromEnv } from "@/server/anchors/sinks";
import { db } from "@/server/db/client";
import { publicSlug } from "@/server/transparency/schemas";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(_req: Request, { params }: { params: Promise<{ slug: string }> }) {
  const parsed = publicSlug.safeParse({ slug: (await params).slug });
  const community = parsed.success ? await db().community.findUnique({ where: { slug: parsed.data.slug }, select: { id: true, slug: true, name: true } }) : null;
  if (!community) return new Response("No community at this address.\n", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const feed = await buildCheckpointFeed(db(), community, feedKeyFromEnv().publicKey);
  return new Response(`${JSON.stringify(feed, null, 2)}\n`, {
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff", "Access-Control-Allow-Origin": "*" },
  });
}
