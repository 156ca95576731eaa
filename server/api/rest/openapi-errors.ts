// The error answers of the OpenAPI document: the one error body of the HTTP edge ({code, message,
// problems}, server/http/app-error-status.ts) with an example for each status an operation can answer,
// and the rate limit's headers. Pure.
import { APP_ERROR_HTTP, type ErrorBody } from "@/server/http/app-error-status";
import { API_TOKEN_LIMIT_PER_MINUTE } from "@/server/http/rate-limit";

export const ERROR_SCHEMA_NAME = "Error";

/** The components/schemas entry of the error body. */
export const errorSchema = {
  type: "object",
  description: "Every error answer of the API: a code, a sentence for people, and the problems by field or file line.",
  required: ["code", "message", "problems"],
  properties: {
    code: { type: "string", enum: [...Object.keys(APP_ERROR_HTTP), "INTERNAL"], description: "Stable: branch on this, not on the message." },
    message: { type: "string", description: "What went wrong, in a sentence." },
    problems: {
      type: "array",
      description: "Per field (`where`: a parameter or body field) or per file line (`where`: `line 7`); empty when the error is about the request as a whole.",
      items: { type: "object", required: ["where", "message"], properties: { where: { type: "string" }, message: { type: "string" } } },
    },
    requestId: { type: "string", description: "Only on 500: the id under which the server logged the cause." },
  },
} as const;

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 429 | 500;

const seconds = { schema: { type: "integer", minimum: 0 } } as const;
/** Headers of every counted answer (a token with the scope, or a missing or wrong token). */
export const RATE_LIMIT_HEADERS = {
  "RateLimit-Limit": { description: `Requests allowed per minute (${API_TOKEN_LIMIT_PER_MINUTE})`, ...seconds },
  "RateLimit-Remaining": { description: "Requests left in the current minute", ...seconds },
  "RateLimit-Reset": { description: "Seconds until the current minute's count starts again", ...seconds },
} as const;

const DEFAULTS: Record<ErrorStatus, { description: string; example: ErrorBody }> = {
  400: {
    description: "A parameter or the body is malformed; `problems` names each one.",
    example: { code: "BAD_REQUEST", message: "Invalid input", problems: [{ where: "runId", message: "Invalid UUID" }] },
  },
  401: {
    description: "No valid token: missing, malformed, unknown or revoked.",
    example: { code: "UNAUTHORIZED", message: "Invalid or revoked API token", problems: [] },
  },
  403: {
    description: "The token is valid but lacks the operation's scope (not counted by the rate limit).",
    example: { code: "FORBIDDEN", message: 'This API token lacks the scope "runs:read". Create a token with that scope.', problems: [] },
  },
  404: {
    description: "The community is not one the token's organization owns or serves, or the run does not exist in it.",
    example: { code: "NOT_FOUND", message: "Community not found", problems: [] },
  },
  409: {
    description: "The request is valid but the state does not allow it yet.",
    example: { code: "CONFLICT", message: "The invoices of this run have not been issued yet. Issue them on the run page (or POST …/invoices in the API).", problems: [] },
  },
  413: {
    description: "The request body is larger than the limit.",
    example: { code: "PAYLOAD_TOO_LARGE", message: "The file is larger than 1 GiB.", problems: [] },
  },
  429: {
    description: `More than ${API_TOKEN_LIMIT_PER_MINUTE} requests in the current minute with this token (or, while the token is missing or wrong, from this address). Wait \`Retry-After\` seconds.`,
    example: { code: "TOO_MANY_REQUESTS", message: "Too many requests; try again in 42 s.", problems: [] },
  },
  500: {
    description: "An unexpected failure on the server; nothing of the cause is shown, only the id to report.",
    example: { code: "INTERNAL", message: "Something went wrong on our side (request 7f3c9a2e).", problems: [], requestId: "7f3c9a2e" },
  },
};

/** One error answer: the Error schema, an example body, and the rate-limit headers (Retry-After too on 429). */
export function errorResponse(status: ErrorStatus, override: { description?: string; example?: ErrorBody } = {}) {
  const d = DEFAULTS[status];
  const headers = status === 429 ? { "Retry-After": { description: "Seconds until the next request is allowed", ...seconds }, ...RATE_LIMIT_HEADERS } : status === 403 ? undefined : RATE_LIMIT_HEADERS;
  return {
    description: override.description ?? d.description,
    ...(headers ? { headers } : {}),
    content: { "application/json": { schema: { $ref: `#/components/schemas/${ERROR_SCHEMA_NAME}` }, example: override.example ?? d.example } },
  };
}

/** An error status's own description or example, or `true` for the defaults. */
export type ErrorOverride = { description?: string; example?: ErrorBody } | true;
export type ErrorOverrides = Partial<Record<ErrorStatus, ErrorOverride>>;

/** The error answers of an operation: the given statuses (with their overrides) plus 429 and 500, which every operation can answer. */
export function errorResponses(statuses: ErrorOverrides) {
  const all: ErrorOverrides = { ...statuses, 429: statuses[429] ?? true, 500: statuses[500] ?? true };
  return Object.fromEntries(Object.entries(all).map(([s, o]) => [s, errorResponse(Number(s) as ErrorStatus, o === true ? {} : o)]));
}
