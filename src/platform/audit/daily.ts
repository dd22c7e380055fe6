/**
 * The automatic daily rendering of the transakční protokol (NSESSS: rendered automatically, at
 * most one day per rendering). Each night, for every tenant, each finished calendar day (in the
 * tenant's time zone) not rendered yet becomes one TrP XML file, stored as a tenant blob and
 * listed in `audit_rendition`. Rendering is idempotent per (tenant, day).
 *
 * Decisions:
 * - Days without events are rendered too (an empty `Udalosti` is valid): a rendition for every
 *   day shows the rendering ran, so a missing day is a visible gap rather than "maybe nothing
 *   happened". Rendering starts at the day of the tenant's first event.
 * - Missed days (the node was down, the job failed) are caught up at the next run, in order.
 * - The operator's own chain (OPERATOR_SCOPE) is not rendered: the operator is no originator
 *   (původce) keeping records under NSESSS, and files belong to tenants (blob.tenant_id). Its
 *   chain is still verified by `samosprava audit verify`.
 */
import { sql, type Transaction } from 'kysely';
import { storeFile } from '../blobs/index.js';
import type { AppContext } from '../context.js';
import { SYSTEM_ACTOR, withTenant } from '../db/tenant.js';
import type { DB, Tenant } from '../db/types.js';
import { addDaysIso } from '../jobs/schedule.js';
import type { DailySchedule, JobHandler } from '../module.js';
import { dateIn, startOfDayUtc } from '../time-zone.js';
import { SYSTEM_NAME, SYSTEM_VERSION } from './admin.js';
import { appendAudit, readAudit } from './chain.js';
import { renderTransactionLog } from './trp-xml.js';

export const RENDER_DAY_JOB = 'audit.render-day';

export interface AuditRenditionTable {
  tenant_id: string;
  /** 'YYYY-MM-DD'; always select it as `day::text` (drivers turn a bare date into a local Date). */
  day: string;
  blob_id: string;
  event_count: number;
  first_seq: number | null;
  last_seq: number | null;
  created_at: Date | string;
}

export type AuditDB = DB & { audit_rendition: AuditRenditionTable };

export interface AuditRendition {
  tenantId: string;
  day: string;
  blobId: string;
  eventCount: number;
  firstSeq: number | null;
  lastSeq: number | null;
}

export function renditionFilename(day: string): string {
  return `transakcni-protokol-${day}.xml`;
}

function audited(trx: Transaction<DB>): Transaction<AuditDB> {
  return trx as unknown as Transaction<AuditDB>;
}

/** The tenant's renditions, oldest first (read inside its own transaction). */
export async function listRenditions(trx: Transaction<DB>): Promise<AuditRendition[]> {
  const rows = await audited(trx)
    .selectFrom('audit_rendition')
    .select([
      'tenant_id',
      sql<string>`day::text`.as('day'),
      'blob_id',
      'event_count',
      'first_seq',
      'last_seq',
    ])
    .orderBy('day')
    .execute();
  return rows.map((r) => ({
    tenantId: r.tenant_id,
    day: r.day,
    blobId: r.blob_id,
    eventCount: Number(r.event_count),
    firstSeq: r.first_seq === null ? null : Number(r.first_seq),
    lastSeq: r.last_seq === null ? null : Number(r.last_seq),
  }));
}

/**
 * Renders one day of one tenant unless it is rendered already. Returns the new rendition, or
 * null when there was one.
 */
