/**
 * Group commit for the registry (podatelna). Gap-free reference numbers keep the tenant's
 * counter row locked from allocation to COMMIT, so one registration per transaction caps a
 * tenant at one registration per commit round trip (≈ 100–400/s here), however many clerks
 * work. Instead, registrations of one tenant that arrive while a transaction of that tenant is
 * running wait for it and then go together in the next one (up to MAX_BATCH): the first
 * registration starts at once, so a lone clerk waits for nothing, and under load each commit
 * carries many letters. Every clerk still gets their own result or error.
 *
 * The queue is per app node; several nodes each batch their own requests and the database locks
 * order the batches between them.
 */
import type { AppContext } from '../../platform/context.js';
import { withTenant } from '../../platform/db/tenant.js';
import { type BatchItem, type IntakeResult, openingSql, registerPreparedMany } from './intake-service.js';

export const MAX_BATCH = 64;

interface Waiting {
  item: BatchItem;
  resolve: (r: IntakeResult) => void;
  reject: (e: unknown) => void;
}

interface TenantQueue {
  waiting: Waiting[];
  running: boolean;
}

const queues = new WeakMap<AppContext, Map<string, TenantQueue>>();

/** Registers one prepared consignment in the tenant's next batch; resolves after its COMMIT. */
export function registerInBatch(ctx: AppContext, tenantId: string, item: BatchItem): Promise<IntakeResult> {
  let byTenant = queues.get(ctx);
  if (!byTenant) {
    byTenant = new Map();
    queues.set(ctx, byTenant);
  }
  let q = byTenant.get(tenantId);
  if (!q) {
    q = { waiting: [], running: false };
    byTenant.set(tenantId, q);
  }
  const queue = q;
  const done = new Promise<IntakeResult>((resolve, reject) => queue.waiting.push({ item, resolve, reject }));
  if (!queue.running) void drain(ctx, tenantId, queue, byTenant);
  return done;
}

async function drain(
  ctx: AppContext,
  tenantId: string,
  q: TenantQueue,
  byTenant: Map<string, TenantQueue>,
): Promise<void> {
  q.running = true;
  try {
    while (q.waiting.length) await runBatch(ctx, tenantId, q.waiting.splice(0, MAX_BATCH));
  } finally {
    q.running = false;
    byTenant.delete(tenantId);
  }
}

async function runBatch(ctx: AppContext, tenantId: string, batch: Waiting[]): Promise<void> {
  const run = (items: BatchItem[]) => {
    const now = ctx.clock.now();
    return withTenant(ctx.db, tenantId, items[0]!.actor, (tx) => registerPreparedMany(ctx, tx, items), {
      now,
      // The batch's first statement goes with BEGIN: one round trip fewer per transaction.
      opening: openingSql(ctx, tenantId, items, now) ?? undefined,
    });
  };
  try {
    const results = await run(batch.map((w) => w.item));
    for (const [k, w] of batch.entries()) w.resolve(results[k]!);
  } catch (e) {
    if (batch.length === 1) {
      batch[0]!.reject(e);
      return;
    }
    // The batch rolled back whole (its numbers too). One letter's fault, e.g. an unknown sender,
    // must not fail the others: each goes again alone and gets its own answer.
    for (const w of batch) {
      try {
        w.resolve((await run([w.item]))[0]!);
      } catch (err) {
        w.reject(err);
      }
    }
  }
}
