// The database for scripts: DATABASE_URL when set (production use), else an embedded PostgreSQL.
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
