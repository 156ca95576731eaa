// Invitations for many members at once (the console's "Invite selected"): each member is checked on
// its own and either invited — through inviteResident, so each invitation is audited and mailed as a
// single one is — or skipped with the reason. One member's problem never stops the others.
import { z } from "zod";
import type { CommunityScope } from "@/server/access/scope";
import type { Actor } from "@/server/audit/audit";
import type { Db } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { inviteResident } from "./invitations";

export const MAX_BULK_INVITATIONS = 500;
export const bulkInviteInput = z.object({ memberIds: z.array(z.uuid()).min(1, "Select at least one member.").max(MAX_BULK_INVITATIONS) });

export type BulkInviteOutcome =
  | { memberId: string; reference: string; status: "sent"; email: string; invitationId: string }
  /** Issued, but the e-mail could not be sent: the link is shown once, to pass on another way. */
  | { memberId: string; reference: string; status: "link"; email: string; invitationId: string; link: string }
  | { memberId: string; reference: string; status: "skipped"; reason: string };

export async function bulkInvite(db: Db, actor: Actor, scope: CommunityScope, memberIds: string[], today = new Date()): Promise<BulkInviteOutcome[]> {
  const ids = [...new Set(memberIds)];
  const members = await db.member.findMany({ where: { communityId: scope.communityId, id: { in: ids } }, include: { personal: { select: { email: true } } } });
  const byId = new Map(members.map((m) => [m.id, m]));
  const outcomes: BulkInviteOutcome[] = [];
  // In order, one at a time: each invitation is its own transaction and mail, as when sent singly.
  for (const id of ids) {
    const m = byId.get(id);
    const skip = (reference: string, reason: string) => outcomes.push({ memberId: id, reference, status: "skipped", reason });
    if (!m) skip("", "not a member of this community");
    else if (m.userId) skip(m.reference, "already has an account");
    else if (m.leftOn && m.leftOn <= today) skip(m.reference, "membership has ended");
    else if (!m.personal?.email) skip(m.reference, "no e-mail address");
    else {
      try {
        const inv = await inviteResident(db, actor, scope, m.id, m.personal.email);
        outcomes.push(inv.emailed ? { memberId: id, reference: m.reference, status: "sent", email: inv.email, invitationId: inv.id } : { memberId: id, reference: m.reference, status: "link", email: inv.email, invitationId: inv.id, link: inv.link });
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        skip(m.reference, err.message);
      }
    }
  }
  return outcomes;
}
