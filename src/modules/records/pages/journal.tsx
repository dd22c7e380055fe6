/** The registry journal / document search page (/app/records/journal). */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../../platform/context.js';
import { AppError } from '../../../platform/errors.js';
import { Layout, pageEnv } from '../../../platform/http/layout.js';
import { sendPage } from '../../../platform/http/render.js';
import { formatDateTime } from '../../../platform/i18n/index.js';
import { listStaff } from '../../../platform/identity/index.js';
import { tenantOf } from '../http-common.js';
import { DOCUMENT_STATUSES, type JournalFilter, listDocuments } from '../journal-service.js';
import { recordsPolicy } from '../policy.js';
import { ErrorSummary, errorsOf, Select, TextInput, type Values, zoneOf } from './ui.js';

const FILTER_KEYS = ['q', 'status', 'handlerId', 'orgUnitId', 'groupCode', 'sender', 'from', 'to'] as const;

function filterOf(query: Record<string, unknown>): { values: Values; filter: JournalFilter } {
  const values: Values = {};
  const filter: JournalFilter = {};
  for (const k of FILTER_KEYS) {
    const v = query[k];
    if (typeof v === 'string' && v.trim() !== '') {
      values[k] = v;
      filter[k] = v.trim();
    }
  }
  const page = Number(query.page);
  if (Number.isInteger(page) && page > 0) filter.page = page;
  filter.pageSize = 25;
  return { values, filter };
}

async function render(ctx: AppContext, request: FastifyRequest, reply: FastifyReply) {
  const env = pageEnv(request, ctx);
  const { t } = env;
  const tenantId = tenantOf(request);
  const { values, filter } = filterOf(request.query as Record<string, unknown>);
  const fullJournal = recordsPolicy.can(request.actor, 'journal.read', { tenantId });
  let result: Awaited<ReturnType<typeof listDocuments>> | null = null;
  let errors = {};
  let message: string | undefined;
  try {
    result = await listDocuments(ctx, request.actor, tenantId, filter);
  } catch (e) {
    if (e instanceof AppError && e.code === 'forbidden') throw e;
    ({ errors, message } = errorsOf(e, request.locale));
  }
  const staff = fullJournal ? await listStaff(ctx, request.actor, tenantId) : [];
  const zone = zoneOf(request);
  const link = (page: number) => {
    const q = new URLSearchParams({ ...values, page: String(page) });
    return `/app/records/journal?${q.toString()}`;
  };
  const exportQuery = new URLSearchParams({ ...values });
  if (!values.from || !values.to) {
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(ctx.clock.now());
    exportQuery.set('from', values.from ?? today);
    exportQuery.set('to', values.to ?? today);
  }
  const title = fullJournal ? t('records:journal.title') : t('records:journal.searchTitle');
  const lastPage = result ? Math.max(1, Math.ceil(result.total / result.pageSize)) : 1;
  return sendPage(
    reply,
    <Layout env={env} title={title}>
      <ErrorSummary t={t} message={message} errors={errors} />
      <form method="get" action="/app/records/journal" aria-label={t('records:journal.filters')}>
        <TextInput
          name="q"
          label={t('records:journal.q')}
          hint={t('records:journal.qHint')}
          values={values}
          errors={errors}
        />
        <Select
          name="status"
          label={t('records:doc.status')}
          values={values}
          errors={errors}
          options={[
            ['', t('records:journal.any')],
            ...DOCUMENT_STATUSES.map((s): [string, string] => [s, t(`records:status.${s}`)]),
          ]}
        />
        {fullJournal && (
          <Select
            name="handlerId"
            label={t('records:doc.handler')}
            values={values}
            errors={errors}
            options={[
              ['', t('records:journal.any')],
              ...staff.map((u): [string, string] => [u.id, u.displayName]),
            ]}
          />
        )}
        <TextInput name="groupCode" label={t('records:doc.group')} values={values} errors={errors} />
        <TextInput name="sender" label={t('records:doc.sender')} values={values} errors={errors} />
        <TextInput
          name="from"
          type="date"
          label={t('records:journal.from')}
          values={values}
          errors={errors}
        />
        <TextInput name="to" type="date" label={t('records:journal.to')} values={values} errors={errors} />
        <button class="gov-button gov-button--primary" type="submit">
          {t('records:journal.search')}
        </button>
      </form>
      {fullJournal && (
        <p>
          <a href={`/api/v1/records/journal.csv?${exportQuery.toString()}`}>{t('records:journal.csv')}</a>
          {' · '}
          <a href={`/api/v1/records/journal.pdf?${exportQuery.toString()}`}>{t('records:journal.pdf')}</a>
        </p>
      )}
      {result && (
        <>
          <p role="status">{t('records:journal.count', { count: result.total })}</p>
          {result.items.length > 0 && (
            <table class="data">
              <caption class="visually-hidden">{title}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('records:doc.refNumber')}</th>
                  <th scope="col">{t('records:doc.registeredAt')}</th>
                  <th scope="col">{t('records:doc.sender')}</th>
                  <th scope="col">{t('records:doc.subject')}</th>
                  <th scope="col">{t('records:doc.group')}</th>
                  <th scope="col">{t('records:doc.handler')}</th>
                  <th scope="col">{t('records:doc.status')}</th>
                </tr>
              </thead>
              <tbody>
                {result.items.map((r) => (
                  <tr>
                    <td>
                      <a href={`/app/records/documents/${r.id}`}>{r.refNumber}</a>
                    </td>
                    <td>{formatDateTime(env.locale, r.registeredAt, zone)}</td>
                    <td>{r.senderName ?? '—'}</td>
                    <td>{r.subject}</td>
                    <td>{r.groupCode ?? '—'}</td>
                    <td>{r.handlerName ?? '—'}</td>
                    <td>
                      {t(`records:status.${r.status}`)}
                      {r.needsAttention ? ` (${t('records:journal.attention')})` : ''}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {lastPage > 1 && (
            <nav aria-label={t('records:journal.pages')}>
              <p>
                {result.page > 1 && <a href={link(result.page - 1)}>{t('records:journal.prev')}</a>}{' '}
                {t('records:journal.pageOf', { page: result.page, pages: lastPage })}{' '}
                {result.page < lastPage && <a href={link(result.page + 1)}>{t('records:journal.next')}</a>}
              </p>
            </nav>
          )}
        </>
      )}
    </Layout>,
    errors && Object.keys(errors).length ? 422 : 200,
  );
}

export function registerJournalPages(app: FastifyInstance, ctx: AppContext): void {
  app.get('/app/records/journal', { schema: { hide: true } }, (request, reply) =>
    render(ctx, request, reply),
  );
}
