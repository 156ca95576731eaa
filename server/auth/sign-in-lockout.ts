// Per-account throttling of password sign-ins, independent of the client address: after
// SIGN_IN_LOCK_AFTER consecutive failures for one e-mail address, sign-ins for it are refused (429 with
// Retry-After, even with the right password) for a back-off that starts at one minute and doubles with
// each further failure (capped at 2^10 minutes). A success clears the count, so does a password reset
// an administrator issued (password-reset.ts), and a count untouched for a day and not locked is
// forgotten. Counted per address whether or not an account has it, so a lock tells nothing about
// which addresses exist. Failures and locks of an existing account go to the
// audit log (`auth.sign-in.failed`, `auth.account.locked`).
//
// The attempt is counted *before* the password is checked (one atomic UPSERT), so parallel guesses
// cannot all pass the check before the first failure is written; the Nth attempt sets the lock, and
// its own success (after hook) lifts it again.
import { recordAudit } from "@/server/audit/audit";
import type { Tx } from "@/server/db/client";

export const SIGN_IN_LOCK_AFTER = 5;
const BASE_LOCK_SECONDS = 60;
const MAX_DOUBLINGS = 10;

export function normalizeSignInEmail(email: unknown): string | null {
  return typeof email === "string" && email.trim() ? email.trim().toLowerCase() : null;
}

/** Seconds an address is locked after its `failures`-th consecutive failure (pure). 5 → 60, 6 → 120, 7 → 240 … */
export function lockSeconds(failures: number): number {
  if (failures < SIGN_IN_LOCK_AFTER) return 0;
  return BASE_LOCK_SECONDS * 2 ** Math.min(failures - SIGN_IN_LOCK_AFTER, MAX_DOUBLINGS);
}

export type AttemptGate = { allowed: true; failures: number } | { allowed: false; retryAfterSeconds: number };

/** Counts one attempt for `email` unless it is locked; refuses (with the seconds left) if it is. */
export async function beginSignInAttempt(db: Tx, email: string): Promise<AttemptGate> {
  const counted = await db.$queryRaw<{ failures: number }[]>`
    INSERT INTO sign_in_throttle (email, failures, locked_until, updated_at) VALUES (${email}, 1, NULL, now())
    ON CONFLICT (email) DO UPDATE SET
      failures = sign_in_throttle.failures + 1,
      locked_until = CASE WHEN sign_in_throttle.failures + 1 >= ${SIGN_IN_LOCK_AFTER}
        THEN now() + make_interval(secs => ${BASE_LOCK_SECONDS} * power(2, least(sign_in_throttle.failures + 1 - ${SIGN_IN_LOCK_AFTER}, ${MAX_DOUBLINGS})))
        ELSE NULL END,
      updated_at = now()
    WHERE sign_in_throttle.locked_until IS NULL OR sign_in_throttle.locked_until <= now()
    RETURNING failures`;
  if (counted[0]) return { allowed: true, failures: counted[0].failures };
  const left = await db.$queryRaw<{ seconds: number }[]>`
    SELECT GREATEST(1, CEIL(EXTRACT(EPOCH FROM locked_until - now())))::int AS seconds FROM sign_in_throttle WHERE email = ${email}`;
  return { allowed: false, retryAfterSeconds: left[0]?.seconds ?? 1 };
}

/**
 * The attempt succeeded: the count starts again. Also forgets other addresses' counts untouched for a
 * day and not locked, so guesses at made-up addresses do not pile up.
 */
export async function clearSignInFailures(db: Tx, email: string): Promise<void> {
  await db.signInThrottle.deleteMany({ where: { email } });
  await db.$executeRaw`DELETE FROM sign_in_throttle WHERE updated_at < now() - interval '1 day' AND (locked_until IS NULL OR locked_until < now())`;
}

/** The attempt failed (wrong password or no such account): audit it for an existing account, and the lock it caused. */
export async function recordSignInFailure(db: Tx, email: string): Promise<void> {
  const [user, row] = await Promise.all([db.user.findUnique({ where: { email }, select: { id: true } }), db.signInThrottle.findUnique({ where: { email } })]);
  if (!user || !row) return;
  const actor = { userId: user.id };
  await recordAudit(db, actor, { orgId: null, action: "auth.sign-in.failed", objectType: "user", objectId: user.id, after: { consecutiveFailures: row.failures } });
  if (row.lockedUntil && row.failures >= SIGN_IN_LOCK_AFTER) {
    await recordAudit(db, actor, { orgId: null, action: "auth.account.locked", objectType: "user", objectId: user.id, after: { consecutiveFailures: row.failures, lockedUntil: row.lockedUntil, lockSeconds: lockSeconds(row.failures) } });
  }
}
