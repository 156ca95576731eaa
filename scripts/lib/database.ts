// The database for scripts: DATABASE_URL when set (production use), else an embedded PostgreSQL.
import { randomBytes } from "node:crypto";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrate } from "../../server/db/migrate.ts";
import { startEmbeddedPostgres } from "./embedded-postgres.ts";

export interface Database {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

export async function openDatabase(opts: { root: string; database: string; port?: number; reuseRunning?: boolean }): Promise<Database> {
  const given = process.env.DATABASE_URL;
  let db: Database;
  if (given) {
    db = { url: given, embedded: false, stop: async () => {} };
  } else {
    const pg = await startEmbeddedPostgres({ root: opts.root, database: opts.database, port: opts.port, reuseRunning: opts.reuseRunning });
    db = { url: pg.url, embedded: true, stop: pg.stop };
  }
  const applied = await migrate(db.url);
  if (applied.length) console.error(`[db] applied migrations: ${applied.join(", ")}`);
  return db;
}

/**
 * A benchmark's throwaway database: an embedded PostgreSQL in a fresh temporary folder (or
 * DATABASE_URL when set), with the environment the server modules read. `work` is that folder, for
 * the benchmark's own files; `close()` stops the database and removes the folder.
 */
export async function benchDatabase(prefix: string): Promise<Database & { work: string; close(): Promise<void> }> {
  const work = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(work, 0o711); // the embedded server runs as the 'postgres' user and must reach its data folder
  const database = await openDatabase({ root: join(work, "pg"), database: "dajie_bench" });
  process.env.DATABASE_URL = database.url;
  process.env.BETTER_AUTH_SECRET ??= randomBytes(32).toString("hex");
  return {
    ...database,
    work,
    close: async () => {
      await database.stop();
      rmSync(work, { recursive: true, force: true });
    },
  };
}
