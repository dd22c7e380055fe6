/**
 * The annual report (výroční zpráva podle §18 zákona č. 106/1999 Sb.): counted from the requests
 * of a year, plus the figures the data cannot give (court judgments and costs, exclusive
 * licences, other notes), entered by staff. Publishing makes it visible on the portal.
 */
import { sql } from 'kysely';
import { appendAudit } from '../../../platform/audit/chain.js';
import type { AppContext } from '../../../platform/context.js';
import { type Actor, PUBLIC_ACTOR, type TenantTx, withTenant } from '../../../platform/db/tenant.js';
import { AppError, type FieldError, invalid, notFound } from '../../../platform/errors.js';
import type { T } from '../../../platform/i18n/index.js';
import { type PdfBlock, renderPdf } from '../../../platform/pdf/index.js';
import { foiPolicy } from './policy.js';
import { foiTrx } from './schema.js';

export interface ReportFigures {
  courtJudgments: number;
  courtCosts: number;
  courtNotes: string;
  exclusiveLicences: number;
  licenceNotes: string;
  otherNotes: string;
}

export interface ComplaintLine {
  number: string;
  receivedOn: string;
  reason: string;
  outcome: 'dismissed' | 'granted' | null;
  decision: string | null;
}

export interface AnnualReport extends ReportFigures {
  year: number;
  tenantName: string;
  requests: number;
  refusedFull: number;
  refusedPartial: number;
  setAside: number;
  appeals: number;
  complaints: ComplaintLine[];
  publishedAt: Date | null;
}

const EMPTY: ReportFigures = {
  courtJudgments: 0,
  courtCosts: 0,
  courtNotes: '',
  exclusiveLicences: 0,
  licenceNotes: '',
  otherNotes: '',
};

function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < 2000 || year > 2100) {
    throw invalid([{ field: 'year', message: 'Enter a year between 2000 and 2100.' }]);
  }
}

async function build(tx: TenantTx, year: number): Promise<AnnualReport> {
  const db = foiTrx(tx.trx);
  const from = `${year}-01-01`;
  const to = `${year + 1}-01-01`;
  const tenant = await tx.trx
    .selectFrom('tenant')
    .select('name')
    .where('id', '=', tx.tenantId)
    .executeTakeFirstOrThrow();
  const counts = await db
    .selectFrom('foi_request')
    .select([
      sql<number>`count(*) FILTER (WHERE received_on >= ${from}::date AND received_on < ${to}::date)::int`.as(
        'requests',
      ),
      sql<number>`count(*) FILTER (WHERE outcome = 'refused' AND outcome_on >= ${from}::date AND outcome_on < ${to}::date)::int`.as(
        'refused_full',
      ),
      sql<number>`count(*) FILTER (WHERE outcome = 'partially_refused' AND outcome_on >= ${from}::date AND outcome_on < ${to}::date)::int`.as(
        'refused_partial',
      ),
      sql<number>`count(*) FILTER (WHERE outcome = 'set_aside' AND outcome_on >= ${from}::date AND outcome_on < ${to}::date)::int`.as(
        'set_aside',
      ),
    ])
    .executeTakeFirstOrThrow();
  const remedies = await db
    .selectFrom('foi_remedy as m')
    .innerJoin('foi_request as r', 'r.id', 'm.request_id')
    .select([
      'm.kind',
      'm.text',
      'm.outcome',
      'm.decision_text',
      'r.number',
      sql<string>`m.received_on::text`.as('received_on'),
    ])
    .where(sql<boolean>`m.received_on >= ${from}::date AND m.received_on < ${to}::date`)
    .orderBy('m.received_on')
    .execute();
  const entered = await db
    .selectFrom('foi_annual_report')
    .selectAll()
    .where('year', '=', year)
    .executeTakeFirst();
  return {
    year,
    tenantName: tenant.name,
    requests: Number(counts.requests),
    refusedFull: Number(counts.refused_full),
    refusedPartial: Number(counts.refused_partial),
    setAside: Number(counts.set_aside),
    appeals: remedies.filter((m) => m.kind === 'appeal').length,
    complaints: remedies
      .filter((m) => m.kind === 'complaint')
      .map((m) => ({
        number: m.number,
        receivedOn: m.received_on,
        reason: m.text,
        outcome: m.outcome,
        decision: m.decision_text,
      })),
    ...(entered
      ? {
          courtJudgments: entered.court_judgments,
          courtCosts: Number(entered.court_costs),
          courtNotes: entered.court_notes,
          exclusiveLicences: entered.exclusive_licences,
          licenceNotes: entered.licence_notes,
          otherNotes: entered.other_notes,
        }
      : EMPTY),
    publishedAt: entered?.published_at ?? null,
  };
}

