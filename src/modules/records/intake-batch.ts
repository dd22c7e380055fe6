/**
 * Group commit for the registry (podatelna). Gap-free reference numbers keep the tenant's
 * counter row locked from allocation to COMMIT, so one registration per transaction caps a
 * tenant at one registration per commit round trip (≈ 100–400/s here), however many clerks
 * work. Instead, registrations that arrive while the registry's transactions are running wait
 * and then go together in the next one: the first registration starts at once, so a lone clerk
 * waits for nothing, and under load each commit carries many letters. Every clerk still gets
 * their own result or error.
 *
 * One transaction carries the waiting letters of every tenant that has none in flight
 * (`registerAcrossTenants`): with many tenants each has only a letter or two waiting, and a
 * transaction per tenant spent most of its CPU on round trips and commits. At most LANES such
 * transactions run at once per app node, so one fills while another commits. A tenant's letters
 * with files (scans, e-mail) go in a transaction of that tenant's own, since storing files takes
 * statements of its own; so do those of a tenant whose opening took no numbers (a new sender with
 * an IČO, a chain without its head).
 *
 * The queue is per app node; several nodes each batch their own requests and the database locks
 * order the batches between them.
 */
import type { AppContext } from '../../platform/context.js';
import { withTenant } from '../../platform/db/tenant.js';
import { AppError } from '../../platform/errors.js';
import {
  type BatchItem,
  type IntakeResult,
  openingSql,
  registerAcrossTenants,
  registerPreparedMany,
} from './intake-service.js';

/** Letters of one tenant in one transaction. */
export const MAX_BATCH = 64;
/** Letters of all tenants in one shared transaction. */
const MAX_SHARED = 256;
/** Shared transactions running at once per app node. */
const LANES = 2;

interface Waiting {
  item: BatchItem;
  resolve: (r: IntakeResult) => void;
  reject: (e: unknown) => void;
}

interface Part {
  tenantId: string;
  batch: Waiting[];
}

interface Registry {
  /** Letters not yet in a transaction, by tenant, in the order the tenants arrived. */
  waiting: Map<string, Waiting[]>;
  /** Tenants with a transaction in flight: their next letters wait for it. */
  busy: Set<string>;
  lanes: number;
}

const registries = new WeakMap<AppContext, Registry>();

/** Registers one prepared consignment in the next transaction; resolves after its COMMIT. */
export function registerInBatch(ctx: AppContext, tenantId: string, item: BatchItem): Promise<IntakeResult> {
  let registry = registries.get(ctx);
  if (!registry) {
    registry = { waiting: new Map(), busy: new Set(), lanes: 0 };
    registries.set(ctx, registry);
  }
  let waiting = registry.waiting.get(tenantId);
  if (!waiting) {
    waiting = [];
    registry.waiting.set(tenantId, waiting);
  }
  const queue = waiting;
  const done = new Promise<IntakeResult>((resolve, reject) => queue.push({ item, resolve, reject }));
  pump(ctx, registry);
  return done;
}

/** Starts transactions for the waiting letters of tenants with none in flight, while lanes are free. */
function pump(ctx: AppContext, registry: Registry): void {
  while (registry.lanes < LANES) {
    const shared: Part[] = [];
    let letters = 0;
    for (const [tenantId, waiting] of registry.waiting) {
      if (registry.busy.has(tenantId)) continue;
      if (letters >= MAX_SHARED) break;
      const batch = waiting.splice(0, Math.min(MAX_BATCH, MAX_SHARED - letters));
      if (!waiting.length) registry.waiting.delete(tenantId);
      registry.busy.add(tenantId);
      const done = () => {
        registry.busy.delete(tenantId);
        pump(ctx, registry);
      };
      if (batch.some((w) => w.item.prepared.files.length))
        void runTenant(ctx, { tenantId, batch }).finally(done);
      else {
        shared.push({ tenantId, batch });
        letters += batch.length;
      }
    }
    if (!shared.length) return;
    registry.lanes++;
    void runShared(ctx, shared).finally(() => {
      registry.lanes--;
      for (const p of shared) registry.busy.delete(p.tenantId);
      pump(ctx, registry);
    });
  }
}

async function runShared(ctx: AppContext, parts: Part[]): Promise<void> {
  // One lock order for every shared transaction, on every app node: no two can deadlock.
  parts.sort((a, b) => (a.tenantId < b.tenantId ? -1 : a.tenantId > b.tenantId ? 1 : 0));
  let results: (IntakeResult[] | null)[];
  try {
    results = await registerAcrossTenants(
      ctx,
      parts.map((p) => ({ tenantId: p.tenantId, items: p.batch.map((w) => w.item) })),
      ctx.clock.now(),
    );
  } catch (e) {
    // Every part rolled back (its numbers too). One letter's fault, e.g. an unknown sender, must
    // not fail the others: each tenant goes again alone, and within it each letter if need be,
    // so each clerk gets the error of their own letter. Any other failure is ours: still answer
    // every clerk, but say so, since the registry then runs at a fraction of its speed.
    if (!(e instanceof AppError))
      console.error(`samosprava: a shared registry transaction failed, registering per tenant: ${String(e)}`);
    await Promise.all(parts.map((p) => runTenant(ctx, p)));
    return;
  }
  const alone: Part[] = [];
  for (const [k, p] of parts.entries()) {
    const r = results[k];
    if (r) for (const [i, w] of p.batch.entries()) w.resolve(r[i]!);
    else alone.push(p);
  }
  await Promise.all(alone.map((p) => runTenant(ctx, p)));
}

/** A tenant's letters in a transaction of its own; on failure, each letter alone. */
async function runTenant(ctx: AppContext, { tenantId, batch }: Part): Promise<void> {
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
    for (const w of batch) {
      try {
        w.resolve((await run([w.item]))[0]!);
      } catch (err) {
        w.reject(err);
      }
    }
  }
}
