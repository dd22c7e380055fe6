import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { AppContext } from '../context.js';
import type { DailySchedule, JobHandler } from '../module.js';
import { dailySingletonKey, nextDailyRun, retryDelayMs } from './schedule.js';

/** A job still 'running' this long after its last sign of life belongs to a node that died. */
export const STALE_AFTER_MS = 15 * 60_000;
/** How often a running job's lock is renewed (real time), so a long job is not taken for dead. */
const HEARTBEAT_MS = 60_000;
/** How often the polling loop re-ensures the daily schedules. */
const ENSURE_EVERY_MS = 10 * 60_000;

export interface WorkerLog {
  error(obj: object, msg: string): void;
  info?(obj: object, msg: string): void;
}

export interface ClaimedJob {
  id: string;
  name: string;
  tenantId: string | null;
  payload: Record<string, unknown>;
  attempts: number;
  maxAttempts: number;
  singletonKey: string | null;
  lockedAt: Date;
}

/**
 * Runs queued jobs with the handlers and daily schedules the modules declare. Any number of
 * nodes may run a worker: a job is claimed with FOR UPDATE SKIP LOCKED, so each runs once;
 * a failure is retried with exponential backoff up to the job's max_attempts. A handler gets
 * ids only and opens its tenant's transaction itself; time comes from ctx.clock.
 */
