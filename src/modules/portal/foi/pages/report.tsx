/** The annual report (§18): staff page with the entered figures, the public page and the PDF. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { todayIn } from '../../../../platform/calendar/index.js';
import type { AppContext } from '../../../../platform/context.js';
import { Layout, type PageEnv, pageEnv } from '../../../../platform/http/layout.js';
import { Field, HiddenCsrf, sendPage } from '../../../../platform/http/render.js';
import { formatDateTime } from '../../../../platform/i18n/index.js';
import { foiPolicy } from '../policy.js';
import {
  type AnnualReport,
  complaintOutcome,
  getAnnualReport,
  getPublishedReport,
  publishedReportYears,
  publishReport,
  reportPdf,
  reportRows,
  saveReportFigures,
} from '../report.js';
import { type Errors, fieldErrors, formBody, Multiline, Notice, str } from './parts.js';

const hidden = { hide: true };

function ReportBody({ env, r }: { env: PageEnv; r: AnnualReport }) {
  const { t } = env;
  return (
    <>
      <p>{t('foi:report.intro')}</p>
      <table class="data">
        <caption class="visually-hidden">{t('foi:report.title', { year: r.year })}</caption>
        <tbody>
          {reportRows(r, t).map(([label, value]) => (
            <tr>
              <th scope="row">{label}</th>
              <td>{value}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t('foi:report.judgments')}</h2>
      {r.courtNotes ? <Multiline text={r.courtNotes} /> : <p>{t('foi:report.none')}</p>}
      <h2>{t('foi:report.licenceNotes')}</h2>
      {r.licenceNotes ? <Multiline text={r.licenceNotes} /> : <p>{t('foi:report.none')}</p>}
      <h2>{t('foi:report.complaintList')}</h2>
      {r.complaints.length === 0 ? (
        <p>{t('foi:report.none')}</p>
      ) : (
        <ul>
          {r.complaints.map((c) => (
            <li>
              {c.number} ({c.receivedOn}): {c.reason} → {complaintOutcome(c, t)}
            </li>
          ))}
        </ul>
      )}
      <h2>{t('foi:report.other')}</h2>
      {r.otherNotes ? <Multiline text={r.otherNotes} /> : <p>{t('foi:report.none')}</p>}
    </>
  );
}

function yearOf(request: FastifyRequest, fallback: number): number {
  const q = (request.query as Record<string, unknown>).year;
  const n = typeof q === 'string' && /^\d{4}$/.test(q) ? Number(q) : fallback;
  return n;
}

function lastYear(request: FastifyRequest, ctx: AppContext): number {
  const zone = request.tenant?.time_zone ?? 'Europe/Prague';
  return Number(todayIn(zone, ctx.clock.now()).slice(0, 4)) - 1;
}

async function renderStaff(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  year: number,
  s: { notice?: string; errors?: Errors; values?: Record<string, string> } = {},
  status = 200,
) {
  const r = await getAnnualReport(ctx, request.actor, year);
  const env = pageEnv(request, ctx);
  const { t } = env;
  const canEdit = foiPolicy.can(request.actor, 'foi.report', { tenantId: request.actor.tenantId });
  const errors = s.errors ?? {};
  const val = (k: keyof AnnualReport) => s.values?.[k] ?? String(r[k] ?? '');
  const num = (k: 'courtJudgments' | 'courtCosts' | 'exclusiveLicences', label: string) => (
    <Field id={k} label={label} error={errors[k]}>
      <input
        id={k}
        name={k}
        type="number"
        min={0}
        step={k === 'courtCosts' ? '0.01' : '1'}
        value={val(k)}
        aria-invalid={errors[k] ? 'true' : undefined}
        aria-describedby={errors[k] ? `${k}-error` : undefined}
      />
    </Field>
  );
  const area = (k: 'courtNotes' | 'licenceNotes' | 'otherNotes', label: string) => (
    <Field id={k} label={label} error={errors[k]}>
      <textarea id={k} name={k} rows={4} aria-describedby={errors[k] ? `${k}-error` : undefined}>
        {val(k)}
      </textarea>
    </Field>
  );
  return sendPage(
    reply,
    <Layout env={env} title={`${t('foi:report.staffTitle')} – ${year}`}>
      {s.notice && <Notice>{s.notice}</Notice>}
      <form method="get" action="/app/foi/report" class="inline-form">
        <label for="year">{t('foi:report.year')}</label>{' '}
        <input id="year" name="year" type="number" min={2000} max={2100} value={String(year)} />{' '}
        <button type="submit" class="gov-button gov-button--secondary gov-button--s">
          OK
        </button>
      </form>
      <p>
        {r.publishedAt
          ? `${t('foi:report.published')}: ${formatDateTime(env.locale, r.publishedAt)}`
          : t('foi:report.notPublished')}{' '}
        · <a href={`/app/foi/report/${year}/pdf`}>{t('foi:report.pdf')}</a>
      </p>
      <ReportBody env={env} r={r} />
      {canEdit && (
        <>
          <h2>{t('foi:report.save')}</h2>
          <form method="post" action={`/app/foi/report?year=${year}`} novalidate>
            <HiddenCsrf token={env.csrfToken} />
            {num('courtJudgments', t('foi:report.judgmentsCount'))}
            {num('courtCosts', t('foi:report.costs'))}
            {area('courtNotes', t('foi:report.courtNotes'))}
            {num('exclusiveLicences', t('foi:report.licences'))}
            {area('licenceNotes', t('foi:report.licenceNotes'))}
            {area('otherNotes', t('foi:report.other'))}
            <button type="submit" class="gov-button gov-button--primary">
              {t('foi:report.save')}
            </button>
          </form>
          <form method="post" action={`/app/foi/report/publish?year=${year}`}>
            <HiddenCsrf token={env.csrfToken} />
            <button type="submit" class="gov-button gov-button--secondary">
              {t('foi:report.publish')}
            </button>
          </form>
        </>
      )}
    </Layout>,
    status,
  );
}

async function sendPdf(ctx: AppContext, request: FastifyRequest, reply: FastifyReply, r: AnnualReport) {
  const bytes = await reportPdf(r, request.t, request.locale, ctx.clock.now());
  return reply
    .type('application/pdf')
    .header('content-disposition', `inline; filename="vyrocni-zprava-${r.year}.pdf"`)
    .send(Buffer.from(bytes));
}

export function foiReportPages(app: FastifyInstance, ctx: AppContext): void {
  app.get('/app/foi/report', { schema: hidden }, (request, reply) =>
    renderStaff(ctx, request, reply, yearOf(request, lastYear(request, ctx))),
  );

  app.post('/app/foi/report', { schema: hidden }, async (request, reply) => {
    const year = yearOf(request, lastYear(request, ctx));
    const b = formBody(request);
    const values: Record<string, string> = {};
    for (const k of [
      'courtJudgments',
      'courtCosts',
      'exclusiveLicences',
      'courtNotes',
      'licenceNotes',
      'otherNotes',
    ]) {
      values[k] = str(b, k);
    }
    const n = (k: string) => (values[k]!.trim() === '' ? 0 : Number(values[k]!.replace(',', '.')));
    try {
      await saveReportFigures(ctx, request.actor, year, {
        courtJudgments: n('courtJudgments'),
        courtCosts: n('courtCosts'),
        exclusiveLicences: n('exclusiveLicences'),
        courtNotes: values.courtNotes!,
        licenceNotes: values.licenceNotes!,
        otherNotes: values.otherNotes!,
      });
      return renderStaff(ctx, request, reply, year, { notice: request.t('foi:report.saved') });
    } catch (e) {
      const errors = fieldErrors(e);
      if (!errors) throw e;
      return renderStaff(ctx, request, reply, year, { errors, values }, 422);
    }
  });

  app.post('/app/foi/report/publish', { schema: hidden }, async (request, reply) => {
    const year = yearOf(request, lastYear(request, ctx));
    await publishReport(ctx, request.actor, year);
    return reply.redirect(`/app/foi/report?year=${year}`, 303);
  });

  app.get<{ Params: { year: string } }>(
    '/app/foi/report/:year/pdf',
    { schema: hidden },
    async (request, reply) => {
      const r = await getAnnualReport(ctx, request.actor, Number(request.params.year));
      return sendPdf(ctx, request, reply, r);
    },
  );

  app.get<{ Params: { tenant: string } }>(
    '/:tenant/informace/vyrocni-zprava',
    { schema: hidden },
    async (request, reply) => {
      const tenant = request.tenant!;
      const years = await publishedReportYears(ctx, tenant.id);
      const env = { ...pageEnv(request, ctx), tenant };
      const { t } = env;
      return sendPage(
        reply,
        <Layout env={env} title={t('foi:portal.report')} variant="public">
          {years.length === 0 ? (
            <p>{t('foi:report.none')}</p>
          ) : (
            <ul>
              {years.map((y) => (
                <li>
                  <a href={`/${tenant.slug}/informace/vyrocni-zprava/${y}`}>
                    {t('foi:report.title', { year: y })}
                  </a>
                </li>
              ))}
            </ul>
          )}
        </Layout>,
      );
    },
  );

  app.get<{ Params: { tenant: string; year: string } }>(
    '/:tenant/informace/vyrocni-zprava/:year',
    { schema: hidden },
    async (request, reply) => {
      const tenant = request.tenant!;
      const r = await getPublishedReport(ctx, tenant.id, Number(request.params.year));
      const env = { ...pageEnv(request, ctx), tenant };
      const { t } = env;
      return sendPage(
        reply,
        <Layout env={env} title={t('foi:report.title', { year: r.year })} variant="public">
          <p>
            <a href={`/${tenant.slug}/informace/vyrocni-zprava/${r.year}/pdf`}>{t('foi:report.pdf')}</a>
          </p>
          <ReportBody env={env} r={r} />
        </Layout>,
      );
    },
  );

  app.get<{ Params: { tenant: string; year: string } }>(
    '/:tenant/informace/vyrocni-zprava/:year/pdf',
    { schema: hidden },
    async (request, reply) => {
      const r = await getPublishedReport(ctx, request.tenant!.id, Number(request.params.year));
      return sendPdf(ctx, request, reply, r);
    },
  );
}
