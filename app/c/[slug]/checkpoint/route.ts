// GET /c/<slug>/checkpoint: the community ledger's latest checkpoint as a C2SP signed note with every
// cosignature collected (docs/witnessing.md). Public, read-only.
import { withPublic } from "@/server/http/route-edge";
import { handleCheckpoint } from "@/server/witness/http";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withPublic(({ db, params }) => handleCheckpoint(db, String(params.slug)));
