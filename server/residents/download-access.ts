// The session check of the resident's download routes, the same as residentProcedure + ownMember:
// a signed-in user, and a member id that is one of theirs. Anything else gets 401 or 404.
import { residentMemberIds } from "@/server/access/scope";
import { getSessionUser } from "@/server/auth/auth";
import { db } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { ownMember, type OwnMember } from "./own-member";

export const noStore = { "Cache-Control": "no-store" };
const json = (status: number, error: string) => Response.json({ error }, { status, headers: noStore });

export async function residentDownload(req: Request, memberId: string | null): Promise<OwnMember | Response> {
  const user = await getSessionUser(req.headers);
  if (!user) return json(401, "Please sign in.");
  if (!memberId) return json(404, "Member not found");
  try {
    return await ownMember(db(), await residentMemberIds(db(), user.id), memberId);
  } catch (err) {
    if (err instanceof AppError && err.code === "NOT_FOUND") return json(404, err.message);
    throw err;
  }
}

/** A file name safe for Content-Disposition: letters, digits, dot, dash. */
export const fileName = (...parts: string[]) => parts.join("-").replace(/[^A-Za-z0-9.-]/g, "_");
