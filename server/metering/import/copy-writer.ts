// Streams rows into `COPY … FROM STDIN` (text format), buffering lines into ~256 KB writes and
// honouring back-pressure so memory stays flat however many rows pass through.
import type { PoolClient } from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { finished } from "node:stream/promises";
import { drained as streamDrained } from "./drained";

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
  const drained = () => streamDrained(stream, () => failure !== null);
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
