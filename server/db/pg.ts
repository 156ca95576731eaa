// A plain `pg` pool for what Prisma does not do: COPY streams and long single-connection transactions.
import pg from "pg";
import { env } from "@/server/env";

const globalForPg = globalThis as typeof globalThis & { dajiePg?: pg.Pool };

export function pgPool(): pg.Pool {
  globalForPg.dajiePg ??= new pg.Pool({ connectionString: env().DATABASE_URL, max: 5 });
  return globalForPg.dajiePg;
}

/** Ends the pool if one was opened (CLI commands, before they exit). */
export async function closePgPool(): Promise<void> {
  const pool = globalForPg.dajiePg;
  globalForPg.dajiePg = undefined;
  await pool?.end();
}
