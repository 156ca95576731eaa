// The load generator of `npm run bench:public`, run as its own node process (never inside the server's
// or the bench's process): autocannon instances, one per group of connections that share a request
// (e.g. one per signed-in resident, each with its own cookie), all at once for the same duration. Every
// answer's latency is collected from autocannon's 'response' events, so percentiles (p95 included,
// which autocannon's summary lacks) are over all groups together. Prints one JSON line on stdout.
//
//   node --import tsx scripts/lib/load-run.ts '{"duration":10,"groups":[{"url":"http://…","connections":50}]}'
import autocannon from "autocannon";

export interface LoadGroup {
  url: string;
  connections: number;
  headers?: Record<string, string>;
}

export interface LoadSpec {
  duration: number;
  groups: LoadGroup[];
}

export interface LoadResult {
  requests: number;
  /** Answers whose status was not 2xx or 304, and connection errors and timeouts. */
  bad: number;
  statuses: Record<string, number>;
  errors: number;
  timeouts: number;
  seconds: number;
  reqPerSec: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** The q-quantile (nearest rank) of sorted latencies in ms. */
export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank]!;
}

export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  let timeouts = 0;
  const t0 = performance.now();
  await Promise.all(
    spec.groups.map(
      (g) =>
        new Promise<void>((resolve, reject) => {
          const instance = autocannon({ url: g.url, connections: g.connections, duration: spec.duration, headers: g.headers ?? {}, timeout: 30 }, (err) => (err ? reject(err) : resolve()));
          instance.on("response", (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
            latencies.push(responseTime);
            statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
          });
          instance.on("reqError", () => errors++);
          instance.on("timeout", () => timeouts++);
        }),
    ),
  );
  const seconds = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  const good = Object.entries(statuses).reduce((n, [s, k]) => n + ((+s >= 200 && +s < 300) || +s === 304 ? k : 0), 0);
  const round = (x: number) => Math.round(x * 10) / 10;
  return {
    requests: latencies.length,
    bad: latencies.length - good + errors + timeouts,
    statuses,
    errors,
    timeouts,
    seconds: round(seconds),
    reqPerSec: round(latencies.length / spec.duration),
    p50: round(quantile(latencies, 0.5)),
    p95: round(quantile(latencies, 0.95)),
    p99: round(quantile(latencies, 0.99)),
    max: round(latencies.at(-1) ?? NaN),
  };
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop()!)) {
  const spec = JSON.parse(process.argv[2] ?? "") as LoadSpec;
  console.log(JSON.stringify(await runLoad(spec)));
}
