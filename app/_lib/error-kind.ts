// Which translated heading an error answer gets. The server's `{code, message, problems}` message is
// English (the services know nothing of languages); the heading above it says in the reader's language
// what kind of failure it was, so every error is understood even when its detail is not translated.
// Pure: no framework, shared by the ErrorBox and its unit test.

export const ERROR_KINDS = ["BAD_REQUEST", "UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND", "CONFLICT", "PAYLOAD_TOO_LARGE", "TOO_MANY_REQUESTS", "INTERNAL", "NETWORK", "OTHER"] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

/**
 * The heading's key for an answer's code: the app's codes as they are (server/http/app-error-status.ts),
 * tRPC's INTERNAL_SERVER_ERROR as INTERNAL, tRPC's own input and transport codes as what they mean to a
 * person, and anything else as OTHER. Undefined (a message the page made itself) has no heading.
 */
export function errorKind(code: string | undefined): ErrorKind | undefined {
  if (code === undefined) return undefined;
  if ((ERROR_KINDS as readonly string[]).includes(code)) return code as ErrorKind;
  switch (code) {
    case "INTERNAL_SERVER_ERROR":
      return "INTERNAL";
    case "PARSE_ERROR":
    case "UNPROCESSABLE_CONTENT":
    case "UNSUPPORTED_MEDIA_TYPE":
      return "BAD_REQUEST";
    case "PRECONDITION_FAILED":
      return "CONFLICT";
    case "TIMEOUT":
    case "CLIENT_CLOSED_REQUEST":
    case "BAD_GATEWAY":
    case "SERVICE_UNAVAILABLE":
    case "GATEWAY_TIMEOUT":
      return "NETWORK";
    default:
      return "OTHER";
  }
}
