// One statement as the schema's owner, for benches: VACUUM/ANALYZE and scratch tables are beyond the
// app's role dajie_app (docs/database-roles.md).
import pg from "pg";

export async function ownerQuery(ownerUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
