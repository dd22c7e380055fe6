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
  /** The rows of `TxOptions.opening`, when the transaction was opened with one. */
  opened?: Record<string, unknown>[];
}

export interface TxOptions {
  now?: Date;
  /**
   * A first statement sent in the same message as BEGIN and the settings, saving its round trip
   * on a hot path (registration). It must hold its values as literals that cannot carry a quote
   * (`literalSql`); its rows come to `fn` as `tx.opened`.
   */
  opening?: string;
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
  return inTransaction(
    db,
    { 'app.tenant_id': tenantId, 'app.actor_id': actor.userId ?? '' },
    (trx, opened) =>
      runWithHooks({ trx, tenantId, actor, now: opts.now ?? new Date(), beforeCommit: [], opened }, fn),
    opts.opening,
  );
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Values `literalSql` may write into a statement: they cannot end a quoted literal. */
const SAFE_LITERAL = /^[A-Za-z0-9_.:-]{0,100}$/;

/**
 * A compiled statement with its parameters written in as literals, for `TxOptions.opening`; null
 * if any value is not a non-negative number or a short string of letters, digits and `_.:-`, so
 * that no value can carry a quote or start a comment (`-$1` with -7 would be `--7`), or if a
 * `$n` has no value. `$n` must not occur in the statement's own text.
 */
export function literalSql(compiled: { sql: string; parameters: readonly unknown[] }): string | null {
  const literals: string[] = [];
  for (const p of compiled.parameters) {
    if (typeof p === 'number' && Number.isFinite(p) && p >= 0) literals.push(String(p));
    else if (typeof p === 'string' && SAFE_LITERAL.test(p)) literals.push(`'${p}'`);
    else return null;
  }
  let complete = true;
  const text = compiled.sql.replace(/\$(\d+)/g, (_, n: string) => {
    const literal = literals[Number(n) - 1];
    if (literal === undefined) complete = false;
    return literal ?? '';
  });
  return complete ? text : null;
}

/**
 * A transaction whose settings are set before `fn` runs. BEGIN and the settings go to the server
 * as one message (simple protocol, values as literals), saving a round trip on every
 * transaction — a sixth of a registration's (bench/records-intake.ts); so may an `opening`
 * statement. Literals only for values that cannot carry a quote (UUIDs, '', 'on'); anything else
 * takes the parameterised way.
 */
async function inTransaction<T>(
  db: Kysely<DB>,
  settings: Record<string, string>,
  fn: (trx: Transaction<DB>, opened?: Record<string, unknown>[]) => Promise<T>,
  opening?: string,
): Promise<T> {
  const entries = Object.entries(settings);
  if (!entries.every(([, v]) => v === '' || v === 'on' || UUID.test(v))) {
    return db.transaction().execute(async (trx) => {
      await sql`SELECT ${sql.join(entries.map(([k, v]) => sql`set_config(${k}, ${v}, true)`))}`.execute(trx);
      return fn(
        trx,
        opening ? (await sql.raw<Record<string, unknown>>(opening).execute(trx)).rows : undefined,
      );
    });
  }
  const sets = entries.map(([k, v]) => `set_config('${k}', '${v}', true)`).join(', ');
  return db.connection().execute(async (conn) => {
    let result: T;
    try {
      // A message of several statements answers with the last one's rows (connect.ts).
      const first = await sql
        .raw<Record<string, unknown>>(`BEGIN; SELECT ${sets}${opening ? `; ${opening}` : ''}`)
        .execute(conn);
      // The connection is the transaction: every statement of fn runs on it until COMMIT.
      result = await fn(conn as Transaction<DB>, opening ? first.rows : undefined);
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
