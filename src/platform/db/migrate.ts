import { type Kysely, sql } from 'kysely';

/** One schema step. Ids are ordered as given; an applied id is never run again. */
export interface Migration {
  id: string;
  sql: string;
}

// Arbitrary constant: serialises migrations when several app nodes start at once.
const MIGRATION_LOCK = 72_650_001;

export async function migrate(
  db: Kysely<any>,
  migrations: Migration[],
  opts: { kind: 'pglite' | 'postgres' },
): Promise<string[]> {
  const ids = new Set<string>();
  for (const m of migrations) {
    if (ids.has(m.id)) throw new Error(`Duplicate migration id ${m.id}`);
    ids.add(m.id);
  }
  return db.connection().execute(async (conn) => {
    if (opts.kind === 'postgres') await sql`SELECT pg_advisory_lock(${MIGRATION_LOCK})`.execute(conn);
    try {
      await sql`CREATE TABLE IF NOT EXISTS schema_migration (
        id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`.execute(conn);
      const done = new Set(
        (await sql<{ id: string }>`SELECT id FROM schema_migration`.execute(conn)).rows.map((r) => r.id),
      );
      const applied: string[] = [];
      for (const m of migrations) {
        if (done.has(m.id)) continue;
        await conn.transaction().execute(async (trx) => {
          await sql.raw(m.sql).execute(trx);
          await sql`INSERT INTO schema_migration (id) VALUES (${m.id})`.execute(trx);
        });
        applied.push(m.id);
      }
      return applied;
    } finally {
      if (opts.kind === 'postgres') await sql`SELECT pg_advisory_unlock(${MIGRATION_LOCK})`.execute(conn);
    }
  });
}