function tenantOf(actor: Actor): string {
  if (!actor.tenantId)
    throw new AppError('forbidden', 'The report belongs to a tenant; sign in as its staff.');
  return actor.tenantId;
}

/** The report as staff see it (handlers and heads may read it; heads and admins edit it). */
export async function getAnnualReport(ctx: AppContext, actor: Actor, year: number): Promise<AnnualReport> {
  const tenantId = tenantOf(actor);
  if (!foiPolicy.can(actor, 'foi.report', { tenantId })) foiPolicy.require(actor, 'foi.read', { tenantId });
  checkYear(year);
  return withTenant(ctx.db, tenantId, actor, (tx) => build(tx, year));
}

export async function saveReportFigures(
  ctx: AppContext,
  actor: Actor,
  year: number,
  figures: ReportFigures,
): Promise<AnnualReport> {
  const tenantId = tenantOf(actor);
  foiPolicy.require(actor, 'foi.report', { tenantId });
  checkYear(year);
  const errors: FieldError[] = [];
  const whole = (k: 'courtJudgments' | 'exclusiveLicences') => {
    const v = figures[k];
    if (!Number.isInteger(v) || v < 0 || v > 100_000)
      errors.push({ field: k, message: 'Enter a whole number, 0 or more.' });
  };
  whole('courtJudgments');
  whole('exclusiveLicences');
  if (!Number.isFinite(figures.courtCosts) || figures.courtCosts < 0 || figures.courtCosts > 1e9) {
    errors.push({ field: 'courtCosts', message: 'Enter an amount, 0 or more.' });
  }
  for (const k of ['courtNotes', 'licenceNotes', 'otherNotes'] as const) {
    if (figures[k].length > 20_000) errors.push({ field: k, message: 'At most 20,000 characters.' });
  }
  if (errors.length) throw invalid(errors);
  return withTenant(
    ctx.db,
    tenantId,
    actor,
    async (tx) => {
      const values = {
        court_judgments: figures.courtJudgments,
        court_costs: figures.courtCosts,
        court_notes: figures.courtNotes.trim(),
        exclusive_licences: figures.exclusiveLicences,
        licence_notes: figures.licenceNotes.trim(),
        other_notes: figures.otherNotes.trim(),
        updated_at: tx.now,
      };
      await foiTrx(tx.trx)
        .insertInto('foi_annual_report')
        .values({ tenant_id: tenantId, year, ...values })
        .onConflict((oc) => oc.columns(['tenant_id', 'year']).doUpdateSet(values))
        .execute();
      await appendAudit(tx, {
        eventType: 'Uprava',
        objectType: 'Dokument',
        objectId: `foi-report-${year}`,
        params: { agenda: 'foi', report: year },
      });
      return build(tx, year);
    },
    { now: ctx.clock.now() },
  );
}

export async function publishReport(ctx: AppContext, actor: Actor, year: number): Promise<AnnualReport> {
  const tenantId = tenantOf(actor);
  foiPolicy.require(actor, 'foi.report', { tenantId });
  checkYear(year);
  return withTenant(
    ctx.db,
    tenantId,
    actor,
    async (tx) => {
      await foiTrx(tx.trx)
        .insertInto('foi_annual_report')
        .values({
          tenant_id: tenantId,
          year,
          court_judgments: 0,
          court_costs: 0,
          court_notes: '',
          exclusive_licences: 0,
          licence_notes: '',
          other_notes: '',
          published_at: tx.now,
          updated_at: tx.now,
        })
        .onConflict((oc) =>
          oc.columns(['tenant_id', 'year']).doUpdateSet({ published_at: tx.now, updated_at: tx.now }),
        )
        .execute();
      await appendAudit(tx, {
        eventType: 'Schvaleni',
        objectType: 'Dokument',
        objectId: `foi-report-${year}`,
        params: { agenda: 'foi', report: year, published: true },
      });
      return build(tx, year);
    },
    { now: ctx.clock.now() },
  );
}

