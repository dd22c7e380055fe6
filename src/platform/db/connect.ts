import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { type Migration, migrate } from './migrate.js';
import { PGliteDialect } from './pglite-dialect.js';
import { PIPELINE_MARK, PipelineQuery, type PipelineStep } from './pipeline.js';
import { PREPARED_MARK } from './prepared.js';
import type { DB } from './types.js';

/** The role every request runs as: no superuser, no BYPASSRLS, no DDL, no audit UPDATE/DELETE. */
export const APP_ROLE = 'samosprava_app';

export type DatabaseKind = 'pglite' | 'postgres';

export interface Database {
  kind: DatabaseKind;
  /** Runtime access as APP_ROLE: row-level security applies to everything. */
  db: Kysely<DB>;
  /** The embedded engine itself (PGlite only): tests dump it as a template and act as superuser. */
  pglite?: PGlite;
  close(): Promise<void>;
}

export interface OpenOptions {
  databaseUrl: string | null;
  /** PGlite data directory; null keeps the database in memory. */
  pgliteDir: string | null;
  /** A PGlite data-dir dump (tar) to start from, used by tests to clone a migrated template. */
  pgliteLoad?: Blob;
  migrations: Migration[];
  poolSize?: number;
}

// bigint columns (audit seq, counters) come back as numbers; values stay far below 2^53.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl, opts) : openPglite(opts);
}

export function pgliteExtensions() {
  return { unaccent, pg_trgm };
}

async function openPglite(opts: OpenOptions): Promise<Database> {
  if (opts.pgliteDir) fs.mkdirSync(path.dirname(opts.pgliteDir), { recursive: true });
  const pglite = await PGlite.create({
    ...(opts.pgliteDir ? { dataDir: opts.pgliteDir } : {}),
    ...(opts.pgliteLoad ? { loadDataDir: opts.pgliteLoad } : {}),
    extensions: pgliteExtensions(),
  });
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite) });
  // PGlite connects as a superuser: migrate as that, then drop to the app role for good.
  await migrate(db, opts.migrations, { kind: 'pglite' });
  await ensureAppRole(db);
  await sql.raw(`SET ROLE ${APP_ROLE}`).execute(db);
  return { kind: 'pglite', db, pglite, close: () => db.destroy() };
}

/**
 * A message of several statements (simple protocol) answers with one result per statement;
 * Kysely reads a single one. This client gives it the last, as the PGlite dialect does, so a
 * transaction can send BEGIN, its settings and a first query in one round trip (tenant.ts).
 * Statements marked `PREPARED_MARK` run as named prepared statements (prepared.ts), and a
 * `PIPELINE_MARK` query sends its statements in one message (pipeline.ts).
 */
class LastResultClient extends pg.Client {
  // pg's query has a dozen overloads; only the promise form is adapted.
  override query(...args: any[]): any {
    if (args[0] === PIPELINE_MARK) {
      const steps = (args[1] as [readonly PipelineStep[]])[0];
      const pipeline = new PipelineQuery(
        steps.map(({ query, prepared }) => {
          // The same text and name as executePrepared gives it, so either may prepare it first.
          const text = prepared ? PREPARED_MARK + query.sql : query.sql;
          return { text, values: [...query.parameters], name: prepared ? statementName(text) : null };
        }),
        this,
      );
      super.query(pipeline as never);
      return pipeline.promise;
    }
    const name =
      typeof args[0] === 'string' && args[0].startsWith(PREPARED_MARK) ? statementName(args[0]) : null;
    if (name) args = [{ name, text: args[0], values: args[1] }, ...args.slice(2)];
    const r = (super.query as (...a: any[]) => any)(...args);
    return r && typeof r.then === 'function'
      ? r.then((x: pg.QueryResult | pg.QueryResult[]) => (Array.isArray(x) ? x.at(-1) : x))
      : r;
  }
}

/** Names of prepared statements by text; the same text has the same name on every connection. */
const statementNames = new Map<string, string>();
/** How often each marked text has run, until it is named. */
const statementRuns = new Map<string, number>();
/**
 * Batch sizes give a statement many texts. A text is prepared from its third run, so one-off
 * variants do not take the names; past MAX_PREPARED names, further texts run unprepared.
 */
