// The four message catalogues must match: the same keys, and in each message the same ICU arguments
// (with the same kind: plain, plural, select) and the same rich-text tags. A missing or misspelt
// placeholder would otherwise show up only as a runtime error on one language's page.
import { parse, TYPE, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import { LOCALES } from "./locales";
import { MESSAGES } from "./messages";

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === "string") out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

/** "k:argument", "count:plural", "term:tag", … of a message, sorted; plural/select branches included. */
function placeholders(message: string): string[] {
  const found = new Set<string>();
  const walk = (elements: MessageFormatElement[]) => {
    for (const e of elements) {
      if (e.type === TYPE.argument) found.add(`${e.value}:argument`);
      else if (e.type === TYPE.number || e.type === TYPE.date || e.type === TYPE.time) found.add(`${e.value}:${TYPE[e.type]}`);
      else if (e.type === TYPE.plural || e.type === TYPE.select) {
        found.add(`${e.value}:${TYPE[e.type]}`);
        for (const option of Object.values(e.options)) walk(option.value);
      } else if (e.type === TYPE.tag) {
        found.add(`${e.value}:tag`);
        walk(e.children);
      }
    }
  };
  walk(parse(message));
  return [...found].sort();
}

const catalogues = Object.fromEntries(LOCALES.map((l) => [l, flatten(MESSAGES[l] as Tree)]));
const english = catalogues.en!;

describe("message catalogues", () => {
  it(`en has messages (${english.size}) and every one parses as ICU`, () => {
    expect(english.size).toBeGreaterThan(100);
    for (const [key, m] of english) expect(() => placeholders(m), key).not.toThrow();
  });

  for (const locale of LOCALES.filter((l) => l !== "en")) {
    it(`${locale} has exactly the keys of en`, () => {
      const keys = [...catalogues[locale]!.keys()].sort();
      expect(keys).toEqual([...english.keys()].sort());
    });
    it(`${locale} uses the same ICU placeholders and tags as en in every message, and no message is left empty`, () => {
      for (const [key, m] of catalogues[locale]!) {
        expect(m.trim(), `${locale} ${key}`).not.toBe("");
        expect(placeholders(m), `${locale} ${key}`).toEqual(placeholders(english.get(key) ?? ""));
      }
    });
  }

  it("it, de and fr are translations, not copies: every message of four or more words differs from en", () => {
    for (const locale of LOCALES.filter((l) => l !== "en")) {
      const copied = [...english].filter(([key, m]) => m.split(/\s+/).length >= 4 && catalogues[locale]!.get(key) === m).map(([key]) => key);
      expect(copied, locale).toEqual([]);
    }
  });

  it("the placeholder check sees a difference: {k} vs {count}, a lost plural, a missing tag", () => {
    expect(placeholders("fewer than {k} members")).not.toEqual(placeholders("fewer than {count} members"));
    expect(placeholders("{n, plural, one {# hour} other {# hours}}")).not.toEqual(placeholders("{n} hours"));
    expect(placeholders("Your <term>credit</term>")).not.toEqual(placeholders("Your credit"));
  });

  it("privacy reasons read with their numbers in every language (k = 5, 30 %)", () => {
    for (const locale of LOCALES) {
      const t = createTranslator({ locale, messages: MESSAGES[locale], namespace: "privacy.reason" });
      expect(t("FEWER_THAN_K", { k: 5 }), locale).toContain("5");
      expect(t("DOMINANT_MEMBER", { maxSharePercent: 30 }), locale).toContain("30");
    }
    const en = createTranslator({ locale: "en", messages: MESSAGES.en, namespace: "privacy" });
    expect(en("hidden", { reason: en("reason.FEWER_THAN_K", { k: 5 }) })).toBe("hidden: fewer than 5 members");
  });
});

describe("the console's server-made lines, worded from codes and figures", () => {
  it("an attention item: period [2026-03-01, 2026-04-01) due with 99 % missing, in English and Italian; 1 import vs 2 imports", () => {
    const en = createTranslator({ locale: "en", messages: MESSAGES.en, namespace: "console.attention" });
    const it_ = createTranslator({ locale: "it", messages: MESSAGES.it, namespace: "console.attention" });
    expect(en("period", { period: "Mar 1 – 31, 2026", state: "due", missing: en("missing.percent", { percent: "99" }) })).toBe("Period Mar 1 – 31, 2026 is due for settlement: 99 % of meter data missing");
    expect(it_("period", { period: "1–31 mar 2026", state: "changed", missing: it_("missing.complete") })).toBe("Il periodo 1–31 mar 2026 è cambiato dopo la liquidazione: dati di misura completi");
    expect(en("failedImports", { count: 1, n: "1", days: 30 })).toBe("1 import failed in the last 30 days");
    expect(it_("failedImports", { count: 2, n: "2", days: 30 })).toBe("2 importazioni non riuscite negli ultimi 30 giorni");
    // Counts are passed formatted (n): Italian 1.234, not CLDR's ungrouped 1234.
    expect(it_("membersWithoutAccount", { count: 1234, n: "1.234" })).toBe("1.234 membri non hanno ancora un account");
  });
});
