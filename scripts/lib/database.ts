// The database for scripts: DATABASE_URL when set (production use), else an embedded PostgreSQL.
// Two roles (docs/database-roles.md): migrations run as the owner (DATABASE_OWNER_URL; on the embedded
// server its superuser), the app connects as dajie_app (DATABASE_URL; on the embedded server derived).
import { createHmac, randomBytes } from "node:crypto";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrate } from "../../server/db/migrate.ts";
import { APP_ROLE, enableAppLogin, prepareJobSchema, withCredentials } from "../../server/db/roles.ts";
import { startEmbeddedPostgres } from "./embedded-postgres.ts";

export interface Database {
  /** The app's connection (role dajie_app). */
  url: string;
  /** The owner's connection: migrations, and tests that tamper with data the app cannot touch. */
  ownerUrl: string;
  embedded: boolean;
  stop(): Promise<void>;
}

export async function openDatabase(opts: { root: string; database: string; port?: number; reuseRunning?: boolean }): Promise<Database> {
  const given = process.env.DATABASE_URL;
  let db: Database;
  if (given) {
    const ownerUrl = process.env.DATABASE_OWNER_URL;
    if (!ownerUrl) console.error("[db] DATABASE_OWNER_URL is not set: migrating with DATABASE_URL (see docs/database-roles.md)");
    db = { url: given, ownerUrl: ownerUrl ?? given, embedded: false, stop: async () => {} };
  } else {
    const pg = await startEmbeddedPostgres({ root: opts.root, database: opts.database, port: opts.port, reuseRunning: opts.reuseRunning });
    // The app's password is derived from the superuser's (kept beside the cluster), so nothing more is stored.
    const superPassword = decodeURIComponent(new URL(pg.url).password);
    const appPassword = createHmac("sha256", superPassword).update(APP_ROLE).digest("base64url");
    db = { url: withCredentials(pg.url, APP_ROLE, appPassword), ownerUrl: pg.url, embedded: true, stop: pg.stop };
    const applied = await migrate(db.ownerUrl);
    if (applied.length) console.error(`[db] applied migrations: ${applied.join(", ")}`);
    await enableAppLogin(db.ownerUrl, appPassword);
    await prepareJobSchema(db.ownerUrl);
    return db;
  }
  const applied = await migrate(db.ownerUrl);
  if (applied.length) console.error(`[db] applied migrations: ${applied.join(", ")}`);
  // With one URL for both, the app is the owner and pg-boss installs its own schema.
  if (db.ownerUrl !== db.url) await prepareJobSchema(db.ownerUrl);
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
