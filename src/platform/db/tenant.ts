import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from './types.js';

/** The nil UUID names the hosting operator's own audit chain; it is no tenant. */
export const OPERATOR_SCOPE = '00000000-0000-0000-0000-000000000000';

/** Who acts: recorded in the audit chain and checked by policies. */
export interface Actor {
  /** null for anonymous citizens and for the system itself. */
  userId: string | null;
  /** Human label kept in the audit log even if the user is later removed. */
  label: string;
  roles: readonly string[];
  tenantId: string | null;
  kind: 'user' | 'operator' | 'public' | 'system';
}

export const SYSTEM_ACTOR: Actor = {
  userId: null,
  label: 'system',
  roles: [],
  tenantId: null,
  kind: 'system',
};
export const PUBLIC_ACTOR: Actor = {
  userId: null,
  label: 'public',
  roles: [],
  tenantId: null,
  kind: 'public',
};

/** A transaction bound to one tenant: everything in it is filtered by row-level security. */
export interface TenantTx<D = DB> {
  trx: Transaction<D>;
  tenantId: string;
  actor: Actor;
  /** The instant the transaction logically happens at (controllable in tests). */
  now: Date;
  /**
   * Work queued to run at the end of the transaction, just before COMMIT (e.g. deferred audit
   * entries). Shared by reference, so a `{ ...tx }` copy queues onto the same transaction.
   */
  beforeCommit?: (() => Promise<void>)[];
}

export interface TxOptions {
  now?: Date;
}

/**
 * The only way to touch tenant data: one transaction with app.tenant_id and app.actor_id set
 * transaction-locally, so a pooled connection carries nothing over to the next request.
 */
export async function withTenant<T>(
  db: Kysely<DB>,
  tenantId: string,
  actor: Actor,
  fn: (tx: TenantTx) => Promise<T>,
  opts: TxOptions = {},
): Promise<T> {
  return inTransaction(db, { 'app.tenant_id': tenantId, 'app.actor_id': actor.userId ?? '' }, (trx) =>
    runWithHooks({ trx, tenantId, actor, now: opts.now ?? new Date(), beforeCommit: [] }, fn),
  );
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A transaction whose settings are set before `fn` runs. BEGIN and the settings go to the server
 * as one message (simple protocol, values as literals), saving a round trip on every
 * transaction — a sixth of a registration's (bench/records-intake.ts). Literals only for values
 * that cannot carry a quote (UUIDs, '', 'on'); anything else takes the parameterised way.
 */
async function inTransaction<T>(
  db: Kysely<DB>,
  settings: Record<string, string>,
  fn: (trx: Transaction<DB>) => Promise<T>,
): Promise<T> {
  const entries = Object.entries(settings);
  if (!entries.every(([, v]) => v === '' || v === 'on' || UUID.test(v))) {
    return db.transaction().execute(async (trx) => {
      await sql`SELECT ${sql.join(entries.map(([k, v]) => sql`set_config(${k}, ${v}, true)`))}`.execute(trx);
      return fn(trx);
    });
  }
  const sets = entries.map(([k, v]) => `set_config('${k}', '${v}', true)`).join(', ');
  return db.connection().execute(async (conn) => {
    await sql.raw(`BEGIN; SELECT ${sets}`).execute(conn);
    let result: T;
    try {
      // The connection is the transaction: every statement of fn runs on it until COMMIT.
      result = await fn(conn as Transaction<DB>);
    } catch (e) {
      await sql.raw('ROLLBACK').execute(conn);
      throw e;
    }
    await sql.raw('COMMIT').execute(conn);
    return result;
  });
}

async function runWithHooks<T>(tx: TenantTx, fn: (tx: TenantTx) => Promise<T>): Promise<T> {
  const result = await fn(tx);
  // A hook may queue more work (an audit flush after a deferred write): run until none is left.
  for (let hook = tx.beforeCommit!.shift(); hook; hook = tx.beforeCommit!.shift()) await hook();
  return result;
}

/**
 * The hosting operator's transaction: may create tenants and sees its own users and chain
 * (tenant_id NULL / OPERATOR_SCOPE), but no tenant's data.
 */
export async function withOperator<T>(
  db: Kysely<DB>,
  actor: Actor,
  fn: (tx: TenantTx) => Promise<T>,
  opts: TxOptions = {},
): Promise<T> {
  return inTransaction(db, { 'app.operator': 'on', 'app.actor_id': actor.userId ?? '' }, (trx) =>
    runWithHooks({ trx, tenantId: OPERATOR_SCOPE, actor, now: opts.now ?? new Date(), beforeCommit: [] }, fn),
  );
}
