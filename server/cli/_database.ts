// The database for CLI commands: DATABASE_URL when set, otherwise the demo's embedded PostgreSQL in
// .dajie/postgres (started for the command when `npm run demo` is not running).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { openDatabase, type Database } from "../../scripts/lib/database.ts";

export async function cliDatabase(): Promise<Database> {
  const database = await openDatabase({ root: join(process.cwd(), ".dajie", "postgres"), database: "dajie", reuseRunning: true });
  process.env.DATABASE_URL = database.url;
  // The demo's secret when there is one: the signed checkpoint feed's key is derived from it (unless
  // DAJIE_FEED_KEY is set), so `anchor verify` must see the same secret as the server that signed.
  const demoSecret = join(process.cwd(), ".dajie", "auth-secret");
  process.env.BETTER_AUTH_SECRET ??= existsSync(demoSecret) ? readFileSync(demoSecret, "utf8").trim() : "cli-does-not-sign-sessions-cli-does-not-sign-sessions";
  return database;
}
