// Loads the public pages' data (server/transparency/public-pages.ts) once per request; an unknown
// address is this folder's 404 page.
import { notFound } from "next/navigation";
import { cache } from "react";
import { AppError } from "@/server/errors";
import { joinPageData } from "@/server/join/join-pages";
import { checkpointFeedPageData, communityPageData, ledgerPageData } from "@/server/transparency/public-pages";

async function orNotFound<T>(data: Promise<T>): Promise<T> {
  try {
    return await data;
  } catch (e) {
    if (e instanceof AppError && e.code === "NOT_FOUND") notFound();
    throw e;
  }
}

export const loadCommunityPage = cache((slug: string) => orNotFound(communityPageData(slug)));
export const loadLedgerPage = cache((slug: string) => orNotFound(ledgerPageData(slug)));
export const loadCheckpointFeed = cache((slug: string) => orNotFound(checkpointFeedPageData(slug)));
export const loadJoinPage = cache((slug: string) => orNotFound(joinPageData(slug)));
