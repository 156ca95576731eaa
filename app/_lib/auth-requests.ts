// Sign-in and sign-out as plain requests to better-auth's endpoints (/api/auth/*). better-auth's React
// client (session store, fetch wrapper, proxies) is more than a form and a button need; the pages that
// only sign in or out load these few lines instead.

/** The HTTP status of a failed sign-in (401 wrong e-mail or password, 429 too many tries; 0 no answer), or null when signed in. */
export async function signInWithEmail(email: string, password: string): Promise<number | null> {
  try {
    const res = await fetch("/api/auth/sign-in/email", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ email, password }) });
    return res.ok ? null : res.status;
  } catch {
    return 0;
  }
}

/** Ends the session (better-auth removes it and expires the cookie). */
export async function signOut(): Promise<void> {
  await fetch("/api/auth/sign-out", { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" });
}
