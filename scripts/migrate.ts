// `npm run db:migrate`: applies prisma/migrations as the owner (DATABASE_OWNER_URL, else DATABASE_URL)
// and prepares the job queue's schema for dajie_app (docs/database-roles.md).
import { migrate } from "../server/db/migrate.ts";
import { prepareJobSchema } from "../server/db/roles.ts";

const url = process.env.DATABASE_OWNER_URL ?? process.env.DATABASE_URL;
if (!url) {
  console.error("DATABASE_OWNER_URL (or DATABASE_URL) is not set. (`npm run demo` and `npm test` migrate their embedded database themselves.)");
  process.exit(2);
}
const applied = await migrate(url);
if (process.env.DATABASE_OWNER_URL) await prepareJobSchema(url);
console.log(applied.length ? `Applied: ${applied.join(", ")}` : "Database is up to date.");
