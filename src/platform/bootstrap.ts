import path from 'node:path';
import { BlobStore } from './blobs/store.js';
import { type Clock, systemClock } from './clock.js';
import type { Config } from './config.js';
import type { AppContext } from './context.js';
import { type Database, openDatabase } from './db/connect.js';
import type { Migration } from './db/migrate.js';
import { JobQueue } from './jobs/queue.js';
import type { ModuleDef } from './module.js';

export interface ContextOptions {
  config: Config;
  modules: readonly ModuleDef[];
  migrations: Migration[];
  clock?: Clock;
  /** An already opened database (tests hand in a copy of the template). */
  database?: Database;
}

export function pgliteDir(config: Config): string {
  return path.join(config.dataDir, 'pg');
}

export function blobDir(config: Config): string {
  return path.join(config.dataDir, 'blobs');
}

/** Opens the database (migrating it) and wires the kernel services into one context. */
export async function createContext(opts: ContextOptions): Promise<AppContext> {
  const { config } = opts;
  const database =
    opts.database ??
    (await openDatabase({
      databaseUrl: config.databaseUrl,
      pgliteDir: config.databaseUrl ? null : pgliteDir(config),
      migrations: opts.migrations,
    }));
  const clock = opts.clock ?? systemClock;
  return {
    config,
    database,
    db: database.db,
    clock,
    blobs: new BlobStore({ dir: blobDir(config), maxBytes: config.uploadLimitBytes }),
    jobs: new JobQueue(database.db, clock),
    modules: opts.modules,
  };
}
