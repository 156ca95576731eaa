// Who the signed-in user is and where they may go: the header's links (server-rendered) and
// `me.whoami` (the console home) read the same answer.
import type { SessionUser } from "@/server/auth/auth";
import type { Tx } from "@/server/db/client";
import { myOrganizations } from "@/server/organizations/organizations";
import { isPlatformAdmin, isResident } from "./scope";

export async function whoAmI(db: Tx, user: SessionUser) {
  const [platformAdmin, organizations, residentOf] = await Promise.all([isPlatformAdmin(db, user.id), myOrganizations(db, user.id), isResident(db, user.id)]);
  return { user, platformAdmin, organizations, residentOf };
}

export type WhoAmI = Awaited<ReturnType<typeof whoAmI>>;
