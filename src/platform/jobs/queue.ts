import type { Kysely, Transaction } from 'kysely';
import type { Clock } from '../clock.js';
import type { DB } from '../db/types.js';
import { newId } from '../ids.js';

export interface EnqueueOptions {
  /** The tenant the job works for; the handler opens withTenant itself. null: platform-wide. */
  tenantId?: string | null;
  /** Ids and small values only: the job table has no row-level security. */
  payload?: Record<string, unknown>;
  /** Not before this instant (default: now by the platform clock). */
  runAt?: Date;
  /**
   * At most one job with this key ever exists (whatever its state): a second enqueue is a no-op.
   * E.g. `reminder:<deadline id>` or the daily `daily:<job>:<date>`.
   */
  singletonKey?: string;
  maxAttempts?: number;
}

/**
 * Queues background work as rows of the `job` table, so it survives restarts and any app node
 * may run it (see worker.ts). Enqueue inside the use case's transaction (`tx.trx`) so the job
 * exists only if the change it follows commits.
 */
export class JobQueue {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
  ) {}

  /** The new job's id, or null when a job with the same singleton key exists already. */
  async enqueue(name: string, opts: EnqueueOptions = {}, trx?: Transaction<DB>): Promise<string | null> {
    if (!name) throw new RangeError('A job needs a name');
    const maxAttempts = opts.maxAttempts ?? 5;
    if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new RangeError('maxAttempts must be ≥ 1');
    const now = this.clock.now();
    const row = await (trx ?? this.db)
      .insertInto('job')
      .values({
        id: newId(),
        name,
        tenant_id: opts.tenantId ?? null,
        payload: JSON.stringify(opts.payload ?? {}),
        run_at: opts.runAt ?? now,
        max_attempts: maxAttempts,
        singleton_key: opts.singletonKey ?? null,
        created_at: now,
      })
      .onConflict((oc) => oc.column('singleton_key').doNothing())
      .returning('id')
      .executeTakeFirst();
    return row?.id ?? null;
  }
}
