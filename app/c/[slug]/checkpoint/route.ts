// GET /c/<slug>/checkpoint: the community ledger's latest checkpoint as a C2SP signed note with every
// cosignature collected (docs/witnessing.md). Public, read-only.
import { handleCheckpoint } from "@/server/witness/http";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(_req: Request, { params }: { params: Promise<{ slug: string }> }) {
  return handleCheckpoint((await params).slug);
}
