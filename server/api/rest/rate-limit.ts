// A fixed-window request limit per API token, in memory (per app server process). Enough to stop a
// runaway client; a deployment with several servers multiplies the limit by their number.
export interface RateLimit {
  /** Whether one more request is allowed now; counts it if so. */
  take(key: string, nowMs: number): { allowed: boolean; retryAfterSeconds: number; remaining: number };
}

export function fixedWindowLimit(max: number, windowMs: number): RateLimit {
  const windows = new Map<string, { start: number; count: number }>();
  return {
    take(key, nowMs) {
      let w = windows.get(key);
      if (!w || nowMs - w.start >= windowMs) {
        w = { start: nowMs, count: 0 };
        windows.set(key, w);
        // Forget idle tokens now and then, so the map does not grow without bound.
        if (windows.size > 10_000) for (const [k, v] of windows) if (nowMs - v.start >= windowMs) windows.delete(k);
      }
      if (w.count >= max) return { allowed: false, retryAfterSeconds: Math.ceil((w.start + windowMs - nowMs) / 1000), remaining: 0 };
      w.count += 1;
      return { allowed: true, retryAfterSeconds: 0, remaining: max - w.count };
    },
  };
}
