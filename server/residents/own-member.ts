// The one door to a resident's data: a member id is accepted only if it is one of the caller's own.
import type { Tx } from "@/server/db/client";
import { notFound } from "@/server/errors";

export interface OwnMember {
  id: string;
  pseudonym: string;
  reference: string;
  kind: string;
  communityId: string;
  community: { id: string; name: string; slug: string; timeZone: string };
}

/** `memberId` if it is among the caller's `memberIds` (from residentProcedure); NOT_FOUND otherwise. */
export async function ownMember(db: Tx, memberIds: readonly string[], memberId: string): Promise<OwnMember> {
  if (!memberIds.includes(memberId)) throw notFound("Member");
  const m = await db.member.findUnique({
    where: { id: memberId },
    select: { id: true, pseudonym: true, reference: true, kind: true, communityId: true, community: { select: { id: true, name: true, slug: true, timeZone: true } } },
  });
  if (!m) throw notFound("Member");
  return m;
}
