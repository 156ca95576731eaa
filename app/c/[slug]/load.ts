// Loads a community's public figures for the server-rendered pages; an unknown address is a 404.
import { notFound } from "next/navigation";
import { cache } from "react";
import { db } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { publicStatsCached } from "@/server/transparency/public-stats";
import { publicSlug } from "@/server/transparency/schemas";

export const loadPublicStats = cache(async (slug: string) => {
  const parsed = publicSlug.safeParse({ slug });
  if (!parsed.success) notFound();
  try {
    return await publicStatsCached(db(), parsed.data.slug);
  } catch (e) {
    if (e instanceof AppError && e.code === "NOT_FOUND") notFound();
    throw e;
  }
});
