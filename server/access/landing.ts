import { db } from "@/server/db/client";

/** The first page that makes sense for this user, or null when they have no access anywhere. */
export async function landingPathFor(userId: string): Promise<string | null> {
  const [orgs, members, user] = await Promise.all([
    db().orgMembership.count({ where: { userId } }),
    db().member.count({ where: { userId } }),
    db().user.findUnique({ where: { id: userId }, select: { platformAdmin: true } }),
  ]);
  if (orgs > 0) return "/console";
  if (members > 0) return "/me";
  if (user?.platformAdmin) return "/console/admin";
  return null;
}
