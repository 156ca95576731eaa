import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { describe, expect, it } from "vitest";
import { APP_ERROR_CODES, AppError } from "@/server/errors";
import { APP_ERROR_HTTP, appErrorBody, appErrorStatus, appErrorTrpcCode, internalErrorBody } from "./app-error-status";

describe("AppError → HTTP status and tRPC code (one table)", () => {
  it("BAD_REQUEST 400, UNAUTHORIZED 401, FORBIDDEN 403, NOT_FOUND 404, CONFLICT 409, PAYLOAD_TOO_LARGE 413, TOO_MANY_REQUESTS 429", () => {
    expect(Object.fromEntries(APP_ERROR_CODES.map((c) => [c, appErrorStatus(c)]))).toEqual({
      BAD_REQUEST: 400,
      UNAUTHORIZED: 401,
      FORBIDDEN: 403,
      NOT_FOUND: 404,
      CONFLICT: 409,
      PAYLOAD_TOO_LARGE: 413,
      TOO_MANY_REQUESTS: 429,
    });
  });

  it("the table has exactly the AppError codes, no more", () => {
    expect(Object.keys(APP_ERROR_HTTP).sort()).toEqual([...APP_ERROR_CODES].sort());
  });

  it("tRPC answers every code's tRPC error with the same HTTP status as the route handlers", () => {
    for (const code of APP_ERROR_CODES) {
      expect(getHTTPStatusCodeFromError(new TRPCError({ code: appErrorTrpcCode(code) })), code).toBe(appErrorStatus(code));
    }
  });

  it("the body is {code, message, problems}; an unexpected failure says only the request id", () => {
    expect(appErrorBody(new AppError("BAD_REQUEST", "Bad file", [{ where: "line 7", message: "no date" }]))).toEqual({ code: "BAD_REQUEST", message: "Bad file", problems: [{ where: "line 7", message: "no date" }] });
    expect(internalErrorBody("r-1")).toEqual({ code: "INTERNAL", message: "Something went wrong on our side (request r-1).", problems: [], requestId: "r-1" });
  });
});
