// The database for CLI commands: DATABASE_URL when set, otherwise the demo's embedded PostgreSQL in
// .dajie/postgres (started for the command when `npm run demo` is not running).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { openDatabase, type Database } from "../../scripts/lib/database.ts";
import type { Db } from "../db/client";

export async function cliDatabase(): Promise<Database> {
  const database = await openDatabase({ root: join(process.cwd(), ".dajie", "postgres"), database: "dajie", reuseRunning: true });
  process.env.DATABASE_URL = database.url;
  // The demo's secret when there is one: the signed checkpoint feed's key is derived from it (unless
  // DAJIE_FEED_KEY is set), so `anchor verify` must see the same secret as the server that signed.
  const demoSecret = join(process.cwd(), ".dajie", "auth-secret");
  process.env.BETTER_AUTH_SECRET ??= existsSync(demoSecret) ? readFileSync(demoSecret, "utf8").trim() : "cli-does-not-sign-sessions-cli-does-not-sign-sessions";
  return database;
}

/**
 * Runs a command's work against the CLI's database with the Prisma client; afterwards closes the
 * command's connections (Prisma's, and the pg pool if the work opened one) and stops the database
 * when the command started it. The client is imported only once DATABASE_URL is set.
 */
export async function withCliDatabase<T>(work: (db: Db) => Promise<T>): Promise<T> {
  const database = await cliDatabase();
  const { db } = await import("../db/client");
  const { closePgPool } = await import("../db/pg");
  try {
    return await work(db());
  } finally {
    await db().$disconnect();
    await closePgPool();
    await database.stop();
  }
}
