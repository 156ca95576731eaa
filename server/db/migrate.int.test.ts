import pg from "pg";
import { describe, expect, it } from "vitest";
import { migrate, readMigrations } from "./migrate";

describe("migrate", () => {
  it("records every committed migration once, with its checksum; a second run applies nothing", async () => {
    const url = process.env.DATABASE_OWNER_URL!; // migrations run as the owner (docs/database-roles.md)
    expect(await migrate(url)).toEqual([]); // npm test migrated already
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const rows = await client.query<{ migration_name: string; checksum: string }>(`SELECT migration_name, checksum FROM "_prisma_migrations" ORDER BY migration_name`);
    await client.end();
    const files = readMigrations("prisma/migrations");
    expect(rows.rows.map((r) => [r.migration_name, r.checksum])).toEqual(files.map((m) => [m.name, m.checksum]));
  });
});
