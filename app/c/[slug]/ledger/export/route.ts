// GET /c/<slug>/ledger/export: the community's public ledger export as JSON lines (read-only).
// Entries carry pseudonymous accounts only; format in server/ledger/export-format.ts.
import { db } from "@/server/db/client";
import { exportLedgerLines } from "@/server/ledger/export-ledger";
import { publicSlug } from "@/server/transparency/schemas";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(_req: Request, { params }: { params: Promise<{ slug: string }> }) {
  const parsed = publicSlug.safeParse({ slug: (await params).slug });
  const community = parsed.success ? await db().community.findUnique({ where: { slug: parsed.data.slug }, select: { id: true, slug: true, name: true } }) : null;
  if (!community) return new Response("No community at this address.\n", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const lines = exportLedgerLines(db(), community);
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
}
