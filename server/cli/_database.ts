// The database for CLI commands: DATABASE_URL when set, otherwise the demo's embedded PostgreSQL in
// .dajie/postgres (started for the command when `npm run demo` is not running).
import { join } from "node:path";
import { openDatabase, type Database } from "../../scripts/lib/database.ts";

export async function cliDatabase(): Promise<Database> {
  const database = await openDatabase({ root: join(process.cwd(), ".dajie", "postgres"), database: "dajie", reuseRunning: true });
  process.env.DATABASE_URL = database.url;
  process.env.BETTER_AUTH_SECRET ??= "cli-does-not-sign-sessions-cli-does-not-sign-sessions";
  return database;
}
