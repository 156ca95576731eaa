// One error type for expected failures. One table (server/http/app-error-status.ts) maps its code to the
// HTTP status and the tRPC code; anything else is unexpected and reaches the user as a generic message
// with a request id.
export type AppErrorCode = "BAD_REQUEST" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "TOO_MANY_REQUESTS";

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
