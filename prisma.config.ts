import { defineConfig } from "prisma/config";

// Prisma 7 does not read .env and `env()` throws when a variable is unset (even for `generate`),
// so the URL falls back to a harmless default; the application itself reads it from server/env.ts.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/dajie" },
});
