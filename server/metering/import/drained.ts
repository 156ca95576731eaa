// Waits until a COPY stream has room again ("drain"), or errored or closed, and removes its listeners:
// a Promise.race of once()s would leave one listener behind per wait, thousands on a large file.
import type { Writable } from "node:stream";

export function drained(stream: Writable, failed: () => boolean): Promise<void> {
  return new Promise<void>((resolve) => {
    // An errored or closed stream never drains: do not wait for it.
    if (failed() || stream.destroyed) return resolve();
    const done = () => {
      stream.off("drain", done);
      stream.off("error", done);
      stream.off("close", done);
      resolve();
    };
    stream.on("drain", done);
    stream.on("error", done);
    stream.on("close", done);
  });
}
