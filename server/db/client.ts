// The Prisma client, through the `pg` driver adapter (Prisma 7). One per process, created on first use.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/generated/prisma/client";
import { env } from "@/server/env";

export type Db = PrismaClient;
/** A client or an interactive transaction: what services take as their first argument. */
export type Tx = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

const globalForDb = globalThis as typeof globalThis & { dajieDb?: PrismaClient };

export function createDb(url: string): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
}

export function db(): PrismaClient {
  globalForDb.dajieDb ??= createDb(env().DATABASE_URL);
  return globalForDb.dajieDb;
}