const MAX_PREPARED = 300;
const PREPARE_AFTER = 2;

/** Names still free in this process (tests: other files of the same worker may have taken some). */
export function preparedNamesLeft(): number {
  return MAX_PREPARED - statementNames.size;
}

function statementName(text: string): string | null {
  const name = statementNames.get(text);
  if (name || statementNames.size >= MAX_PREPARED) return name ?? null;
  const runs = (statementRuns.get(text) ?? 0) + 1;
  if (runs <= PREPARE_AFTER) {
    if (statementRuns.size < 10 * MAX_PREPARED) statementRuns.set(text, runs);
    return null;
  }
  statementRuns.delete(text);
  const named = `s${statementNames.size + 1}`;
  statementNames.set(text, named);
  return named;
}

async function openPostgres(url: string, opts: OpenOptions): Promise<Database> {
  const admin = new Kysely<DB>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 1 }) }),
  });
  try {
    await migrate(admin, opts.migrations, { kind: 'postgres' });
    await ensureAppRole(admin);
  } finally {
    await admin.destroy();
  }
  const pool = new pg.Pool({
    connectionString: url,
    Client: LastResultClient,
    max: opts.poolSize ?? 10,
    // Every pooled session starts as the app role, before any query can run.
    options: `-c role=${APP_ROLE}`,
  });
  // A server restart or an administrator ending sessions breaks idle pooled connections; the
  // pool replaces them on demand, so this must be a log line, not an uncaught exception.
  pool.on('error', (err) => {
    console.error(`samosprava: database connection lost: ${err.message}`);
  });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return { kind: 'postgres', db, close: () => db.destroy() };
}

/**
 * Creates the app role if the login role may (superuser or CREATEROLE), and grants it what it
 * needs on every table. On a server where the operator created the role beforehand
 * (docs/operator.md) this only refreshes the grants.
 */
async function ensureAppRole(db: Kysely<DB>): Promise<void> {
  const me = await sql<{
    rolsuper: boolean;
    rolcreaterole: boolean;
    rolbypassrls: boolean;
    exists: boolean;
    member: boolean;
  }>`
    SELECT r.rolsuper, r.rolcreaterole, r.rolbypassrls,
           EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ${APP_ROLE}) AS exists,
           pg_has_role(current_user, r.oid, 'MEMBER') AS member
    FROM pg_roles r WHERE r.rolname = current_user`.execute(db);
  const info = me.rows[0]!;
  if (!info.exists) {
    if (!info.rolsuper && !info.rolcreaterole) {
      throw new Error(
        `The database role "${APP_ROLE}" does not exist and the login role may not create it. ` +
          `Create it as described in docs/operator.md: CREATE ROLE ${APP_ROLE} NOLOGIN; GRANT ${APP_ROLE} TO <login role>;`,
      );
    }
    // Another instance may create it at the same moment; a duplicate is fine.
    await sql
      .raw(
        `DO $$ BEGIN CREATE ROLE ${APP_ROLE} NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
         EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$`,
      )
      .execute(db);
  }
  const role = await sql<{ rolsuper: boolean; rolbypassrls: boolean }>`
    SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = ${APP_ROLE}`.execute(db);
  if (role.rows[0]?.rolsuper || role.rows[0]?.rolbypassrls) {
    throw new Error(
      `The role "${APP_ROLE}" must be neither SUPERUSER nor BYPASSRLS; row-level security would not apply.`,
    );
  }
  await sql
    .raw(
      `DO $$ BEGIN
         IF NOT pg_has_role(current_user, '${APP_ROLE}', 'MEMBER') THEN EXECUTE 'GRANT ${APP_ROLE} TO ' || quote_ident(current_user); END IF;
       END $$;
       GRANT USAGE ON SCHEMA public TO ${APP_ROLE};
       GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${APP_ROLE};
       GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${APP_ROLE};
       REVOKE UPDATE, DELETE, TRUNCATE ON audit_event FROM ${APP_ROLE};
       REVOKE ALL ON schema_migration FROM ${APP_ROLE};
       GRANT SELECT ON schema_migration TO ${APP_ROLE};`,
    )
    .execute(db);
}
