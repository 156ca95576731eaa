// A fixed-window request limit per key (an API token), in memory (per app server process). Enough to
// stop a runaway client; a deployment with several servers multiplies the limit by their number.
export interface RateLimitResult {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window ends and the count starts again. */
  resetSeconds: number;
  /** When refused: the seconds to wait (= resetSeconds); 0 when allowed. */
  retryAfterSeconds: number;
}

export interface RateLimit {
  /** Whether one more request is allowed now; counts it if so. */
  take(key: string, nowMs: number): RateLimitResult;
}

export function fixedWindowLimit(max: number, windowMs: number): RateLimit {
  const windows = new Map<string, { start: number; count: number }>();
  return {
    take(key, nowMs) {
      let w = windows.get(key);
      if (!w || nowMs - w.start >= windowMs) {
        w = { start: nowMs, count: 0 };
        windows.set(key, w);
        // Forget idle keys now and then, so the map does not grow without bound.
        if (windows.size > 10_000) for (const [k, v] of windows) if (nowMs - v.start >= windowMs) windows.delete(k);
      }
      const resetSeconds = Math.ceil((w.start + windowMs - nowMs) / 1000);
      if (w.count >= max) return { allowed: false, limit: max, remaining: 0, resetSeconds, retryAfterSeconds: resetSeconds };
      w.count += 1;
      return { allowed: true, limit: max, remaining: max - w.count, resetSeconds, retryAfterSeconds: 0 };
    },
  };
}

/** The headers of a limited answer (IETF draft RateLimit fields); Retry-After when refused. */
export function rateLimitHeaders(r: RateLimitResult): Record<string, string> {
  const headers: Record<string, string> = { "RateLimit-Limit": String(r.limit), "RateLimit-Remaining": String(r.remaining), "RateLimit-Reset": String(r.resetSeconds) };
  if (!r.allowed) headers["Retry-After"] = String(r.retryAfterSeconds);
  return headers;
}

/** 120 requests a minute per API token, over the whole /api/v1 (REST endpoints, uploads, downloads). */
export const API_TOKEN_LIMIT_PER_MINUTE = 120;
export const apiTokenLimit: RateLimit = fixedWindowLimit(API_TOKEN_LIMIT_PER_MINUTE, 60_000);
