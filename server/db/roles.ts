// The two database roles (docs/database-roles.md): the owner runs migrations and owns the schema;
// the app, the job queue and the CLI connect as `dajie_app` (privileges in the migration *_app_role).
import PgBoss from "pg-boss";
import pg from "pg";

export const APP_ROLE = "dajie_app";
export const JOB_SCHEMA = "pgboss";

/**
 * Makes `schema` the job queue's, owned by dajie_app. pg-boss creates a table per queue and attaches
 * it to its `job` table, which needs the owner of `job`; and it installs itself with CREATE SCHEMA,
 * which needs CREATE on the database. So the owner installs it here (at migrate time) and hands every
 * object over to dajie_app, which then owns only the queue's schema. The owner must be a superuser or
 * a member of dajie_app (`GRANT dajie_app TO <owner>`). Safe to call again.
 */
export async function prepareJobSchema(ownerUrl: string, schema = JOB_SCHEMA): Promise<void> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const installed = await client.query("SELECT to_regclass($1) AS t", [`${client.escapeIdentifier(schema)}.version`]);
    if (!installed.rows[0].t) await client.query(PgBoss.getConstructionPlans(schema));
    const owned = (sql: string) => client.query<{ stmt: string }>(sql, [schema, APP_ROLE]);
    const statements = [
      ...(await owned(`SELECT format('ALTER SCHEMA %I OWNER TO %I', n.nspname, $2::text) AS stmt FROM pg_namespace n
                        WHERE n.nspname = $1 AND pg_get_userbyid(n.nspowner) <> $2`)).rows,
      ...(await owned(`SELECT format('ALTER TABLE %I.%I OWNER TO %I', n.nspname, c.relname, $2::text) AS stmt
                         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                        WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v') AND pg_get_userbyid(c.relowner) <> $2`)).rows,
      ...(await owned(`SELECT format('ALTER TYPE %I.%I OWNER TO %I', n.nspname, t.typname, $2::text) AS stmt
                         FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
                        WHERE n.nspname = $1 AND t.typtype = 'e' AND pg_get_userbyid(t.typowner) <> $2`)).rows,
      ...(await owned(`SELECT format('ALTER ROUTINE %s OWNER TO %I', p.oid::regprocedure, $2::text) AS stmt
                         FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                        WHERE n.nspname = $1 AND pg_get_userbyid(p.proowner) <> $2`)).rows,
    ];
    if (statements.length) {
      await client.query("BEGIN");
      for (const { stmt } of statements) await client.query(stmt);
      await client.query("COMMIT");
    }
  } finally {
    await client.end();
  }
}

/** The embedded server only: lets dajie_app sign in with `password` (the operator does this elsewhere). */
export async function enableAppLogin(ownerUrl: string, password: string): Promise<void> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await client.query(`ALTER ROLE ${client.escapeIdentifier(APP_ROLE)} LOGIN PASSWORD ${client.escapeLiteral(password)}`);
  } finally {
    await client.end();
  }
}

/** `url` with its user and password replaced. */
export function withCredentials(url: string, user: string, password: string): string {
  const u = new URL(url);
  u.username = encodeURIComponent(user);
  u.password = encodeURIComponent(password);
  return u.toString();
}
