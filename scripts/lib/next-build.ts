// Whether the production build in .next is missing or older than the sources it is built from
// (`npm run demo` and `npm run bench:public` rebuild then).
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** The inputs of `next build`: a file here newer than .next/BUILD_ID makes the build stale. */
export const BUILD_INPUTS = ["app", "server", "generated", "public", "messages", "proxy.ts", "next.config.js", "postcss.config.mjs", "package-lock.json"];

/** True when there is no production build or a source file is newer than it. */
export function buildIsStale(root = process.cwd()): boolean {
  const buildId = join(root, ".next", "BUILD_ID");
  if (!existsSync(buildId)) return true;
  const built = statSync(buildId).mtimeMs;
  const newest = (path: string): number => {
    if (!existsSync(path)) return 0;
    const st = statSync(path);
    if (!st.isDirectory()) return st.mtimeMs;
    return Math.max(st.mtimeMs, ...readdirSync(path).map((f) => newest(join(path, f))));
  };
  return BUILD_INPUTS.some((p) => newest(join(root, p)) > built);
}
