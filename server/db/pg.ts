// A plain `pg` pool for what Prisma does not do: COPY streams and long single-connection transactions.
import pg from "pg";
import { env } from "@/server/env";

const globalForPg = globalThis as typeof globalThis & { dajiePg?: pg.Pool };

export function pgPool(): pg.Pool {
  globalForPg.dajiePg ??= new pg.Pool({ connectionString: env().DATABASE_URL, max: 5 });
  return globalForPg.dajiePg;
}
