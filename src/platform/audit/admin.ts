import type { AppContext } from '../context.js';
import { OPERATOR_SCOPE, SYSTEM_ACTOR, withTenant } from '../db/tenant.js';
import { AppError } from '../errors.js';
import { startOfDayUtc } from '../time-zone.js';
import { appendAudit, readAudit, type VerifyResult, verifyChain } from './chain.js';
import { renderTransactionLog } from './trp-xml.js';

export const SYSTEM_NAME = 'Samospráva';
export const SYSTEM_VERSION = '0.1.0';

export interface ChainReport extends VerifyResult {
  label: string;
}

/** Verifies one tenant's chain, or every tenant's and the operator's. */
export async function verifyAudit(ctx: AppContext, slug?: string): Promise<ChainReport[]> {
  const tenants = await ctx.db.selectFrom('tenant').select(['id', 'slug']).orderBy('slug').execute();
  const scopes = slug ? tenants.filter((t) => t.slug === slug) : tenants;
  if (slug && scopes.length === 0) throw new AppError('not-found', `No tenant "${slug}".`);
  const reports: ChainReport[] = [];
  for (const t of scopes) reports.push({ label: t.slug, ...(await verifyChain(ctx.db, t.id)) });
  if (!slug) reports.push({ label: '(operator)', ...(await verifyChain(ctx.db, OPERATOR_SCOPE)) });
  return reports;
}

/**
 * The NSESSS export of a date range (days in the tenant's time zone, both inclusive). The export
 * is itself an audited operation, recorded after the range it covers was read.
 */
export async function exportAuditXml(
  ctx: AppContext,
  opts: { tenant: string; from: string; to: string },
): Promise<{ xml: string; count: number }> {
  const tenant = await ctx.db
    .selectFrom('tenant')
    .selectAll()
    .where('slug', '=', opts.tenant)
    .executeTakeFirst();
  if (!tenant) throw new AppError('not-found', `No tenant "${opts.tenant}".`);
  if (opts.to < opts.from) throw new AppError('validation', '--to must not be before --from.');
  const from = startOfDayUtc(opts.from, tenant.time_zone);
  const next = new Date(`${opts.to}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  const to = startOfDayUtc(next.toISOString().slice(0, 10), tenant.time_zone);
  return withTenant(
    ctx.db,
    tenant.id,
    SYSTEM_ACTOR,
    async (tx) => {
      const events = await readAudit(tx, { from, to });
      const xml = renderTransactionLog({
        producer: { name: tenant.name, ico: tenant.ico, id: tenant.id },
        system: { name: SYSTEM_NAME, version: SYSTEM_VERSION },
        // The schema's range is inclusive; the last instant of the last day.
        from,
        to: new Date(to.getTime() - 1),
        generatedAt: ctx.clock.now(),
        events,
      });
      await appendAudit(tx, {
        eventType: 'Export',
        objectType: 'KonfiguraceSystemu',
        objectId: 'transakcni-protokol',
        params: { from: opts.from, to: opts.to, entries: events.length },
      });
      return { xml, count: events.length };
    },
    { now: ctx.clock.now() },
  );
}
