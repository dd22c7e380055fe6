import type { Compilable, CompiledQuery, Kysely, QueryResult } from 'kysely';

/**
 * Marks a statement for the PostgreSQL client (connect.ts) to run as a named prepared statement.
 * The server then parses and plans it once per connection, not on every call: for the big
 * statements of a registration that was about a third of the server's time
 * (bench/records-intake.ts). Only for statements whose best plan does not depend on their
 * values (inserts, key lookups), since after five runs the server may keep a generic plan.
 */
export const PREPARED_MARK = '/* prepared */ ';

/** Runs a query as a prepared statement (on PGlite, as any other statement). */
export async function executePrepared<R>(
  db: Kysely<any>,
  query: Compilable<R> | CompiledQuery<R>,
): Promise<QueryResult<R>> {
  const compiled = 'compile' in query ? query.compile() : query;
  return db.executeQuery<R>({ ...compiled, sql: PREPARED_MARK + compiled.sql });
}
