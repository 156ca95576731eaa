// Who finalizes a run: a person in the console or the API (a user), a person at the command line
// (recorded as "cli:<name>"), or the scheduler. Only the scheduler is "scheduler": a run settled from
// the CLI must not look like one the platform settled by itself (the scheduler never accepts gaps).
export type Finalizer = { kind: "user"; userId: string; requestId?: string; orgId: string } | { kind: "cli"; name: string } | { kind: "scheduler" };

/** The run's `started_by` and the audit event's actor: a user id, "cli:<name>" or "scheduler". */
export function startedBy(by: Finalizer): string {
  return by.kind === "user" ? by.userId : by.kind === "cli" ? `cli:${by.name}` : "scheduler";
}
