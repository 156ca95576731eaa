// GET /c/<slug>/ledger/export: the community's public ledger export as JSON lines (read-only).
// Entries carry pseudonymous accounts only; format in server/ledger/export-format.ts. When a run has
// fewer members than the community's privacy threshold, members and staff only (export-access.ts).
import { getSessionUser } from "@/server/auth/auth";
import { db } from "@/server/db/client";
import { ledgerExportAudience, mayReadMembersOnlyExport } from "@/server/ledger/export-access";
import { exportLedgerLines } from "@/server/ledger/export-ledger";
import { publicSlug } from "@/server/transparency/schemas";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(req: Request, { params }: { params: Promise<{ slug: string }> }) {
  const parsed = publicSlug.safeParse({ slug: (await params).slug });
  const community = parsed.success ? await db().community.findUnique({ where: { slug: parsed.data.slug }, select: { id: true, slug: true, name: true, privacyThreshold: true } }) : null;
  const text = (status: number, message: string) => new Response(`${message}\n`, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
  if (!community) return text(404, "No community at this address.");
  const audience = await ledgerExportAudience(db(), community);
  if (!audience.public) {
    const user = await getSessionUser(req.headers);
    if (!user || !(await mayReadMembersOnlyExport(db(), user.id, community.id))) {
      return text(
        user ? 403 : 401,
        `The ledger export of ${community.name} is for its members only: a settlement run has ${audience.smallestRun} members, fewer than the ${audience.k} needed to publish per-member figures. Sign in as a member to download it. The checkpoints (/c/${community.slug}/checkpoints) stay public.`,
      );
    }
  }
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
