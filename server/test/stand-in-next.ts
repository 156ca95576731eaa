// A small HTTP server playing Next.js for tests of proxy.ts's page copies: proxy.ts renders a missing
// copy by asking its own server (__NEXT_PRIVATE_ORIGIN), which here is this one.
import { createServer, type RequestListener } from "node:http";

/** Starts `render` on a free port as the origin proxy.ts renders through; close() stops it and restores the origin. */
export async function standInNext(render: RequestListener): Promise<{ close(): Promise<void> }> {
  const server = createServer(render);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const addr = server.address();
  const previousOrigin = process.env.__NEXT_PRIVATE_ORIGIN;
  process.env.__NEXT_PRIVATE_ORIGIN = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;
  return {
    async close() {
      process.env.__NEXT_PRIVATE_ORIGIN = previousOrigin;
      await new Promise((r) => server.close(r));
    },
  };
}
