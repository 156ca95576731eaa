// The public join endpoints' edge: a rate limit per client address (JOIN_SUBMITS_PER_HOUR submissions
// an hour, honeypot ones included, so a bot learns nothing by being refused), the JSON body read with a
// size cap and parsed through zod into 400s that name the field.
import type { ZodType } from "zod";
import { AppError } from "@/server/errors";
import { clientAddress } from "@/server/http/api-auth";
import { fixedWindowLimit, rateLimitHeaders, type RateLimit } from "@/server/http/rate-limit";

export const JOIN_SUBMITS_PER_HOUR = 5;
/** Confirmation attempts (a token is 256 bits: this only keeps the database quiet). */
export const JOIN_CONFIRMS_PER_HOUR = 30;
const MAX_BODY_BYTES = 64 * 1024;

export const joinSubmitLimit: RateLimit = fixedWindowLimit(JOIN_SUBMITS_PER_HOUR, 3_600_000);
export const joinConfirmLimit: RateLimit = fixedWindowLimit(JOIN_CONFIRMS_PER_HOUR, 3_600_000);

/** Counts the request against `limit` for its client address; throws 429 (headers in `headers`) past it. */
export function takeJoinLimit(limit: RateLimit, req: Request, headers: Record<string, string>): void {
  const r = limit.take(clientAddress(req.headers), Date.now());
  Object.assign(headers, rateLimitHeaders(r));
  if (!r.allowed) throw new AppError("TOO_MANY_REQUESTS", `Too many requests from your address; try again in ${Math.ceil(r.retryAfterSeconds / 60)} minutes.`);
}

export async function readJson<T>(req: Request, schema: ZodType<T>): Promise<T> {
  const raw = await req.text();
  if (Buffer.byteLength(raw) > MAX_BODY_BYTES) throw new AppError("PAYLOAD_TOO_LARGE", "The request is too large.");
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new AppError("BAD_REQUEST", "The request is not JSON.", [{ where: "body", message: "Not JSON" }]);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new AppError("BAD_REQUEST", "Some fields are not valid.", parsed.error.issues.map((i) => ({ where: i.path.join(".") || "body", message: i.message })));
  return parsed.data;
}
