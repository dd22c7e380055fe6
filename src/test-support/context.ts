import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { inject } from 'vitest';
import { allMigrations, modules as defaultModules } from '../modules.js';
import { createContext } from '../platform/bootstrap.js';
import { type Clock, ManualClock } from '../platform/clock.js';
import { loadConfig } from '../platform/config.js';
import type { AppContext } from '../platform/context.js';
import { APP_ROLE, type Database, openDatabase } from '../platform/db/connect.js';
import type { ModuleDef } from '../platform/module.js';
import { adminQuery, dropDatabase as dropServerDatabase, type Template, withDatabase } from './template.js';

export interface TestContext extends AppContext {
  clock: ManualClock;
  /** Runs SQL as the database superuser, outside row-level security (tamper and RLS tests). */
  asSuperuser<T>(fn: (db: Kysely<any>) => Promise<T>): Promise<T>;
  /** Its own data directory (file store); removed by close(). */
  dataDir: string;
  /** On PostgreSQL, the name of its database. */
  serverDatabase: string | null;
  close(): Promise<void>;
}

export interface TestContextOptions {
  modules?: readonly ModuleDef[];
  now?: Date;
  env?: Record<string, string>;
  /** The database to copy; default: the run's migrated template. */
  template?: Template;
  /** A file store (blobs directory) to copy, the one belonging to `template`. */
  blobs?: string;
  /** On PostgreSQL, close() leaves the database for a template (`buildDemoTemplate`). */
  keepDatabase?: boolean;
}

/** A fresh database copied from the run's migrated template, and a context around it. */
export async function createTestContext(opts: TestContextOptions = {}): Promise<TestContext> {
  const template = opts.template ?? inject('dbTemplate');
  const mods = opts.modules ?? defaultModules;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'samosprava-test-'));
  if (opts.blobs) fs.cpSync(opts.blobs, path.join(dataDir, 'blobs'), { recursive: true });
  // The demo's year of records documents costs seconds per database: a test that wants it asks.
  const env = { SEED_DEMO_DOCUMENTS: '0', ...opts.env, DATA_DIR: dataDir };
  const config = { ...loadConfig(env), databaseUrl: null as string | null };
  let database: Database;
  let superuser: <T>(fn: (db: Kysely<any>) => Promise<T>) => Promise<T>;
  let dropDatabase = async () => {};
  let serverDatabase: string | null = null;
  if (template.kind === 'pglite') {
    const dump = new Blob([fs.readFileSync(template.dumpFile)]);
    database = await openDatabase({
      databaseUrl: null,
      pgliteDir: null,
      pgliteLoad: dump,
      migrations: allMigrations(mods),
    });
    superuser = (fn) =>
      database.db.connection().execute(async (conn) => {
        await sql`RESET ROLE`.execute(conn);
        try {
          return await fn(conn);
        } finally {
          await sql.raw(`SET ROLE ${APP_ROLE}`).execute(conn);
        }
      });
  } else {
    const name = `samosprava_t_${randomBytes(5).toString('hex')}`;
    await createFromTemplate(template.serverUrl, name, template.database);
    const url = withDatabase(template.serverUrl, name);
    config.databaseUrl = url;
    database = await openDatabase({
      databaseUrl: url,
      pgliteDir: null,
      migrations: allMigrations(mods),
      poolSize: 20,
    });
    const admin = new Kysely<any>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 2 }) }),
    });
    // One connection, so session settings (SET …) hold for the whole callback.
    superuser = (fn) => admin.connection().execute((conn) => fn(conn));
    serverDatabase = name;
    dropDatabase = async () => {
      await admin.destroy();
      if (!opts.keepDatabase) await dropServerDatabase(template.serverUrl, name);
    };
  }
  const clock = new ManualClock(opts.now ?? new Date());
  const ctx = await createContext({ config, modules: mods, migrations: [], clock: clock as Clock, database });
  return {
    ...ctx,
    clock,
    asSuperuser: (fn) => superuser(fn),
    dataDir,
    serverDatabase,
    async close() {
      await database.close();
      await dropDatabase();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function createFromTemplate(serverUrl: string, name: string, template: string): Promise<void> {
  // Two workers copying the template at the same instant make PostgreSQL refuse one (55006).
  for (let attempt = 0; ; attempt++) {
    try {
      await adminQuery(serverUrl, `CREATE DATABASE ${name} TEMPLATE ${template}`);
      return;
    } catch (e) {
      if ((e as { code?: string }).code !== '55006' || attempt > 20) throw e;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
}
