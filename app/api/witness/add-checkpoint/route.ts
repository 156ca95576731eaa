// POST /api/witness/add-checkpoint: Dajie as a tlog witness (c2sp.org/tlog-witness@v1.0.0, docs/witnessing.md).
// No session: the log's signature on the checkpoint is the only authentication the protocol has.
import { handleAddCheckpoint } from "@/server/witness/http";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export function POST(req: Request) {
  return handleAddCheckpoint(req);
}