export async function renderTenantDay(
  ctx: AppContext,
  tenant: Tenant,
  day: string,
): Promise<AuditRendition | null> {
  const from = startOfDayUtc(day, tenant.time_zone);
  const to = startOfDayUtc(addDaysIso(day, 1), tenant.time_zone);
  return withTenant(
    ctx.db,
    tenant.id,
    SYSTEM_ACTOR,
    async (tx) => {
      if (tx.now.getTime() < to.getTime())
        throw new RangeError(`Day ${day} of ${tenant.slug} is not over yet`);
      const trx = audited(tx.trx);
      // Two nodes rendering the same tenant at once: the second waits, then finds the row.
      await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`audit_rendition:${tenant.id}`}, 0))`.execute(
        trx,
      );
      const existing = await trx
        .selectFrom('audit_rendition')
        .select('tenant_id')
        .where('day', '=', day)
        .executeTakeFirst();
      if (existing) return null;
      const events = await readAudit(tx, { from, to });
      const xml = renderTransactionLog({
        producer: { name: tenant.name, ico: tenant.ico, id: tenant.id },
        system: { name: SYSTEM_NAME, version: SYSTEM_VERSION },
        from,
        // The schema's range is inclusive: up to the last instant of the day.
        to: new Date(to.getTime() - 1),
        generatedAt: tx.now,
        events,
      });
      // A busy day may be larger than a user's upload; the limit is for uploads, not for us.
      const file = await storeFile(ctx, tx, {
        filename: renditionFilename(day),
        source: Buffer.from(xml, 'utf8'),
        maxBytes: Number.MAX_SAFE_INTEGER,
      });
      const rendition: AuditRendition = {
        tenantId: tenant.id,
        day,
        blobId: file.id,
        eventCount: events.length,
        firstSeq: events[0]?.seq ?? null,
        lastSeq: events.at(-1)?.seq ?? null,
      };
      await trx
        .insertInto('audit_rendition')
        .values({
          tenant_id: tenant.id,
          day,
          blob_id: file.id,
          event_count: rendition.eventCount,
          first_seq: rendition.firstSeq,
          last_seq: rendition.lastSeq,
          created_at: tx.now,
        })
        .execute();
      await appendAudit(tx, {
        eventType: 'Export',
        // As the on-demand export (admin.ts): the log itself has no NSESSS object type.
        objectType: 'KonfiguraceSystemu',
        objectId: 'transakcni-protokol',
        params: {
          day,
          blobId: file.id,
          entries: rendition.eventCount,
          firstSeq: rendition.firstSeq,
          lastSeq: rendition.lastSeq,
          sha256: file.sha256,
        },
      });
      return rendition;
    },
    { now: ctx.clock.now() },
  );
}

/** Days of a tenant still to render: after its last rendition (or from its first event) to `upTo`. */
async function pendingDays(ctx: AppContext, tenant: Tenant, upTo: string): Promise<string[]> {
  const start = await withTenant(ctx.db, tenant.id, SYSTEM_ACTOR, async (tx) => {
    const last = await audited(tx.trx)
      .selectFrom('audit_rendition')
      .select(sql<string | null>`max(day)::text`.as('day'))
      .executeTakeFirst();
    if (last?.day) return addDaysIso(last.day, 1);
    const first = await tx.trx
      .selectFrom('audit_event')
      .select((eb) => eb.fn.min('at').as('at'))
      .executeTakeFirst();
    return first?.at ? dateIn(new Date(first.at), tenant.time_zone) : null;
  });
  const days: string[] = [];
  for (let d = start; d !== null && d <= upTo; d = addDaysIso(d, 1)) days.push(d);
  return days;
}

/**
 * Job handler: renders every finished, unrendered day of every tenant (or of the job's tenant).
 * One tenant's failure does not stop the others; the job then fails and is retried, and what
 * was rendered already is skipped.
 */
export const renderAuditDay: JobHandler = async (ctx, job) => {
  let q = ctx.db.selectFrom('tenant').selectAll().orderBy('slug');
  if (job.tenantId) q = q.where('id', '=', job.tenantId);
  const tenants = await q.execute();
  const failures: unknown[] = [];
  for (const tenant of tenants) {
    try {
      const yesterday = addDaysIso(dateIn(ctx.clock.now(), tenant.time_zone), -1);
      for (const day of await pendingDays(ctx, tenant, yesterday)) await renderTenantDay(ctx, tenant, day);
    } catch (err) {
      failures.push(
        new Error(`audit rendering of ${tenant.slug} failed: ${(err as Error).message}`, { cause: err }),
      );
    }
  }
  if (failures.length > 0)
    throw new AggregateError(failures, `audit rendering failed for ${failures.length} tenant(s)`);
};

/** The audit module's background part; the lead spreads these into auditModule. */
export const auditDailyJob: { jobs: Record<string, JobHandler>; daily: DailySchedule[] } = {
  jobs: { [RENDER_DAY_JOB]: renderAuditDay },
  daily: [{ job: RENDER_DAY_JOB, hour: 1 }],
};
