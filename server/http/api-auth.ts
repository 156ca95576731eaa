// Authentication of an API call, within the limits: per token (120 a minute over all of /api/v1) and,
// for calls whose token is missing or wrong, per client address (so tokens cannot be guessed at
// speed). Shared by the REST API (server/api/rest/rest-trpc.ts) and withApiToken (route-edge.ts).
import { authenticateApiToken, type ApiPrincipal, type ApiScope } from "@/server/api-tokens/api-tokens";
import type { Tx } from "@/server/db/client";
import { authenticateDeviceToken, type DevicePrincipal } from "@/server/residents/device-tokens";
import { env } from "@/server/env";
import { AppError } from "@/server/errors";
import { clientAddress as addressOf } from "./client-address";
import { API_TOKEN_LIMIT_PER_MINUTE, apiTokenLimit, fixedWindowLimit, type RateLimitResult } from "./rate-limit";

/** Failed authentications per client address and minute. */
const failedAuthLimit = fixedWindowLimit(API_TOKEN_LIMIT_PER_MINUTE, 60_000);

/** The client's address for throttling: the TCP peer, or the hop TRUST_PROXY says (client-address.ts). */
export function clientAddress(headers: Headers): string {
  return addressOf(headers, env().TRUST_PROXY);
}

const tooMany = (r: RateLimitResult) => new AppError("TOO_MANY_REQUESTS", `Too many requests; try again in ${r.retryAfterSeconds} s.`);

/** Counts a failed authentication against the caller's address; throws TOO_MANY_REQUESTS past the limit. */
function countFailure(err: unknown, address: string, counted: (r: RateLimitResult) => void): void {
  if (err instanceof AppError && err.code === "UNAUTHORIZED") {
    const taken = failedAuthLimit.take(address, Date.now());
    counted(taken);
    if (!taken.allowed) throw tooMany(taken);
  }
}

/**
 * The token's principal, counted against its limit; `counted` receives the count (for the RateLimit-*
 * headers) whether the call goes on or not. Throws UNAUTHORIZED/FORBIDDEN as authenticateApiToken, and
 * TOO_MANY_REQUESTS past a limit.
 */
export async function authenticateWithinLimits(db: Tx, call: { authorization: string | null; address: string }, scope: ApiScope, counted: (r: RateLimitResult) => void): Promise<ApiPrincipal> {
  let principal: ApiPrincipal;
  try {
    principal = await authenticateApiToken(db, call.authorization, scope);
  } catch (err) {
    countFailure(err, call.address, counted);
    throw err;
  }
  const taken = apiTokenLimit.take(principal.tokenId, Date.now());
  counted(taken);
  if (!taken.allowed) throw tooMany(taken);
  return principal;
}

/**
 * A resident's device token (server/residents/device-tokens.ts), within the same limits: 120 a minute
 * per token, and failures per client address shared with the API tokens' (one budget for guessing).
 */
export async function authenticateDeviceWithinLimits(db: Tx, call: { authorization: string | null; address: string }, counted: (r: RateLimitResult) => void): Promise<DevicePrincipal> {
  let principal: DevicePrincipal;
  try {
    principal = await authenticateDeviceToken(db, call.authorization);
  } catch (err) {
    countFailure(err, call.address, counted);
    throw err;
  }
  const taken = apiTokenLimit.take(`device:${principal.tokenId}`, Date.now());
  counted(taken);
  if (!taken.allowed) throw tooMany(taken);
  return principal;
}
