// GET /c/<slug>/ledger/export: the community's public ledger export as JSON lines (read-only).
// Entries carry pseudonymous accounts only; format in server/ledger/export-format.ts. When a run has
// fewer members than the community's privacy threshold, members and staff only (export-access.ts).
import { withPublic } from "@/server/http/route-edge";
import { publicLedgerExport } from "@/server/transparency/public-community";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withPublic(async ({ db, params, sessionUser }) => {
  const { community, lines } = await publicLedgerExport(db, String(params.slug), async () => (await sessionUser())?.id ?? null);
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await lines.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await lines.return(undefined);
    },
  });
  return new Response(body, {
    headers: {
      "Content-Type": "application/x-ndjson; charset=utf-8",
      "Content-Disposition": `attachment; filename="${community.slug}-ledger.jsonl"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
});
