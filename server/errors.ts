// One error type for expected failures, thrown by services and caught only at the edge. Its code is
// mapped in one place, server/http/app-error-status.ts: to the HTTP status of the route handlers and
// the REST API, and to the tRPC code that the first middleware of both tRPC routers rethrows it as.
// Any other exception is unexpected: logged under the request id, answered 500 with a generic message
// that carries that id. (Inputs that fail a tRPC procedure's zod schema are tRPC's own BAD_REQUEST.)

/** The codes of expected failures; adding one without a status in app-error-status.ts fails the typecheck. */
export const APP_ERROR_CODES = ["BAD_REQUEST", "UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND", "CONFLICT", "PAYLOAD_TOO_LARGE", "TOO_MANY_REQUESTS"] as const;
export type AppErrorCode = (typeof APP_ERROR_CODES)[number];

export interface FieldProblem {
  /** A form field, or a file line ("line 7") — whatever lets the user find it. */
  where: string;
  message: string;
}

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly problems: FieldProblem[];

  constructor(code: AppErrorCode, message: string, problems: FieldProblem[] = []) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.problems = problems;
  }
}

export const notFound = (what: string) => new AppError("NOT_FOUND", `${what} not found`);
