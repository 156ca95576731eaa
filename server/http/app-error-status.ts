// The one table from an expected failure (AppError) to what the caller sees: the HTTP status of the
// route handlers and the REST API, and the tRPC code of the console's API (whose own HTTP status is
// derived from it by tRPC — the unit test checks that both agree). Pure: no framework at runtime.
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";
import { AppError, type AppErrorCode, type FieldProblem } from "@/server/errors";

export const APP_ERROR_HTTP = {
  BAD_REQUEST: { status: 400, trpc: "BAD_REQUEST" },
  UNAUTHORIZED: { status: 401, trpc: "UNAUTHORIZED" },
  FORBIDDEN: { status: 403, trpc: "FORBIDDEN" },
  NOT_FOUND: { status: 404, trpc: "NOT_FOUND" },
  CONFLICT: { status: 409, trpc: "CONFLICT" },
  PAYLOAD_TOO_LARGE: { status: 413, trpc: "PAYLOAD_TOO_LARGE" },
  TOO_MANY_REQUESTS: { status: 429, trpc: "TOO_MANY_REQUESTS" },
} as const satisfies Record<AppErrorCode, { status: number; trpc: TRPC_ERROR_CODE_KEY }>;

/** The HTTP status of an expected failure. */
export const appErrorStatus = (code: AppErrorCode): number => APP_ERROR_HTTP[code].status;

/** The tRPC code of an expected failure. */
export const appErrorTrpcCode = (code: AppErrorCode): TRPC_ERROR_CODE_KEY => APP_ERROR_HTTP[code].trpc;

/** The one error body of every HTTP answer that is not the file or data asked for. */
export interface ErrorBody {
  code: AppErrorCode | "INTERNAL";
  message: string;
  problems: FieldProblem[];
  /** Set on unexpected failures: the id under which the server logged the cause. */
  requestId?: string;
}

export const appErrorBody = (err: AppError): ErrorBody => ({ code: err.code, message: err.message, problems: err.problems });

/** The body of an unexpected failure: nothing of the cause leaks, only the id to find it in the log. */
export const internalErrorBody = (requestId: string): ErrorBody => ({
  code: "INTERNAL",
  message: `Something went wrong on our side (request ${requestId}).`,
  problems: [],
  requestId,
});
