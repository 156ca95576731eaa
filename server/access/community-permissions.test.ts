import { describe, expect, it } from "vitest";
import { communityPermissions } from "./scope";

describe("communityPermissions: the one rule the procedures and the console share", () => {
  it("a municipality ADMIN may do all six", () => {
    expect(communityPermissions("ADMIN", false)).toEqual({ read: true, import: true, settle: true, manage: true, configure: true, payments: true });
  });
  it("a municipality OPERATOR may do all but settle and configure", () => {
    expect(communityPermissions("OPERATOR", false)).toEqual({ read: true, import: true, settle: false, manage: true, configure: false, payments: true });
  });
  it("a serving ESCO may read, import, settle and build payment files, but not manage or configure", () => {
    expect(communityPermissions(null, true)).toEqual({ read: true, import: true, settle: true, manage: false, configure: false, payments: true });
  });
  it("a municipality OPERATOR who is also in a serving ESCO may settle (through the ESCO) but not configure", () => {
    expect(communityPermissions("OPERATOR", true)).toMatchObject({ settle: true, manage: true, configure: false });
  });
  it("nobody related may do nothing", () => {
    expect(Object.values(communityPermissions(null, false)).some(Boolean)).toBe(false);
  });
});