/** A published report for the portal; 404 until it is published. */
export async function getPublishedReport(
  ctx: AppContext,
  tenantId: string,
  year: number,
): Promise<AnnualReport> {
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw notFound('The annual report');
  const r = await withTenant(ctx.db, tenantId, PUBLIC_ACTOR, (tx) => build(tx, year));
  if (!r.publishedAt) throw notFound('The annual report');
  return r;
}

export async function publishedReportYears(ctx: AppContext, tenantId: string): Promise<number[]> {
  return withTenant(ctx.db, tenantId, PUBLIC_ACTOR, async (tx) => {
    const rows = await foiTrx(tx.trx)
      .selectFrom('foi_annual_report')
      .select('year')
      .where('published_at', 'is not', null)
      .orderBy('year', 'desc')
      .execute();
    return rows.map((r) => r.year);
  });
}

/** The lines of the report (label, value), the same for HTML and PDF. */
export function reportRows(r: AnnualReport, t: T): [string, string][] {
  return [
    [t('foi:report.requests'), String(r.requests)],
    [t('foi:report.refusals'), String(r.refusedFull + r.refusedPartial)],
    [`– ${t('foi:report.refusedFull')}`, String(r.refusedFull)],
    [`– ${t('foi:report.refusedPartial')}`, String(r.refusedPartial)],
    [t('foi:report.setAside'), String(r.setAside)],
    [t('foi:report.appeals'), String(r.appeals)],
    [t('foi:report.judgmentsCount'), String(r.courtJudgments)],
    [t('foi:report.costs'), r.courtCosts.toFixed(2)],
    [t('foi:report.licences'), String(r.exclusiveLicences)],
    [t('foi:report.complaints'), String(r.complaints.length)],
  ];
}

export function complaintOutcome(c: ComplaintLine, t: T): string {
  if (!c.outcome) return t('foi:report.pending');
  return `${t(`foi:outcomes.${c.outcome}`)}${c.decision ? `: ${c.decision}` : ''}`;
}

export async function reportPdf(r: AnnualReport, t: T, lang: string, createdAt: Date): Promise<Uint8Array> {
  const blocks: PdfBlock[] = [
    { kind: 'title', text: t('foi:report.title', { year: r.year }) },
    { kind: 'paragraph', text: r.tenantName, bold: true },
    { kind: 'paragraph', text: t('foi:report.intro') },
    { kind: 'facts', rows: reportRows(r, t) },
    { kind: 'heading', text: t('foi:report.judgments') },
    { kind: 'paragraph', text: r.courtNotes || t('foi:report.none') },
    { kind: 'heading', text: t('foi:report.licenceNotes') },
    { kind: 'paragraph', text: r.licenceNotes || t('foi:report.none') },
    { kind: 'heading', text: t('foi:report.complaintList') },
  ];
  if (r.complaints.length === 0) blocks.push({ kind: 'paragraph', text: t('foi:report.none') });
  else {
    blocks.push({
      kind: 'table',
      columns: [
        t('foi:fields.number'),
        t('foi:fields.receivedOn'),
        t('foi:fields.reason'),
        t('foi:fields.outcome'),
      ],
      rows: r.complaints.map((c) => [c.number, c.receivedOn, c.reason, complaintOutcome(c, t)]),
      widths: [0.15, 0.15, 0.35, 0.35],
    });
  }
  blocks.push(
    { kind: 'heading', text: t('foi:report.other') },
    { kind: 'paragraph', text: r.otherNotes || t('foi:report.none') },
  );
  return renderPdf({
    title: t('foi:report.title', { year: r.year }),
    author: r.tenantName,
    lang,
    createdAt,
    blocks,
    footer: r.tenantName,
  });
}
