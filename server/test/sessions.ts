// Real sessions for route handler tests: the user gets a password account and signs in through
// better-auth, exactly as the sign-in page does; the answer's cookie is the caller's session.
import { randomUUID } from "node:crypto";
import { auth } from "@/server/auth/auth";
import { db } from "@/server/db/client";

const PASSWORD = "correct-horse-battery-staple-42";
let hash: Promise<string> | undefined;

/** The Cookie header of a fresh session of `user` (one sign-in per call). */
export async function sessionCookie(user: { id: string; email: string }): Promise<string> {
  hash ??= auth().$context.then((c) => c.password.hash(PASSWORD));
  const existing = await db().account.findFirst({ where: { userId: user.id, providerId: "credential" } });
  if (!existing) await db().account.create({ data: { id: randomUUID(), accountId: user.id, providerId: "credential", userId: user.id, password: await hash } });
  const res = await auth().api.signInEmail({ body: { email: user.email, password: PASSWORD }, asResponse: true });
  if (!res.ok) throw new Error(`sign-in of ${user.email} failed: HTTP ${res.status} ${await res.text()}`);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0]!)
    .join("; ");
}

/** A Request carrying `user`'s session (or none). */
export async function requestAs(user: { id: string; email: string } | null, url: string, init: RequestInit = {}): Promise<Request> {
  const headers = new Headers(init.headers);
  if (user) headers.set("cookie", await sessionCookie(user));
  return new Request(url, { ...init, headers });
}
