// The part of autocannon (which ships no types) that scripts/lib/load-run.ts uses.
declare module "autocannon" {
  import type { EventEmitter } from "node:events";
  interface Options {
    url: string;
    connections?: number;
    duration?: number;
    timeout?: number;
    headers?: Record<string, string>;
  }
  function autocannon(options: Options, done?: (err: Error | null, result: unknown) => void): EventEmitter;
  export default autocannon;
}
