// The data of the public pages (app/c/[slug]/**), bound to the app's database so that the server
// components hold no database client: each is one call of the public-community service.
// NOT_FOUND (an unknown address) is left to the page, which answers with its 404 page.
import { feedKeyFromEnv } from "@/server/anchors/sinks";
import { db } from "@/server/db/client";
import { publicAddress, publicCheckpointFeed, publicCheckpointsBySlug, publicLedgerPage } from "./public-community";
import { publicStatsCached } from "./public-stats";

/** The community page: its figures (cached a minute) and the ledger's checkpoints, newest first. */
export async function communityPageData(slug: string) {
  const stats = await publicStatsCached(db(), publicAddress(slug));
  return { ...stats, checkpoints: await publicCheckpointsBySlug(db(), stats.community.slug) };
}

export const ledgerPageData = (slug: string) => publicLedgerPage(db(), slug);
export const checkpointFeedPageData = (slug: string) => publicCheckpointFeed(db(), slug, feedKeyFromEnv().publicKey);
