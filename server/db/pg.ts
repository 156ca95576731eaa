// A plain `pg` pool for what Prisma does not do: COPY streams and long single-connection transactions.
import pg from "pg";
import { env } from "@/server/env";

const globalForPg = globalThis as typeof globalThis & { dajiePg?: pg.Pool };

export function pgPool(): pg.Pool {
  if (!globalForPg.dajiePg) {
    const pool = new pg.Pool({ connectionString: env().DATABASE_URL, max: 5 });
    // An idle client the server drops (restart, shutdown at the end of a bench) is removed from the
    // pool by pg itself; without a listener the "error" event would crash the whole process.
    pool.on("error", (err) => console.error(`[db] idle connection lost: ${err.message}`));
    globalForPg.dajiePg = pool;
  }
  return globalForPg.dajiePg;
}

/** Ends the pool if one was opened (CLI commands, before they exit). */
export async function closePgPool(): Promise<void> {
  const pool = globalForPg.dajiePg;
  globalForPg.dajiePg = undefined;
  await pool?.end();
}
