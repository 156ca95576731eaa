// Client components may import server modules only when those are pure (the rule, a schema, a date
// helper): following every value import from a "use client" file must never reach the database,
// node built-ins, Prisma or other server-only packages. Type-only imports are erased and do not count.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(__dirname, "..");
const FORBIDDEN = [/^node:/, /^@\/server\/db\//, /^@\/generated\/prisma/, /^pg$/, /^pdfkit$/, /^@prisma\//, /^next\/headers$/, /^@\/server\/env$/];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.tsx?$/.test(name) && !name.endsWith(".test.ts") ? [path] : [];
  });
}

/** Value imports of a module: `import x`, `import { a, type B }` with at least one value name, `export … from`. */
function valueImports(source: string): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(/^(?:import|export)\s+(type\s+)?([^;]*?)\s+from\s+"([^"]+)";?$/gm)) {
    if (m[1]) continue;
    const clause = m[2]!.trim();
    const onlyTypes = clause.startsWith("{") && clause.slice(1, -1).split(",").every((n) => !n.trim() || n.trim().startsWith("type "));
    if (!onlyTypes) out.push(m[3]!);
  }
  for (const m of source.matchAll(/^import\s+"([^"]+)";?$/gm)) out.push(m[1]!);
  return out;
}

function resolveLocal(spec: string, from: string): string | null {
  const base = spec.startsWith("@/") ? join(ROOT, spec.slice(2)) : spec.startsWith(".") ? resolve(dirname(from), spec) : null;
  if (!base) return null;
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, "index.ts")]) if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  return null;
}

/** The first forbidden import reachable from a file, as the chain of files that leads to it. */
function forbiddenChain(start: string): string[] | null {
  const seen = new Set<string>();
  const walk = (file: string, chain: string[]): string[] | null => {
    if (seen.has(file)) return null;
    seen.add(file);
    const source = readFileSync(file, "utf8");
    // A server action's module stays on the server; the client gets a reference to call.
    if (chain.length > 1 && source.startsWith('"use server"')) return null;
    for (const spec of valueImports(source)) {
      if (FORBIDDEN.some((f) => f.test(spec))) return [...chain, spec];
      const next = resolveLocal(spec, file);
      if (next) {
        const found = walk(next, [...chain, relative(ROOT, next)]);
        if (found) return found;
      }
    }
    return null;
  };
  return walk(start, [relative(ROOT, start)]);
}

describe("client components pull no server-only code into the browser", () => {
  const clientFiles = files(join(ROOT, "app")).filter((f) => readFileSync(f, "utf8").startsWith('"use client"'));

  it("there are client components to check (more than 20)", () => {
    expect(clientFiles.length).toBeGreaterThan(20);
  });

  it("no value import chain from a \"use client\" file reaches node:, the database, Prisma, pg, pdfkit, next/headers or the environment", () => {
    const offenders = clientFiles.map(forbiddenChain).filter((c): c is string[] => c !== null);
    expect(offenders.map((c) => c.join(" → "))).toEqual([]);
  });

  it("the checker itself finds chains: the upload store reaches node:fs, the console's import service the database", () => {
    expect(forbiddenChain(join(ROOT, "server/metering/import/uploads.ts"))?.at(-1)).toMatch(/^node:/);
    expect(forbiddenChain(join(ROOT, "server/metering/import/console-import.ts"))).not.toBeNull();
  });
});
