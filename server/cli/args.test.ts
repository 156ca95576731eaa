import { afterEach, describe, expect, it, vi } from "vitest";
import { parseCommand } from "./_args";

const USAGE = "Usage: dajie thing --community SLUG [FILE]\n";
const OPTIONS = { community: { type: "string" }, json: { type: "boolean" }, alias: { type: "string", multiple: true } } as const;

describe("parseCommand (the CLI's one parser)", () => {
  const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
  afterEach(() => stderr.mockClear());

  it("values and up to maxPositionals positionals; --alias twice → both", () => {
    expect(parseCommand(["FILE", "--community", "solaria", "--json", "--alias", "a=1", "--alias", "b=2"], USAGE, OPTIONS, 1)).toEqual({
      values: { community: "solaria", json: true, alias: ["a=1", "b=2"] },
      positionals: ["FILE"],
    });
    expect(stderr).not.toHaveBeenCalled();
  });

  it("--help → usage, exit 0; an unknown option or a missing value → the error and usage, exit 2", () => {
    expect(parseCommand(["--help"], USAGE, OPTIONS)).toEqual({ exit: 0 });
    expect(stderr).toHaveBeenLastCalledWith(USAGE);
    expect(parseCommand(["--nope"], USAGE, OPTIONS)).toEqual({ exit: 2 });
    expect(String(stderr.mock.lastCall![0])).toMatch(/Unknown option '--nope'[\s\S]*Usage: dajie thing/);
    expect(parseCommand(["--community"], USAGE, OPTIONS)).toEqual({ exit: 2 });
  });

  it("2 positionals where 1 is allowed → exit 2 naming the extra one; none allowed → the first is extra", () => {
    expect(parseCommand(["a", "b"], USAGE, OPTIONS, 1)).toEqual({ exit: 2 });
    expect(String(stderr.mock.lastCall![0])).toMatch(/^Unexpected argument: b\n/);
    expect(parseCommand(["a"], USAGE, OPTIONS)).toEqual({ exit: 2 });
    expect(String(stderr.mock.lastCall![0])).toMatch(/^Unexpected argument: a\n/);
  });
});
