// GET /me/tlog-proof?memberId=…&seq=…: one of the resident's ledger entries as a c2sp.org/tlog-proof
// download (.tlog-proof), to check offline with `npm run -s dajie -- proof verify-tlog`.
import { z } from "zod";
import { AppError, notFound } from "@/server/errors";
import { residentMember, withSession } from "@/server/http/route-edge";
import { fileName } from "@/server/residents/download-access";
import { myEntryTlogProof } from "@/server/residents/tlog-proof";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const entryNumber = z.string().regex(/^[1-9][0-9]{0,17}$/);

export const GET = withSession(residentMember, async ({ db, url, member }) => {
  const seq = entryNumber.safeParse(url.searchParams.get("seq"));
  if (!seq.success) throw new AppError("BAD_REQUEST", "seq must be an entry number.", [{ where: "seq", message: "An entry number (1, 2, …)." }]);
  const proof = await myEntryTlogProof(db, member, BigInt(seq.data));
  if (proof === null) throw notFound("Entry");
  return new Response(proof, {
    headers: { "Content-Type": "text/plain; charset=utf-8", "Content-Disposition": `attachment; filename="${fileName("dajie", member.pseudonym, "entry", seq.data)}.tlog-proof"` },
  });
});
