// Session checks for server components and layouts (pages that need a signed-in user).
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { whoAmI, type WhoAmI } from "@/server/access/who-am-i";
import { db } from "@/server/db/client";
import { getSessionUser, type SessionUser } from "./auth";
import { hasSessionCookie } from "./session-cookie";

/** Once per request: the header and a page's layout both ask. */
export const currentUser = cache(async (): Promise<SessionUser | null> => {
  const h = await headers();
  // Without the cookie there is no session to look up: anonymous requests never reach the database here.
  return hasSessionCookie(h) ? getSessionUser(h) : null;
});

/** The signed-in user, or a redirect to the sign-in page that comes back to `returnTo`. */
export async function requireUser(returnTo: string): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect(`/sign-in?next=${encodeURIComponent(returnTo)}`);
  return user;
}

/** The signed-in user with the places they may go (the header's links), or null when anonymous. */
export async function currentWhoAmI(): Promise<WhoAmI | null> {
  const user = await currentUser();
  return user ? whoAmI(db(), user) : null;
}
