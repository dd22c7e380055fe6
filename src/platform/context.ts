import type { Kysely } from 'kysely';
import type { BlobStore } from './blobs/store.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Database } from './db/connect.js';
import type { DB } from './db/types.js';
import type { JobQueue } from './jobs/queue.js';
import type { ModuleDef } from './module.js';

/** Everything a use case may need, built once at start-up and passed down explicitly. */
export interface AppContext {
  config: Config;
  database: Database;
  db: Kysely<DB>;
  clock: Clock;
  blobs: BlobStore;
  jobs: JobQueue;
  modules: readonly ModuleDef[];
}
