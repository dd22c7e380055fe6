import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTestContext, type TestContext } from '../../test-support/context.js';
import type { AppContext } from '../context.js';
import { APP_ROLE } from '../db/connect.js';
import { SYSTEM_ACTOR, withTenant } from '../db/tenant.js';
import type { DB } from '../db/types.js';
import { newId } from '../ids.js';
import type { ModuleDef } from '../module.js';
import { JobQueue } from './queue.js';
import { JobWorker, STALE_AFTER_MS } from './worker.js';

const T0 = new Date('2026-11-20T10:00:00Z');

let ctx: TestContext;
/** Calls per job id, and what each call received. */
const calls = new Map<string, number>();
const received: { tenantId: string | null; payload: Record<string, unknown> }[] = [];
/** How many more times `test.flaky` fails. */
let flakyFailures = 0;

const testModule: ModuleDef = {
  name: 'jobs-test',
  jobs: {
    'test.record': async (_ctx, job) => {
      const id = String(job.payload.key);
      calls.set(id, (calls.get(id) ?? 0) + 1);
      received.push(job);
    },
    'test.flaky': async () => {
      if (flakyFailures > 0) {
        flakyFailures--;
        throw new Error('upstream mail server unavailable');
      }
    },
    'test.daily': async (_ctx, job) => {
      received.push(job);
    },
  },
  daily: [{ job: 'test.daily', hour: 1 }],
};

function workerCtx(base: AppContext = ctx): AppContext {
  return { ...base, modules: [testModule] };
}

async function jobs() {
  return ctx.asSuperuser((db) =>
    db.selectFrom('job').selectAll().orderBy('created_at').orderBy('id').execute(),
  );
}

beforeAll(async () => {
  ctx = await createTestContext({ now: T0 });
});
afterAll(async () => {
  await ctx?.close();
});
beforeEach(async () => {
  ctx.clock.set(T0);
  calls.clear();
  received.length = 0;
  flakyFailures = 0;
  await ctx.asSuperuser((db) => db.deleteFrom('job').execute());
});

