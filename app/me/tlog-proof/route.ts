// GET /me/tlog-proof?memberId=…&seq=…: one of the resident's ledger entries as a c2sp.org/tlog-proof
// download (.tlog-proof), to check offline with `npm run -s dajie -- proof verify-tlog`.
import { z } from "zod";
import { db } from "@/server/db/client";
import { fileName, noStore, residentDownload } from "@/server/residents/download-access";
import { myEntryTlogProof } from "@/server/residents/tlog-proof";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const query = z.object({ memberId: z.uuid(), seq: z.string().regex(/^[1-9][0-9]{0,17}$/) });

export async function GET(req: Request) {
  const parsed = query.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  const member = await residentDownload(req, parsed.success ? parsed.data.memberId : null);
  if (member instanceof Response) return member;
  if (!parsed.success) return Response.json({ error: "seq must be an entry number." }, { status: 400, headers: noStore });
  const proof = await myEntryTlogProof(db(), member, BigInt(parsed.data.seq));
  if (proof === null) return Response.json({ error: "No such entry of yours under a checkpoint." }, { status: 404, headers: noStore });
  return new Response(proof, {
    headers: { ...noStore, "Content-Type": "text/plain; charset=utf-8", "Content-Disposition": `attachment; filename="${fileName("dajie", member.pseudonym, "entry", parsed.data.seq)}.tlog-proof"` },
  });
}
