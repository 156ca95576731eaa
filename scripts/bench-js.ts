// `npm run bench:js`: the JavaScript each page makes the browser load first, from the production
// build's manifests (run `next build` before). Prints figures, asserts nothing.
//
//   npm run build && npm run bench:js
//   npm run bench:js -- --dir .next   another build folder
//
// For every app route with a page, the page's initial scripts are the framework's shared chunks
// (`rootMainFiles` and polyfills of .next/build-manifest.json) plus the entry chunks of its layouts
// and its page (`entryJSFiles` of .next/server/app/<route>/page_client-reference-manifest.js).
// Chunks behind next/dynamic or import() are loaded later: they are counted apart as "lazy" (chunk
// paths named inside the page's own chunks, followed transitively, that are not initial). The baseline is
// the framework's shared chunks alone, measured in the same run; each page's ratio is against it.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { runInNewContext } from "node:vm";
import { gzipSync } from "node:zlib";

const dirFlag = process.argv.indexOf("--dir");
const DIST = dirFlag >= 0 ? process.argv[dirFlag + 1]! : ".next";

if (!existsSync(join(DIST, "build-manifest.json"))) {
  console.error(`No production build in ${DIST}/ (build-manifest.json missing): run \`npm run build\` first.`);
  process.exit(1);
}

interface BuildManifest {
  rootMainFiles?: string[];
  polyfillFiles?: string[];
}
interface ClientReferenceManifest {
  entryJSFiles?: Record<string, string[]>;
  clientModules?: Record<string, { chunks?: string[] }>;
}

const buildManifest = JSON.parse(readFileSync(join(DIST, "build-manifest.json"), "utf8")) as BuildManifest;
const shared = [...(buildManifest.polyfillFiles ?? []), ...(buildManifest.rootMainFiles ?? [])].filter((f) => f.endsWith(".js"));

const sizes = new Map<string, { raw: number; gzip: number }>();
function size(file: string): { raw: number; gzip: number } {
  const known = sizes.get(file);
  if (known) return known;
  const path = join(DIST, file.replace(/^\/?_next\//, ""));
  if (!existsSync(path)) return { raw: 0, gzip: 0 };
  const bytes = readFileSync(path);
  const s = { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  sizes.set(file, s);
  return s;
}
const total = (files: Iterable<string>) => {
  let raw = 0;
  let gzip = 0;
  for (const f of files) {
    const s = size(f);
    raw += s.raw;
    gzip += s.gzip;
  }
  return { raw, gzip };
};

/** Every page_client-reference-manifest.js under server/app, with its route ("/c/[slug]"). */
function manifests(dir: string): { route: string; file: string }[] {
  const out: { route: string; file: string }[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...manifests(path));
    else if (name === "page_client-reference-manifest.js") {
      const route = "/" + relative(join(DIST, "server", "app"), dir).split(sep).join("/");
      out.push({ route: route === "/" ? "/" : route.replace(/\/$/, ""), file: path });
    }
  }
  return out;
}

function readManifest(file: string): ClientReferenceManifest {
  const sandbox: { globalThis?: unknown; __RSC_MANIFEST?: Record<string, ClientReferenceManifest> } = {};
  sandbox.globalThis = sandbox;
  runInNewContext(readFileSync(file, "utf8"), sandbox);
  const all = sandbox.__RSC_MANIFEST ?? {};
  return Object.values(all)[0] ?? {};
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`.padStart(10);
const base = total(shared);
const rows: { route: string; initial: { raw: number; gzip: number }; lazy: { raw: number; gzip: number } }[] = [];
for (const { route, file } of manifests(join(DIST, "server", "app"))) {
  if (route.startsWith("/_")) continue; // _not-found, _global-error: framework pages
  const m = readManifest(file);
  const entries = m.entryJSFiles ?? {};
  // Entries are keyed by module ("[project]/app/layout", "[project]/app/c/[slug]/page"): this page's
  // own entry and those of its layouts (every other entry in the manifest belongs to this route).
  const initial = new Set<string>(shared);
  for (const files of Object.values(entries)) for (const f of files) if (f.endsWith(".js")) initial.add(f.startsWith("/") ? f.slice(1) : f);
  // Client components of the page not in its entry chunks, and chunks the page's own chunks name
  // (next/dynamic and import() load them by path), followed transitively: loaded later, if at all.
  const lazy = new Set<string>();
  for (const mod of Object.values(m.clientModules ?? {})) for (const c of mod.chunks ?? []) if (c.endsWith(".js")) lazy.add(c.replace(/^\/?(_next\/)?/, ""));
  const pageOwn = [...initial].filter((f) => !shared.includes(f));
  for (const queue = [...pageOwn, ...lazy]; queue.length > 0; ) {
    const file = queue.pop()!;
    const path = join(DIST, file);
    if (!existsSync(path)) continue;
    for (const [ref] of readFileSync(path, "utf8").matchAll(/static\/chunks\/[\w.-]+\.js/g)) {
      if (!initial.has(ref) && !lazy.has(ref)) {
        lazy.add(ref);
        queue.push(ref);
      }
    }
  }
  for (const f of initial) lazy.delete(f);
  rows.push({ route, initial: total(initial), lazy: total(lazy) });
}
rows.sort((a, b) => a.route.localeCompare(b.route));

console.log(`JavaScript per page from ${DIST}/ (initial load; "lazy" = client chunks loaded later, e.g. next/dynamic)`);
console.log(`baseline (framework shared chunks, ${shared.length} files): ${kb(base.raw)} raw ${kb(base.gzip)} gzip`);
console.log("");
console.log(`${"page".padEnd(40)} ${"raw".padStart(10)} ${"gzip".padStart(10)} ${"× base".padStart(7)} ${"lazy raw".padStart(10)} ${"lazy gzip".padStart(10)}`);
for (const r of rows) {
  const ratio = base.gzip ? (r.initial.gzip / base.gzip).toFixed(2) : "—";
  console.log(`${r.route.padEnd(40)} ${kb(r.initial.raw)} ${kb(r.initial.gzip)} ${ratio.padStart(7)} ${kb(r.lazy.raw)} ${kb(r.lazy.gzip)}`);
}
