// GET /c/<slug>/checkpoints.json: the community's signed checkpoint feed (dajie-checkpoint-feed/1,
// server/anchors/feed-format.ts), for anyone to mirror and verify. Read-only, public (checkpoints
// and signatures only: no entry, no member).
import { feedKeyFromEnv } from "@/server/anchors/sinks";
import { withPublic } from "@/server/http/route-edge";
import { publicCheckpointFeed } from "@/server/transparency/public-community";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withPublic(async ({ db, params }) => {
  const { feed } = await publicCheckpointFeed(db, String(params.slug), feedKeyFromEnv().publicKey);
  return new Response(`${JSON.stringify(feed, null, 2)}\n`, {
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff", "Access-Control-Allow-Origin": "*" },
  });
});
