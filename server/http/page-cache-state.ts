// The page cache's process state, on globalThis: proxy.ts (bundled by Next) and the custom server's
// fast path (server.ts → server/http/fast-path.ts, loaded by tsx) are separate module instances in one
// process, and must answer from, and fill, the same copies.
import { PageCache } from "./page-cache";
import { newNonce } from "./security-headers";

/** Marks the proxy's own render request; its value is a secret of this process, so no client can send it. */
export const FILL_HEADER = "x-dajie-page-fill";

export interface PageCacheState {
  cache: PageCache;
  secret: string;
}

const holder = globalThis as typeof globalThis & { dajiePageCache?: PageCacheState };

export function pageCacheState(): PageCacheState {
  return (holder.dajiePageCache ??= { cache: new PageCache(), secret: `${newNonce()}${newNonce()}` });
}
