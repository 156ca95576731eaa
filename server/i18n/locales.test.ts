import { describe, expect, it } from "vitest";
import { isEnglishOnlyPath, negotiateLocale, resolveLocale } from "./locales";

describe("negotiateLocale", () => {
  it("it-IT,it;q=0.9,en;q=0.8 → it; de-AT → de; fr-CA,en → fr", () => {
    expect(negotiateLocale("it-IT,it;q=0.9,en;q=0.8")).toBe("it");
    expect(negotiateLocale("de-AT")).toBe("de");
    expect(negotiateLocale("fr-CA, en")).toBe("fr");
  });
  it("by quality, not order: en;q=0.5, de;q=0.9 → de; equal quality keeps order", () => {
    expect(negotiateLocale("en;q=0.5, de;q=0.9")).toBe("de");
    expect(negotiateLocale("fr;q=0.7, it;q=0.7")).toBe("fr");
  });
  it("skips languages we do not have and q=0: es-ES,it;q=0.4 → it; de;q=0,fr;q=0.1 → fr", () => {
    expect(negotiateLocale("es-ES,it;q=0.4")).toBe("it");
    expect(negotiateLocale("de;q=0, fr;q=0.1")).toBe("fr");
  });
  it("nothing usable → en: missing header, *, only unknown languages, garbage", () => {
    expect(negotiateLocale(null)).toBe("en");
    expect(negotiateLocale("*")).toBe("en");
    expect(negotiateLocale("es, pt-BR;q=0.8")).toBe("en");
    expect(negotiateLocale(";;;q=abc,,")).toBe("en");
  });
});

describe("resolveLocale", () => {
  it("the switcher's cookie wins over the browser; an unknown cookie value is ignored", () => {
    expect(resolveLocale("de", "it-IT")).toBe("de");
    expect(resolveLocale("xx", "it-IT")).toBe("it");
    expect(resolveLocale(undefined, undefined)).toBe("en");
  });
});

describe("isEnglishOnlyPath", () => {
  it("the API docs stay English; the console, invitations, resets, /c/…, /me, /developers-of-anything do not", () => {
    expect(isEnglishOnlyPath("/console")).toBe(false);
    expect(isEnglishOnlyPath("/console/communities/x")).toBe(false);
    expect(isEnglishOnlyPath("/developers/api")).toBe(true);
    expect(isEnglishOnlyPath("/developers")).toBe(true);
    expect(isEnglishOnlyPath("/invite/abc")).toBe(false);
    expect(isEnglishOnlyPath("/reset/abc")).toBe(false);
    expect(isEnglishOnlyPath("/developersx")).toBe(false);
    expect(isEnglishOnlyPath("/c/solaria")).toBe(false);
    expect(isEnglishOnlyPath("/me")).toBe(false);
    expect(isEnglishOnlyPath("/consoles")).toBe(false);
    expect(isEnglishOnlyPath(null)).toBe(false);
  });
});
