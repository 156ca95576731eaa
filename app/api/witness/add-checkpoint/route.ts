// POST /api/witness/add-checkpoint: Dajie as a tlog witness (c2sp.org/tlog-witness@v1.0.0, docs/witnessing.md).
// No session: the log's signature on the checkpoint is the only authentication the protocol has. The
// protocol's own answers are plain text (server/witness/http.ts); the edge maps only the unexpected.
import { withPublic } from "@/server/http/route-edge";
import { handleAddCheckpoint } from "@/server/witness/http";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = withPublic(({ req }) => handleAddCheckpoint(req));
