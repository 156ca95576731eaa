// Who the signed-in user is and where they may go: the header's links (server-rendered on every page a
// signed-in user loads) and `me.whoami` (the console home) read the same answer — in one query, since
// the header pays for it on every page.
import type { SessionUser } from "@/server/auth/auth";
import type { OrgKind, OrgRole } from "@/generated/prisma/client";
import type { Tx } from "@/server/db/client";

export interface WhoAmI {
  user: SessionUser;
  platformAdmin: boolean;
  /** The user's organizations by name, with their role in each. */
  organizations: { id: string; name: string; kind: OrgKind; role: OrgRole }[];
  /** Whether the user is the resident of at least one member. */
  residentOf: boolean;
}

export async function whoAmI(db: Tx, user: SessionUser): Promise<WhoAmI> {
  const [row] = await db.$queryRaw<{ platform_admin: boolean; resident_of: boolean; organizations: WhoAmI["organizations"] }[]>`
    SELECT coalesce((SELECT "platformAdmin" FROM "user" WHERE id = ${user.id}), false) AS platform_admin,
           EXISTS (SELECT 1 FROM member WHERE user_id = ${user.id}) AS resident_of,
           coalesce((SELECT json_agg(json_build_object('id', o.id, 'name', o.name, 'kind', o.kind, 'role', m.role) ORDER BY o.name)
                     FROM org_membership m JOIN organization o ON o.id = m.org_id WHERE m.user_id = ${user.id}), '[]'::json) AS organizations`;
  return { user, platformAdmin: row!.platform_admin, organizations: row!.organizations, residentOf: row!.resident_of };
}
