// Integration tests run against a real PostgreSQL: the one `npm test` starts (embedded) or DATABASE_URL.
if (!process.env.DATABASE_URL) {
  throw new Error("Integration tests need a database: run them with `npm test` (which starts an embedded PostgreSQL) or set DATABASE_URL.");
}
process.env.BETTER_AUTH_SECRET ??= "integration-tests-secret-integration-tests-secret";
process.env.APP_URL ??= "http://localhost:3000";
