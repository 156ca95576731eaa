// Every namespace a client component outside the console translates with is handed to the client by
// the root layout (the console's layout hands all of them): a missing one would show message keys.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import en from "@/messages/en.json";
import { CLIENT_NAMESPACES, pickMessages } from "./client-messages";

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : /\.tsx?$/.test(f) ? [p] : [];
  });
}

/** Files that run in the browser: "use client" ones and what they import from app/ (one level: ui.tsx and the like). */
function clientFiles(): string[] {
  const all = files("app");
  const client = all.filter((f) => readFileSync(f, "utf8").includes('"use client"'));
  const imported = new Set(client);
  for (const f of client)
    for (const m of readFileSync(f, "utf8").matchAll(/from "@\/(app\/[^"]+)"/g)) for (const ext of [".tsx", ".ts"]) if (all.includes(m[1] + ext)) imported.add(m[1] + ext);
  return [...imported];
}

describe("the root layout's client messages", () => {
  it("cover every useTranslations namespace of client code outside app/console", () => {
    const all = files("app");
    const sources = new Map(all.map((f) => [f, readFileSync(f, "utf8")]));
    // A shared component imported only by console pages (by its "@/app/…" path) is the console's.
    const consoleOnly = (f: string) => {
      const importers = all.filter((g) => sources.get(g)!.includes(`"@/${f.replace(/\.tsx?$/, "")}"`));
      return importers.length > 0 && importers.every((g) => g.startsWith("app/console/"));
    };
    const used = new Set<string>();
    for (const f of clientFiles()) {
      if (f.startsWith("app/console/") || consoleOnly(f)) continue;
      for (const m of readFileSync(f, "utf8").matchAll(/useTranslations\("([^"]+)"\)/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(10);
    const picked = pickMessages(en, CLIENT_NAMESPACES);
    const missing = [...used].filter((ns) => ns.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], picked) === undefined);
    expect(missing).toEqual([]);
  });

  it("pick a dotted namespace's branch only, and are under half of the catalogue", () => {
    const picked = pickMessages({ a: { b: 1, c: 2 }, d: 3 }, ["a.b", "d", "nope"]);
    expect(picked).toEqual({ a: { b: 1 }, d: 3 });
    expect(JSON.stringify(pickMessages(en, CLIENT_NAMESPACES)).length).toBeLessThan(JSON.stringify(en).length / 2);
  });
});
