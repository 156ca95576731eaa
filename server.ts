// The production server (`npm start`, `npm run demo`, the browser tests): Next.js behind a node:http
// server whose fast path answers the anonymous public pages kept in the page cache without Next's
// request pipeline (server/http/fast-path.ts, docs/adr/0013); every other request goes to Next, which
// runs proxy.ts (that renders and keeps a missed page) and instrumentation.ts (the job queue).
// Run with tsx (`tsx server.ts`): the fast path shares the app's TypeScript modules and their state on
// globalThis. `next dev` is not served through here.
import { createServer } from "node:http";
import next from "next";
import { answerFromPageCache } from "@/server/http/fast-path";
import { pageCacheState } from "@/server/http/page-cache-state";

const port = Number(process.env.PORT ?? 3000);
// HOST, not HOSTNAME: many shells and containers set HOSTNAME to the machine's name.
const hostname = process.env.HOST;
process.env.PORT = String(port);
// proxy.ts renders a missed page by a request to this server (as under `next start`, which sets it).
process.env.__NEXT_PRIVATE_ORIGIN ??= `http://localhost:${port}`;

const app = next({ dev: false, port, hostname: hostname ?? "localhost", dir: process.cwd() });
const handle = app.getRequestHandler();
await app.prepare();

// DAJIE_SERVER_STATS=N logs, every N requests, how many the fast path answered and the process's CPU
// time per request (user + system, from process.cpuUsage): a measure that does not depend on the load.
const statsEvery = Number(process.env.DAJIE_SERVER_STATS ?? 0);
let counted = { requests: 0, fast: 0, cpu: process.cpuUsage() };

const server = createServer((req, res) => {
  if (statsEvery > 0 && ++counted.requests % statsEvery === 0) {
    const cpu = process.cpuUsage(counted.cpu);
    console.log(`[server] ${statsEvery} requests: ${counted.fast} fast-path, ${((cpu.user + cpu.system) / 1000 / statsEvery).toFixed(3)} ms CPU per request (kept copies: ${pageCacheState().cache.size})`);
    counted = { requests: 0, fast: 0, cpu: process.cpuUsage() };
  }
  try {
    if (answerFromPageCache(req, res)) return void counted.fast++;
  } catch (err) {
    // The fast path failed before writing: Next answers as if it were not there.
    console.error("[fast-path]", err);
    if (res.headersSent) return void res.destroy();
  }
  void handle(req, res);
});
server.listen(port, hostname, () => console.log(`▲ Ready on http://${hostname ?? "localhost"}:${port} (Next.js behind the page-cache fast path)`));

// As `next start`: a signal ends the process (open keep-alive connections would hold server.close()).
process.on("SIGTERM", () => process.exit(0));
process.on("SIGINT", () => process.exit(0));
