// Integration tests connect as dajie_app (DATABASE_URL), like the app. A test that must do what the app
// cannot — tamper with the ledger or the audit log to show that `verify` notices, check a trigger that
// only the owner can reach, plant a failing trigger — uses the owner's connection (DATABASE_OWNER_URL,
// the embedded server's superuser under `npm test`).
import type { PrismaClient } from "@/generated/prisma/client";
import { createDb } from "@/server/db/client";

const globalForOwner = globalThis as unknown as { dajieOwnerDb?: PrismaClient };

export function ownerUrl(): string {
  const url = process.env.DATABASE_OWNER_URL;
  if (!url) throw new Error("DATABASE_OWNER_URL is not set: `npm test` sets it (the owner of the schema; docs/database-roles.md).");
  return url;
}

export function ownerDb(): PrismaClient {
  globalForOwner.dajieOwnerDb ??= createDb(ownerUrl());
  return globalForOwner.dajieOwnerDb;
}
