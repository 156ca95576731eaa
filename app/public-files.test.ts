// The static files every site needs: a favicon, robots.txt and the web app manifest, consistent with
// the Tailwind theme.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BACKGROUND_COLOR, THEME_COLOR } from "@/app/_lib/theme-colors";
import manifest from "./manifest";

const publicFile = (name: string) => readFileSync(join(process.cwd(), "public", name), "utf8");

describe("public files", () => {
  it("robots.txt lets crawlers in but keeps them out of /console, /me and /api", () => {
    const lines = publicFile("robots.txt").split("\n").filter((l) => l && !l.startsWith("#"));
    expect(lines).toEqual(["User-agent: *", "Allow: /", "Disallow: /console", "Disallow: /me", "Disallow: /api"]);
  });

  it("the manifest names Dajie, uses the theme's amber-700 sun #b45309 and slate-50 #f8fafc, and its icon exists", () => {
    const css = readFileSync(join(process.cwd(), "app", "globals.css"), "utf8");
    expect(css).toMatch(new RegExp(`--color-sun:\\s*${THEME_COLOR};`));
    expect([THEME_COLOR, BACKGROUND_COLOR]).toEqual(["#b45309", "#f8fafc"]); // slate-50 is html's bg-slate-50
    const m = manifest();
    expect(m).toMatchObject({ name: "Dajie", short_name: "Dajie", start_url: "/", theme_color: "#b45309", background_color: "#f8fafc" });
    for (const icon of m.icons ?? []) expect(publicFile(icon.src.replace(/^\//, ""))).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(m.icons).toHaveLength(1);
  });
});
