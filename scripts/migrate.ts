// `npm run db:migrate`: applies prisma/migrations to DATABASE_URL.
import { migrate } from "../server/db/migrate.ts";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL is not set. (`npm run demo` and `npm test` migrate their embedded database themselves.)");
  process.exit(2);
}
const applied = await migrate(url);
console.log(applied.length ? `Applied: ${applied.join(", ")}` : "Database is up to date.");
