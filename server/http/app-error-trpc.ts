// An AppError as a tRPC error, through the one table (app-error-status.ts). Used by the middleware that
// both tRPC routers (console and REST) put first, so no procedure maps errors by hand.
import { TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import { AppError, type FieldProblem } from "@/server/errors";
import { appErrorTrpcCode } from "./app-error-status";

export const trpcErrorOf = (err: AppError) => new TRPCError({ code: appErrorTrpcCode(err.code), message: err.message, cause: err });

/** The problems a tRPC error carries: the AppError's, or one per zod issue of a rejected input. */
export function trpcProblems(error: TRPCError): FieldProblem[] {
  if (error.cause instanceof AppError) return error.cause.problems;
  if (error.cause instanceof ZodError) return error.cause.issues.map((i) => ({ where: i.path.join(".") || "input", message: i.message }));
  return [];
}
