// GET /c/<slug>/csv?table=energy|credits|members[&view=day|month|year&month=YYYY-MM]: a table of the
// public page as CSV, the same rows the page shows (server/transparency/public-csv.ts); hidden figures
// stay hidden. No sign-in; an unknown address is 404, an unknown table 400.
import { withPublic } from "@/server/http/route-edge";
import { publicAddress } from "@/server/transparency/public-community";
import { parseCsvQuery, publicCsv } from "@/server/transparency/public-csv";
import { publicStatsCached } from "@/server/transparency/public-stats";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withPublic(async ({ db, params, url }) => {
  const query = parseCsvQuery(url);
  const { community, figures } = await publicStatsCached(db, publicAddress(String(params.slug)));
  const { fileName, csv } = publicCsv(community.slug, figures, query);
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${fileName}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
});