describe('JobQueue.enqueue', () => {
  it("queues a job only if the caller's transaction commits", async () => {
    const tenantId = newId();
    await expect(
      withTenant(ctx.db, tenantId, SYSTEM_ACTOR, async (tx) => {
        await ctx.jobs.enqueue('test.record', { tenantId, payload: { key: 'lost' } }, tx.trx);
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await jobs()).toEqual([]);

    await withTenant(ctx.db, tenantId, SYSTEM_ACTOR, (tx) =>
      ctx.jobs.enqueue('test.record', { tenantId, payload: { key: 'kept' } }, tx.trx),
    );
    expect(await jobs()).toMatchObject([
      { name: 'test.record', tenant_id: tenantId, payload: { key: 'kept' } },
    ]);
  });

  it('keeps one job per singleton key', async () => {
    const first = await ctx.jobs.enqueue('test.record', {
      singletonKey: 'reminder:42',
      payload: { key: 'a' },
    });
    const second = await ctx.jobs.enqueue('test.record', {
      singletonKey: 'reminder:42',
      payload: { key: 'b' },
    });
    expect(first).toEqual(expect.any(String));
    expect(second).toBeNull();
    expect(await jobs()).toMatchObject([{ id: first, payload: { key: 'a' } }]);
  });
});

describe('JobWorker.runDue', () => {
  it('runs due jobs with their tenant and payload, and leaves later ones for later', async () => {
    const tenantId = newId();
    await ctx.jobs.enqueue('test.record', { tenantId, payload: { key: 'now' } });
    await ctx.jobs.enqueue('test.record', {
      payload: { key: 'later' },
      runAt: new Date(T0.getTime() + 3600_000),
    });
    const worker = new JobWorker(workerCtx());

    expect(await worker.runDue()).toBe(1);
    expect(received).toEqual([{ tenantId, payload: { key: 'now' } }]);
    expect(await worker.runDue()).toBe(0);

    ctx.clock.advance(3600_000);
    expect(await worker.runDue()).toBe(1);
    expect([...calls.keys()]).toEqual(['now', 'later']);
    const rows = await jobs();
    expect(rows.map((r) => r.state)).toEqual(['done', 'done']);
    expect(rows[1]!.finished_at).toEqual(ctx.clock.now());
  });

  it('retries a failing job with growing delays, then succeeds', async () => {
    flakyFailures = 2;
    const id = await ctx.jobs.enqueue('test.flaky', { maxAttempts: 3 });
    const worker = new JobWorker(workerCtx());

    expect(await worker.runDue()).toBe(1);
    let [row] = await jobs();
    expect(row).toMatchObject({ state: 'queued', attempts: 1, run_at: new Date(T0.getTime() + 30_000) });
    expect(row!.last_error).toContain('upstream mail server unavailable');

    ctx.clock.advance(29_000);
    expect(await worker.runDue()).toBe(0); // not yet
    ctx.clock.advance(1_000);
    expect(await worker.runDue()).toBe(1);
    [row] = await jobs();
    expect(row).toMatchObject({
      state: 'queued',
      attempts: 2,
      run_at: new Date(T0.getTime() + 30_000 + 60_000),
    });

    ctx.clock.advance(60_000);
    expect(await worker.runDue()).toBe(1);
    [row] = await jobs();
    expect(row).toMatchObject({ id, state: 'done', attempts: 3, last_error: null });
  });

  it('gives up after max_attempts and keeps the last error', async () => {
    flakyFailures = 100;
    await ctx.jobs.enqueue('test.flaky', { maxAttempts: 2 });
    const worker = new JobWorker(workerCtx());
    await worker.runDue();
    ctx.clock.advance(30_000);
    await worker.runDue();
    ctx.clock.advance(24 * 3600_000);
    expect(await worker.runDue()).toBe(0);
    const [row] = await jobs();
    expect(row).toMatchObject({ state: 'failed', attempts: 2, finished_at: new Date(T0.getTime() + 30_000) });
    expect(row!.last_error).toContain('upstream mail server unavailable');
  });

  it('leaves jobs it has no handler for to nodes that have one', async () => {
    await ctx.jobs.enqueue('other.module-job');
    expect(await new JobWorker(workerCtx()).runDue()).toBe(0);
    expect((await jobs())[0]).toMatchObject({ state: 'queued', attempts: 0 });
  });

  it('runs each job exactly once when workers race', async () => {
    const n = 60;
    for (let i = 0; i < n; i++) await ctx.jobs.enqueue('test.record', { payload: { key: `job-${i}` } });
    // On PostgreSQL every worker gets its own connection pool, as separate app nodes would.
    const pools: Kysely<DB>[] = [];
    const nodeCtx = (): AppContext => {
      if (ctx.database.kind !== 'postgres' || !ctx.config.databaseUrl) return ctx;
      const db = new Kysely<DB>({
        dialect: new PostgresDialect({
          pool: new pg.Pool({
            connectionString: ctx.config.databaseUrl,
            max: 2,
            options: `-c role=${APP_ROLE}`,
          }),
        }),
      });
      pools.push(db);
      return { ...ctx, db, jobs: new JobQueue(db, ctx.clock) };
    };
    try {
      const workers = ['a', 'b', 'c', 'd'].map((id) => new JobWorker(workerCtx(nodeCtx()), { workerId: id }));
      const ran = await Promise.all(workers.map((w) => w.runDue()));
      expect(ran.reduce((x, y) => x + y, 0)).toBe(n);
      expect(calls.size).toBe(n);
      expect([...calls.entries()].filter(([, c]) => c !== 1)).toEqual([]);
      const rows = await jobs();
      expect(rows.every((r) => r.state === 'done' && r.attempts === 1)).toBe(true);
    } finally {
      await Promise.all(pools.map((p) => p.destroy()));
    }
  });

  it('puts back a job whose node died while running it, but not one that is merely busy', async () => {
    const dead = await ctx.jobs.enqueue('test.record', { payload: { key: 'dead-node' } });
    const busy = await ctx.jobs.enqueue('test.record', { payload: { key: 'busy-node' } });
    await ctx.asSuperuser(async (db) => {
      await db
        .updateTable('job')
        .set({ state: 'running', attempts: 1, locked_at: new Date(T0.getTime() - STALE_AFTER_MS - 1000) })
        .where('id', '=', dead)
        .execute();
      await db
        .updateTable('job')
        .set({ state: 'running', attempts: 1, locked_at: new Date(T0.getTime() - 5 * 60_000) })
        .where('id', '=', busy)
        .execute();
    });
    expect(await new JobWorker(workerCtx()).runDue()).toBe(1);
    expect([...calls.keys()]).toEqual(['dead-node']);
    const rows = await jobs();
    expect(rows.find((r) => r.id === dead)).toMatchObject({ state: 'done', attempts: 2 });
    expect(rows.find((r) => r.id === busy)).toMatchObject({ state: 'running', attempts: 1 });
  });

  it('fails a dead-node job that has no attempts left instead of running it again', async () => {
    const id = await ctx.jobs.enqueue('test.record', { payload: { key: 'poison' }, maxAttempts: 1 });
    await ctx.asSuperuser((db) =>
      db
        .updateTable('job')
        .set({ state: 'running', attempts: 1, locked_at: new Date(T0.getTime() - STALE_AFTER_MS - 1) })
        .where('id', '=', id)
        .execute(),
    );
    expect(await new JobWorker(workerCtx()).runDue()).toBe(0);
    expect((await jobs())[0]).toMatchObject({ state: 'failed', finished_at: T0 });
    expect(calls.size).toBe(0);
  });
});

describe('daily schedules', () => {
  it('queue the next occurrence once, and the following day after each run', async () => {
    const worker = new JobWorker(workerCtx());
    expect(await worker.ensureSchedules()).toBe(1);
    expect(await worker.ensureSchedules()).toBe(0);
    expect(await jobs()).toMatchObject([
      {
        name: 'test.daily',
        state: 'queued',
        singleton_key: 'daily:test.daily:2026-11-21',
        run_at: new Date('2026-11-21T00:00:00Z'), // 01:00 in Prague (CET)
        payload: { day: '2026-11-21' },
      },
    ]);

    ctx.clock.set(new Date('2026-11-20T23:59:59Z'));
    expect(await worker.runDue()).toBe(0);
    ctx.clock.set(new Date('2026-11-21T00:00:05Z'));
    expect(await worker.runDue()).toBe(1);
    expect(received).toEqual([{ tenantId: null, payload: { day: '2026-11-21' } }]);
    expect(await worker.ensureSchedules()).toBe(0);
    const rows = await jobs();
    expect(rows.map((r) => [r.singleton_key, r.state])).toEqual([
      ['daily:test.daily:2026-11-21', 'done'],
      ['daily:test.daily:2026-11-22', 'queued'],
    ]);
    expect(rows[1]!.run_at).toEqual(new Date('2026-11-22T00:00:00Z'));
  });

  it('refuse a schedule naming a job nobody handles, and a job declared twice', () => {
    const broken: ModuleDef = { name: 'broken', daily: [{ job: 'nobody.handles', hour: 1 }] };
    expect(() => new JobWorker({ ...ctx, modules: [broken] })).toThrow('unknown job');
    expect(() => new JobWorker({ ...ctx, modules: [testModule, { ...testModule, daily: [] }] })).toThrow(
      'declared twice',
    );
  });
});

describe('start and stop', () => {
  it('polls in the background until stopped, and stop waits for the running job', async () => {
    const worker = new JobWorker(workerCtx(), { pollMs: 10 });
    worker.start();
    await ctx.jobs.enqueue('test.record', { payload: { key: 'polled' } });
    await vi.waitFor(() => expect(calls.get('polled')).toBe(1), { timeout: 5000 });
    await worker.stop();
    // The start-up also queued the daily schedule.
    expect((await jobs()).map((r) => r.name).sort()).toEqual(['test.daily', 'test.record']);
    await ctx.jobs.enqueue('test.record', { payload: { key: 'after-stop' } });
    await new Promise((r) => setTimeout(r, 50));
    expect(calls.has('after-stop')).toBe(false);
  });
});
