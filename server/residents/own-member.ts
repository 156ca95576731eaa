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
  // One raw query: every resident call runs this, and a Prisma query with a relation costs ~1 ms of CPU.
  const [m] = await db.$queryRaw<{ id: string; pseudonym: string; reference: string; kind: string; community_id: string; name: string; slug: string; time_zone: string }[]>`
    SELECT m.id::text AS id, m.pseudonym, m.reference, m.kind::text AS kind, c.id::text AS community_id, c.name, c.slug, c.time_zone
    FROM member m JOIN community c ON c.id = m.community_id WHERE m.id = ${memberId}::uuid`;
  if (!m) throw notFound("Member");
  return { id: m.id, pseudonym: m.pseudonym, reference: m.reference, kind: m.kind, communityId: m.community_id, community: { id: m.community_id, name: m.name, slug: m.slug, timeZone: m.time_zone } };
}
