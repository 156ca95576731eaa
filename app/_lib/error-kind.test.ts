import { describe, expect, it } from "vitest";
import { errorKind } from "./error-kind";

describe("errorKind: the translated heading of an error answer", () => {
  it("the app's codes keep their own heading; tRPC's internal error is INTERNAL; an unknown code is OTHER; no code, no heading", () => {
    expect(errorKind("FORBIDDEN")).toBe("FORBIDDEN");
    expect(errorKind("TOO_MANY_REQUESTS")).toBe("TOO_MANY_REQUESTS");
    expect(errorKind("INTERNAL_SERVER_ERROR")).toBe("INTERNAL");
    expect(errorKind("INTERNAL")).toBe("INTERNAL");
    expect(errorKind("PARSE_ERROR")).toBe("BAD_REQUEST");
    expect(errorKind("GATEWAY_TIMEOUT")).toBe("NETWORK");
    expect(errorKind("I_AM_A_TEAPOT")).toBe("OTHER");
    expect(errorKind(undefined)).toBeUndefined();
  });
});
