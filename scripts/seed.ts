// Seeds the demo data set into DATABASE_URL (used by `npm test` for the browser tests; `npm run demo`
// seeds its own embedded database).
import { auth } from "../server/auth/auth.ts";
import { db } from "../server/db/client.ts";
import { seedDemo } from "../server/demo/seed.ts";

const result = await seedDemo(db(), { hashPassword: async (pw) => (await auth().$context).password.hash(pw) });
console.log(result.seeded ? `[seed] demo data seeded (${result.readings} readings, ${result.runs} final settlement runs)` : "[seed] demo data already present");
await db().$disconnect();
