// Who acted, in words a reader recognizes: a run's `started_by` or an audit event's actor is a user
// id, "cli:<name>" (a person at the command line) or "scheduler"; user ids become "Name <e-mail>".
import type { Tx } from "@/server/db/client";

/** The label for one actor given the users already looked up; a user since erased reads "a former user". */
export function actorLabel(actor: string | null, users: Map<string, { name: string; email: string }>): string {
  if (actor === null) return "system";
  if (actor === "scheduler") return "scheduler";
  if (actor.startsWith("cli:")) return `command line: ${actor.slice(4)}`;
  const u = users.get(actor);
  if (!u) return "a former user";
  return u.name && u.name !== u.email ? `${u.name} <${u.email}>` : u.email;
}

/** Labels for many actors with one query. */
export async function actorLabels(db: Tx, actors: (string | null)[]): Promise<Map<string, string>> {
  const ids = [...new Set(actors.filter((a): a is string => a !== null && a !== "scheduler" && !a.startsWith("cli:")))];
  const users = ids.length ? await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, email: true } }) : [];
  const byId = new Map(users.map((u) => [u.id, u]));
  return new Map(actors.map((a) => [a ?? "", actorLabel(a, byId)]));
}