export class JobWorker {
  readonly workerId: string;
  private readonly pollMs: number;
  private readonly log: WorkerLog | undefined;
  private readonly handlers = new Map<string, JobHandler>();
  private readonly daily: DailySchedule[] = [];
  private timer: NodeJS.Timeout | null = null;
  private current: Promise<void> | null = null;
  private stopping = false;
  private lastEnsured = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly ctx: AppContext,
    opts: { pollMs?: number; workerId?: string; log?: WorkerLog } = {},
  ) {
    this.pollMs = opts.pollMs ?? 5000;
    this.workerId = opts.workerId ?? `worker-${randomBytes(4).toString('hex')}`;
    this.log = opts.log;
    for (const m of ctx.modules) {
      for (const [name, handler] of Object.entries(m.jobs ?? {})) {
        if (this.handlers.has(name)) throw new Error(`Job "${name}" is declared twice (again by ${m.name})`);
        this.handlers.set(name, handler);
      }
    }
    for (const m of ctx.modules) {
      for (const d of m.daily ?? []) {
        if (!this.handlers.has(d.job))
          throw new Error(`Daily schedule of ${m.name} names unknown job "${d.job}"`);
        if (!Number.isInteger(d.hour) || d.hour < 0 || d.hour > 23) {
          throw new Error(`Daily schedule of "${d.job}" has an invalid hour ${d.hour}`);
        }
        if (this.daily.some((x) => x.job === d.job))
          throw new Error(`Job "${d.job}" is scheduled daily twice`);
        this.daily.push(d);
      }
    }
  }

  /** Polls until stop(): ensures the daily schedules, then runs whatever is due. */
  start(): void {
    if (this.current || this.timer) return;
    this.stopping = false;
    this.current = this.tick();
  }

  /** Stops polling and waits for the job that is running now (if any) to finish. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.current;
    this.current = null;
  }

  private async tick(): Promise<void> {
    try {
      const now = this.ctx.clock.now().getTime();
      if (now - this.lastEnsured >= ENSURE_EVERY_MS) {
        await this.ensureSchedules();
        this.lastEnsured = now;
      }
      await this.runDue();
    } catch (err) {
      this.log?.error({ err, worker: this.workerId }, 'job polling failed');
    }
    if (this.stopping) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.current = this.tick();
    }, this.pollMs);
    this.timer.unref();
  }

  /** Claims and runs every job due now, one after another; returns how many ran. */
  async runDue(): Promise<number> {
    await this.reclaimStale();
    let count = 0;
    while (!this.stopping) {
      const job = await this.claim();
      if (!job) break;
      await this.execute(job);
      count++;
    }
    return count;
  }

  /** Makes sure each daily schedule has its next occurrence queued; returns how many were added. */
  async ensureSchedules(): Promise<number> {
    let added = 0;
    for (const d of this.daily) if (await this.ensureSchedule(d)) added++;
    return added;
  }

  private async ensureSchedule(d: DailySchedule): Promise<boolean> {
    const { day, runAt } = nextDailyRun(this.ctx.clock.now(), d.hour);
    const id = await this.ctx.jobs.enqueue(d.job, {
      runAt,
      singletonKey: dailySingletonKey(d.job, day),
      payload: { day },
    });
    return id !== null;
  }

  /** Puts jobs of crashed nodes back in the queue (or fails them when out of attempts). */
  async reclaimStale(): Promise<number> {
    const now = this.ctx.clock.now();
    const result = await this.ctx.db
      .updateTable('job')
      .set({
        state: sql`CASE WHEN attempts >= max_attempts THEN 'failed' ELSE 'queued' END`,
        finished_at: sql`CASE WHEN attempts >= max_attempts THEN ${now}::timestamptz END`,
        last_error: 'The node running this job stopped before it finished.',
        locked_at: null,
      })
      .where('state', '=', 'running')
      .where('locked_at', '<', new Date(now.getTime() - STALE_AFTER_MS))
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  private async claim(): Promise<ClaimedJob | null> {
    const names = [...this.handlers.keys()];
    if (names.length === 0) return null;
    const now = this.ctx.clock.now();
    // One statement, committed at once: the row lock only decides who wins; 'running' then
    // keeps everybody else off. Jobs this node has no handler for stay for nodes that have.
    const row = await this.ctx.db
      .updateTable('job')
      .set({ state: 'running', attempts: sql`attempts + 1`, locked_at: now })
      .where('id', '=', (eb) =>
        eb
          .selectFrom('job')
          .select('id')
          .where('state', '=', 'queued')
          .where('run_at', '<=', now)
          .where('name', 'in', names)
          .orderBy('run_at')
          .orderBy('id')
          .limit(1)
          .forUpdate()
          .skipLocked(),
      )
      .where('state', '=', 'queued')
      .returningAll()
      .executeTakeFirst();
    if (!row) return null;
    return {
      id: row.id,
      name: row.name,
      tenantId: row.tenant_id,
      payload: typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload,
      attempts: Number(row.attempts),
      maxAttempts: Number(row.max_attempts),
      singletonKey: row.singleton_key,
      lockedAt: new Date(row.locked_at ?? now),
    };
  }

  private async execute(job: ClaimedJob): Promise<void> {
    const handler = this.handlers.get(job.name)!;
    let lockedAt = job.lockedAt;
    const heartbeat = setInterval(() => {
      const next = this.ctx.clock.now();
      if (next.getTime() <= lockedAt.getTime()) return;
      const previous = lockedAt;
      lockedAt = next;
      this.ctx.db
        .updateTable('job')
        .set({ locked_at: next })
        .where('id', '=', job.id)
        .where('state', '=', 'running')
        .where('locked_at', '=', previous)
        .execute()
        .catch((err) => this.log?.error({ err, job: job.id }, 'job heartbeat failed'));
    }, HEARTBEAT_MS);
    heartbeat.unref();
    let failure: unknown = null;
    try {
      await handler(this.ctx, { tenantId: job.tenantId, payload: job.payload });
    } catch (err) {
      failure = err;
    } finally {
      clearInterval(heartbeat);
    }
    const now = this.ctx.clock.now();
    const mine = this.ctx.db
      .updateTable('job')
      .where('id', '=', job.id)
      .where('state', '=', 'running')
      .where('locked_at', '=', lockedAt);
    if (failure === null) {
      await mine.set({ state: 'done', finished_at: now, locked_at: null, last_error: null }).execute();
    } else {
      const message = describe(failure);
      const final = job.attempts >= job.maxAttempts;
      this.log?.error(
        { err: failure, job: job.id, name: job.name, attempt: job.attempts, final },
        'job failed',
      );
      await mine
        .set(
          final
            ? { state: 'failed', finished_at: now, locked_at: null, last_error: message }
            : {
                state: 'queued',
                run_at: new Date(now.getTime() + retryDelayMs(job.attempts)),
                locked_at: null,
                last_error: message,
              },
        )
        .execute();
      if (!final) return;
    }
    // A daily job queues its next occurrence once it is over, so the schedule never runs dry.
    const schedule = this.daily.find((d) => d.job === job.name);
    if (schedule && job.singletonKey?.startsWith('daily:')) await this.ensureSchedule(schedule);
  }
}

function describe(err: unknown): string {
  let text = err instanceof Error ? (err.stack ?? `${err.name}: ${err.message}`) : String(err);
  if (err instanceof AggregateError)
    text += err.errors.map((e) => `\n- ${(e as Error)?.message ?? String(e)}`).join('');
  return text.slice(0, 4000);
}
