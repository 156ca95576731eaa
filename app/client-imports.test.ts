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
function forbiddenChain(start: string, forbidden: RegExp[] = FORBIDDEN): string[] | null {
  const seen = new Set<string>();
  const walk = (file: string, chain: string[]): string[] | null => {
    if (seen.has(file)) return null;
    seen.add(file);
    const source = readFileSync(file, "utf8");
    // A server action's module stays on the server; the client gets a reference to call.
    if (chain.length > 1 && source.startsWith('"use server"')) return null;
    for (const spec of valueImports(source)) {
      if (forbidden.some((f) => f.test(spec))) return [...chain, spec];
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
    const offenders = clientFiles.map((f) => forbiddenChain(f)).filter((c): c is string[] => c !== null);
    expect(offenders.map((c) => c.join(" → "))).toEqual([]);
  });

  it("the checker itself finds chains: the upload store reaches node:fs, the console's import service the database", () => {
    expect(forbiddenChain(join(ROOT, "server/metering/import/uploads.ts"))?.at(-1)).toMatch(/^node:/);
    expect(forbiddenChain(join(ROOT, "server/metering/import/console-import.ts"))).not.toBeNull();
  });
});

// The query client, the tRPC client and better-auth's React client are loaded by the layouts of the
// segments whose pages call tRPC (app/console, app/me, app/invite, app/reset), never by the root layout:
// the landing page, sign-in, the public pages and the API docs ship none of it (measured by npm run bench:js).
const QUERY_CLIENT = [/^@tanstack\/react-query$/, /^@trpc\/client$/, /^@trpc\/tanstack-react-query$/, /^@\/app\/_lib\/trpc$/, /^better-auth\/react$/];
const TRPC_SEGMENTS = ["console", "me", "invite", "reset"].map((s) => join(ROOT, "app", s));

describe("pages outside the tRPC segments load no query client", () => {
  const entries = files(join(ROOT, "app")).filter((f) => /\/(page|layout)\.tsx$/.test(f) && !TRPC_SEGMENTS.some((s) => f.startsWith(s + "/")));

  it("the root layout, the landing page, sign-in and the public pages are among them", () => {
    const names = entries.map((f) => relative(ROOT, f));
    expect(names).toEqual(expect.arrayContaining(["app/layout.tsx", "app/page.tsx", "app/sign-in/page.tsx", "app/forgot-password/page.tsx", "app/c/[slug]/page.tsx"]));
  });

  it("no value import chain from them reaches React Query, the tRPC client or better-auth's React client", () => {
    const offenders = entries.map((f) => forbiddenChain(f, QUERY_CLIENT)).filter((c): c is string[] => c !== null);
    expect(offenders.map((c) => c.join(" → "))).toEqual([]);
  });

  it("the checker finds the query client where it is: the console's layout reaches @tanstack/react-query", () => {
    expect(forbiddenChain(join(ROOT, "app/console/layout.tsx"), QUERY_CLIENT)?.at(-1)).toMatch(/trpc|tanstack/);
  });
});
