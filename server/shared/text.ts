// One zod schema for free text (names, references, addresses, labels), shared by forms (client) and
// procedures (server). No server imports here.
//
// It refuses text that cannot be stored or shown faithfully: NUL (PostgreSQL text cannot hold it:
// without this check it is a 500), the other C0 and C1 control characters, DEL, the Unicode line and
// paragraph separators, and broken UTF-16 (a lone surrogate). Multi-line fields allow tab, line feed
// and carriage return; single-line fields allow none of them.
import { z } from "zod";

const SINGLE_LINE_FORBIDDEN = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/u;
const MULTI_LINE_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u2028\u2029]/u;

/** The first forbidden character of `s` as "U+0000", or null when the text is clean. */
export function forbiddenCharacter(s: string, multiline = false): string | null {
  const hit = (multiline ? MULTI_LINE_FORBIDDEN : SINGLE_LINE_FORBIDDEN).exec(s);
  if (hit) return `U+${hit[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      return `U+${c.toString(16).toUpperCase()}`;
    }
    if (c >= 0xdc00 && c <= 0xdfff) return `U+${c.toString(16).toUpperCase()}`;
  }
  return null;
}

/**
 * A string without control characters; chain .trim(), .min(), .max() as on z.string().
 * `multiline`: tab, line feed and carriage return are allowed (addresses, notes).
 */
export function text(opts: { multiline?: boolean } = {}) {
  const multiline = opts.multiline ?? false;
  return z.string().superRefine((s, ctx) => {
    const bad = forbiddenCharacter(s, multiline);
    if (bad) ctx.addIssue({ code: "custom", message: `This text contains a control character (${bad})${multiline ? "" : " or a line break"}; remove it.` });
  });
}
