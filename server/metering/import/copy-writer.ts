// Streams rows into `COPY … FROM STDIN` (text format), buffering lines into ~256 KB writes and
// honouring back-pressure so memory stays flat however many rows pass through.
import type { PoolClient } from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { finished } from "node:stream/promises";

export interface CopyWriter {
  write(line: string): void | Promise<void>;
  end(): Promise<void>;
}

const FLUSH_AT = 256 * 1024;

export function copyWriter(client: PoolClient, sql: string): CopyWriter {
  const stream = client.query(copyFrom(sql));
  let failure: Error | null = null;
  stream.on("error", (err: Error) => (failure = err));
  let buffer = "";
  // Waits for "drain" (or an error) and removes both listeners again: a Promise.race of two once()s
  // would leave one listener behind per wait, thousands of them on a large file.
  const drained = () =>
    new Promise<void>((resolve) => {
      // An errored or closed stream never drains: do not wait for it.
      if (failure || stream.destroyed) return resolve();
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
  const flush = async () => {
    if (failure) throw failure;
    const chunk = buffer;
    buffer = "";
    if (!stream.write(chunk)) await drained();
    if (failure) throw failure;
  };
  return {
    write(line) {
      buffer += line;
      if (buffer.length >= FLUSH_AT) return flush();
    },
    async end() {
      if (buffer) await flush();
      stream.end();
      await finished(stream);
      if (failure) throw failure;
    },
  };
}
