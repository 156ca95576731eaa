import { describe, expect, it } from "vitest";
import { forbiddenCharacter, text } from "./text";

describe("text()", () => {
  it.each([
    ["Anna\u0000Rossi", "U+0000"],
    ["Anna\u0007", "U+0007"],
    ["Anna\nRossi", "U+000A"],
    ["Anna\tRossi", "U+0009"],
    ["Anna\u007F", "U+007F"],
    ["Anna\u0085", "U+0085"],
    ["Anna\u2028", "U+2028"],
    ["Anna\uD800", "U+D800"],
    ["\uDC00Anna", "U+DC00"],
  ])("single line: %j → %s refused", (s, code) => {
    expect(forbiddenCharacter(s)).toBe(code);
    const r = text().safeParse(s);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toContain(code);
  });

  it("single line: accents, emoji (a surrogate pair) and a non-breaking space pass", () => {
    expect(text().safeParse("Zoë 🌞\u00A0Ça").success).toBe(true);
  });

  it("multi-line: tab, CR and LF pass; NUL and vertical tab do not", () => {
    expect(text({ multiline: true }).safeParse("Via Roma 1\r\n\t00100 Roma").success).toBe(true);
    expect(forbiddenCharacter("a\u0000b", true)).toBe("U+0000");
    expect(forbiddenCharacter("a\u000Bb", true)).toBe("U+000B");
  });

  it("chains like z.string(): trim, min, max still apply after the check", () => {
    const name = text().trim().min(2).max(5);
    expect(name.parse("  ab  ")).toBe("ab");
    expect(name.safeParse("abcdef").success).toBe(false);
  });
});
