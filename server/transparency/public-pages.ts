// The data of the public pages (app/c/[slug]/**), bound to the app's database so that the server
// components hold no database client: each is one call of the public-community service.
// NOT_FOUND (an unknown address) is left to the page, which answers with its 404 page.
import { feedKeyFromEnv } from "@/server/anchors/sinks";
import { db } from "@/server/db/client";
import { publicAddress, publicCheckpointFeed, publicCheckpointsBySlug, publicCommunityList, publicLedgerPage } from "./public-community";
import { communityLogFromEnv } from "@/server/witness/http";
import { listCommunityWitnesses } from "@/server/witness/log-witnesses";
import { publicStatsCached } from "./public-stats";
import type { PublicCommunityRef } from "./public-community";

/** The community page: its figures (cached a minute) and the ledger's checkpoints, newest first. */
export async function communityPageData(slug: string) {
  const stats = await publicStatsCached(db(), publicAddress(slug));
  return { ...stats, checkpoints: await publicCheckpointsBySlug(db(), stats.community.slug) };
}

/** The ledger page: checkpoints, anchors, the export's audience, and the community's transparency log. */
export async function ledgerPageData(slug: string) {
  const page = await publicLedgerPage(db(), slug);
  return { ...page, log: await ledgerLogData(page.community) };
}

/** The log's origin and verifier key, its witnesses with what each last cosigned, and the quorum. */
async function ledgerLogData(community: PublicCommunityRef) {
  const { name, vkey } = await communityLogFromEnv(community);
  return { origin: name, vkey, ...(await listCommunityWitnesses(db(), community.id)) };
}
export const checkpointFeedPageData = (slug: string) => publicCheckpointFeed(db(), slug, feedKeyFromEnv().publicKey);

/** The landing page's list of communities with a public page. */
export const communityListData = () => publicCommunityList(db());
