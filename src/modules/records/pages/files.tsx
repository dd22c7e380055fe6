/**
 * File pages: the list of files (/app/records/files) with the form for a new sběrný arch, a file's
 * page (/app/records/files/:id) with its documents, insert/remove, close/reopen and its audit
 * history; on the document page the settlement form and forming a file from the document.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import { todayIn } from '../../../platform/calendar/index.js';
import type { AppContext } from '../../../platform/context.js';
import { type Actor, withTenant } from '../../../platform/db/tenant.js';
import { Layout, type PageEnv, pageEnv } from '../../../platform/http/layout.js';
import { HiddenCsrf, sendPage } from '../../../platform/http/render.js';
import { formatDateTime, type T } from '../../../platform/i18n/index.js';
import type { DashboardWidget } from '../../../platform/identity/index.js';
import { SETTLEMENT_METHODS } from '../domain/files.js';
import {
  closeFile,
  createFile,
  type DocumentFileInfo,
  type FileDetail,
  type FileFilter,
  getDocumentFileInfo,
  getFile,
  insertDocument,
  listFiles,
  myOpenFiles,
  removeDocument,
  reopenFile,
  settleDocument,
} from '../files-service.js';
import { tenantOf } from '../http-common.js';
import type { DocumentView } from '../intake-service.js';
import { otx } from '../office-schema.js';
import { getFilePlan } from '../plan-service.js';
import { recordsPolicy } from '../policy.js';
import { renderDocument } from './intake.js';
import {
  ErrorSummary,
  type Errors,
  errorsOf,
  formValues,
  Notice,
  Select,
  statusOf,
  TextArea,
  TextInput,
  type Values,
  zoneOf,
} from './ui.js';

/** Subject groups of the current plan in which files are formed (those with a regime). */
async function groupOptions(ctx: AppContext, request: FastifyRequest): Promise<[string, string][]> {
  const plan = await getFilePlan(ctx, request.actor, tenantOf(request));
  const t = request.t;
  return (plan?.groups ?? [])
    .filter((g) => g.regime)
    .map((g): [string, string] => [
      g.id,
      `${g.fullCode} ${g.title} (${t(`records:numbering.${g.numbering}`)}, ${g.regime!.mark}/${g.regime!.period})`,
    ]);
}

// ---------------------------------------------------------------------------------------------
// List

async function renderList(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  state: { values?: Values; errors?: Errors; message?: string } = {},
  status = 200,
) {
  const env = pageEnv(request, ctx);
  const { t } = env;
  const tenantId = tenantOf(request);
  const q = request.query as Record<string, string | undefined>;
  const filter: FileFilter = { pageSize: 50 };
  const fv: Values = {};
  if (q.status === 'open' || q.status === 'closed') fv.status = filter.status = q.status;
  if (q.q?.trim()) fv.q = filter.q = q.q.trim();
  if (q.mine === '1') {
    filter.mine = true;
    fv.mine = '1';
  }
  const page = Number(q.page);
  if (Number.isInteger(page) && page > 0) filter.page = page;
  const result = await listFiles(ctx, request.actor, tenantId, filter);
  const canCreate = recordsPolicy.can(request.actor, 'file.manage', { tenantId });
  const groups = canCreate ? await groupOptions(ctx, request) : [];
  const v = state.values ?? {};
  const e = state.errors ?? {};
  const lastPage = Math.max(1, Math.ceil(result.total / result.pageSize));
  const link = (p: number) =>
    `/app/records/files?${new URLSearchParams({ ...fv, page: String(p) }).toString()}`;
  return sendPage(
    reply,
    <Layout env={env} title={t('records:files.title')}>
      <ErrorSummary t={t} message={state.message} errors={e} />
      <form method="get" action="/app/records/files" aria-label={t('records:journal.filters')}>
        <TextInput name="q" label={t('records:files.q')} values={fv} errors={{}} />
        <Select
          name="status"
          label={t('records:files.status')}
          values={fv}
          errors={{}}
          options={[
            ['', t('records:journal.any')],
            ['open', t('records:files.state.open')],
            ['closed', t('records:files.state.closed')],
          ]}
        />
        <div class="gov-form-control">
          <input id="f-mine" type="checkbox" name="mine" value="1" checked={fv.mine === '1'} />{' '}
          <label for="f-mine">{t('records:files.onlyMine')}</label>
        </div>
        <button class="gov-button gov-button--secondary" type="submit">
          {t('records:journal.search')}
        </button>
      </form>
      <p role="status">{t('records:files.count', { count: result.total })}</p>
      {result.items.length > 0 && (
        <table class="data">
          <caption>{t('records:files.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('records:files.number')}</th>
              <th scope="col">{t('records:doc.subject')}</th>
              <th scope="col">{t('records:doc.group')}</th>
              <th scope="col">{t('records:files.method')}</th>
              <th scope="col">{t('records:files.status')}</th>
              <th scope="col">{t('records:doc.handler')}</th>
              <th scope="col">{t('records:files.documents')}</th>
            </tr>
          </thead>
          <tbody>
            {result.items.map((f) => (
              <tr>
                <td>
                  <a href={`/app/records/files/${f.id}`}>{f.fileNumber}</a>
                </td>
                <td>{f.subject}</td>
                <td>{f.groupCode}</td>
                <td>{t(`records:numbering.${f.method}`)}</td>
                <td>{t(`records:files.state.${f.status}`)}</td>
                <td>{f.handlerName ?? '—'}</td>
                <td>{f.documents}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {lastPage > 1 && (
        <nav aria-label={t('records:journal.pages')}>
          {result.page > 1 && <a href={link(result.page - 1)}>{t('records:journal.prev')}</a>}{' '}
          {t('records:journal.pageOf', { page: result.page, pages: lastPage })}{' '}
          {result.page < lastPage && <a href={link(result.page + 1)}>{t('records:journal.next')}</a>}
        </nav>
      )}
      {canCreate && (
        <section aria-labelledby="h-new-file">
          <h2 id="h-new-file">{t('records:files.new')}</h2>
          <p class="hint">{t('records:files.newHint')}</p>
          <form method="post" action="/app/records/files">
            <HiddenCsrf token={env.csrfToken} />
            <Select
              name="groupId"
              label={t('records:doc.group')}
              required
              values={v}
              errors={e}
              options={groups}
            />
            <TextInput
              name="subject"
              label={t('records:doc.subject')}
              required
              maxLength={255}
              values={v}
              errors={e}
            />
            <button class="gov-button gov-button--primary" type="submit">
              {t('records:files.create')}
            </button>
          </form>
        </section>
      )}
    </Layout>,
    status,
  );
}

// ---------------------------------------------------------------------------------------------
// One file

/** The file's entry in the records office, if it was handed over (a file there is not reopened). */
async function officeEntryOf(
  ctx: AppContext,
  request: FastifyRequest,
  fileId: string,
): Promise<{ id: string; status: string } | null> {
  const row = await withTenant(ctx.db, tenantOf(request), request.actor, (tx) =>
    otx(tx)
      .selectFrom('records_office_entry')
      .select(['id', 'status'])
      .where('file_id', '=', fileId)
      .executeTakeFirst(),
  );
  return row ?? null;
}

function FilePage(props: {
  env: PageEnv;
  detail: FileDetail & { canManage: boolean };
  office: { id: string; status: string } | null;
  /** The records manager may open the office's entry. */
  canSeeOffice: boolean;
  zone: string;
  notice: string | null;
  errors: Errors;
  message?: string;
  values: Values;
}) {
  const { env, detail, zone } = props;
  const { t } = env;
  const f = detail.file;
  const e = props.errors;
  const open = f.status === 'open';
  const asksTriggerYear = f.regime.trigger === 'validity_end' || f.regime.trigger === 'birth';
  const rows: [string, ComponentChildren][] = [
    [t('records:files.number'), f.fileNumber],
    [t('records:doc.pid'), f.pid],
    [t('records:files.method'), t(`records:numbering.${f.method}`)],
    [t('records:files.status'), t(`records:files.state.${f.status}`)],
    [t('records:doc.group'), `${f.group.fullCode} ${f.group.title}`],
    [
      t('records:files.regime'),
      `${f.regime.identifier} – ${f.regime.name} (${t(`records:mark.${f.regime.mark}`)}, ${f.regime.period}; ${t(`records:trigger.${f.regime.trigger}`)})`,
    ],
    [t('records:doc.orgUnit'), f.orgUnit.name],
    [t('records:doc.handler'), f.handler?.name ?? '—'],
    [t('records:files.createdOn'), f.createdOn],
  ];
  if (f.closedOn) {
    rows.push([t('records:files.closedOn'), f.closedOn]);
    rows.push([t('records:files.triggerYear'), String(f.triggerYear ?? '—')]);
    rows.push([t('records:files.disposalYear'), String(f.disposalYear ?? '—')]);
  }
  if (f.reopenReason) rows.push([t('records:files.reopenedBecause'), f.reopenReason]);
  if (props.office) {
    const state = t(`records-office:state.${props.office.status}`);
    rows.push([
      t('records-office:title'),
      props.canSeeOffice ? <a href={`/app/records/office/${props.office.id}`}>{state}</a> : state,
    ]);
  }
  return (
    <Layout env={env} title={`${t('records:files.file')} ${f.fileNumber} – ${f.subject}`}>
      <Notice text={props.notice} />
      <ErrorSummary t={t} message={props.message} errors={e} />
      <p>
        <a href="/app/records/files">{t('records:files.title')}</a>
      </p>
      <dl class="facts">
        {rows.map(([k, v]) => (
          <>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </>
        ))}
      </dl>
      <h2>{t('records:files.documents')}</h2>
      {f.documents.length === 0 ? (
        <p>{t('records:files.empty')}</p>
      ) : (
        <table class="data">
          <thead>
            <tr>
              <th scope="col">{t('records:files.position')}</th>
              <th scope="col">{t('records:doc.refNumber')}</th>
              <th scope="col">{t('records:doc.subject')}</th>
              <th scope="col">{t('records:doc.status')}</th>
              <th scope="col">{t('records:settle.date')}</th>
              {props.detail.canManage && open && <th scope="col">{t('records:files.actions')}</th>}
            </tr>
          </thead>
          <tbody>
            {f.documents.map((d) => (
              <tr>
                <td>{d.numberInFile ?? d.position}</td>
                <td>
                  <a href={`/app/records/documents/${d.id}`}>{d.refNumber}</a>
                  {d.initial ? ` (${t('records:files.initial')})` : ''}
                </td>
                <td>{d.subject}</td>
                <td>{t(`records:status.${d.status}`)}</td>
                <td>{d.settledOn ?? '—'}</td>
                {props.detail.canManage && open && (
                  <td>
                    {!(f.method === 'priorace' && d.initial) && (
                      <form method="post" action={`/app/records/files/${f.id}/documents/${d.id}/remove`}>
                        <HiddenCsrf token={env.csrfToken} />
                        <button
                          class="gov-button gov-button--secondary"
                          type="submit"
                          aria-label={`${t('records:files.remove')} ${d.refNumber}`}
                        >
                          {t('records:files.remove')}
                        </button>
                      </form>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {props.detail.canManage && open && (
        <>
          <section aria-labelledby="h-insert">
            <h2 id="h-insert">{t('records:files.insert')}</h2>
            <form method="post" action={`/app/records/files/${f.id}/documents`}>
              <HiddenCsrf token={env.csrfToken} />
              <TextInput
                name="refNumber"
                label={t('records:doc.refNumber')}
                required
                maxLength={50}
                values={props.values}
                errors={e}
              />
              <button class="gov-button gov-button--secondary" type="submit">
                {t('records:files.insert')}
              </button>
            </form>
          </section>
          <section aria-labelledby="h-close">
            <h2 id="h-close">{t('records:files.close')}</h2>
            <p class="hint">{t('records:files.closeHint')}</p>
            <form method="post" action={`/app/records/files/${f.id}/close`}>
              <HiddenCsrf token={env.csrfToken} />
              {asksTriggerYear && (
                <TextInput
                  name="triggerYear"
                  type="number"
                  label={t('records:files.triggerYear')}
                  hint={t(`records:trigger.${f.regime.trigger}`)}
                  required
                  values={props.values}
                  errors={e}
                />
              )}
              <button class="gov-button gov-button--primary" type="submit">
                {t('records:files.close')}
              </button>
            </form>
          </section>
        </>
      )}
      {props.detail.canManage && !open && !props.office && (
        <section aria-labelledby="h-reopen">
          <h2 id="h-reopen">{t('records:files.reopen')}</h2>
          <form method="post" action={`/app/records/files/${f.id}/reopen`}>
            <HiddenCsrf token={env.csrfToken} />
            <TextArea
              name="reason"
              label={t('records:files.reason')}
              required
              values={props.values}
              errors={e}
            />
            <button class="gov-button gov-button--secondary" type="submit">
              {t('records:files.reopen')}
            </button>
          </form>
        </section>
      )}
      <h2>{t('records:doc.history')}</h2>
      <table class="data">
        <thead>
          <tr>
            <th scope="col">{t('records:doc.when')}</th>
            <th scope="col">{t('records:doc.who')}</th>
            <th scope="col">{t('records:doc.event')}</th>
            <th scope="col">{t('records:doc.object')}</th>
          </tr>
        </thead>
        <tbody>
          {detail.history.map((h) => (
            <tr>
              <td>{formatDateTime(env.locale, h.at, zone)}</td>
              <td>{h.actorLabel}</td>
              <td>{t(`records:event.${h.eventType}`, { defaultValue: h.eventType })}</td>
              <td>
                {h.objectType}
                {h.objectType === 'Dokument' && f.documents.find((d) => d.id === h.objectId)
                  ? ` ${f.documents.find((d) => d.id === h.objectId)!.refNumber}`
                  : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>
  );
}

async function renderFile(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  id: string,
  state: { values?: Values; errors?: Errors; message?: string } = {},
  status = 200,
) {
  const env = pageEnv(request, ctx);
  const detail = await getFile(ctx, request.actor, tenantOf(request), id);
  const office = detail.file.status === 'closed' ? await officeEntryOf(ctx, request, id) : null;
  const q = request.query as Record<string, string | undefined>;
  const notice = q.done ? env.t(`records:files.done.${q.done}`, { defaultValue: '' }) || null : null;
  return sendPage(
    reply,
    <FilePage
      env={env}
      detail={detail}
      office={office}
      canSeeOffice={recordsPolicy.can(request.actor, 'office.manage', { tenantId: tenantOf(request) })}
      zone={zoneOf(request)}
      notice={status === 200 ? notice : null}
      errors={state.errors ?? {}}
      values={state.values ?? {}}
      {...(state.message ? { message: state.message } : {})}
    />,
    status,
  );
}

// ---------------------------------------------------------------------------------------------
// On the document page

export interface DocumentFileOptions extends DocumentFileInfo {
  groups: [string, string][];
  today: string;
}

/** What the document page shows and offers about settlement and files (not audited: the page is). */
export async function documentFileOptions(
  ctx: AppContext,
  request: FastifyRequest,
  doc: DocumentView,
): Promise<DocumentFileOptions> {
  const info = await getDocumentFileInfo(ctx, request.actor, tenantOf(request), doc.id, { audit: false });
  return {
    ...info,
    groups: info.canFormFile ? await groupOptions(ctx, request) : [],
    today: todayIn(zoneOf(request), ctx.clock.now()),
  };
}

export function DocumentFilePanel(props: { env: PageEnv; doc: DocumentView; options: DocumentFileOptions }) {
  const { env, doc, options } = props;
  const { t } = env;
  const s = options.settlement;
  const none = {};
  return (
    <>
      {s && (
        <section aria-labelledby="h-settlement">
          <h2 id="h-settlement">{t('records:settle.title')}</h2>
          <dl class="facts">
            <dt>{t('records:settle.method')}</dt>
            <dd>{t(`records:settle.methods.${s.method}`)}</dd>
            <dt>{t('records:settle.date')}</dt>
            <dd>{s.date}</dd>
            <dt>{t('records:settle.by')}</dt>
            <dd>{s.settledBy?.name ?? '—'}</dd>
            {s.note && (
              <>
                <dt>{t('records:settle.note')}</dt>
                <dd>{s.note}</dd>
              </>
            )}
          </dl>
        </section>
      )}
      {options.file && (
        <p>
          <strong>{t('records:files.file')}:</strong>{' '}
          <a href={`/app/records/files/${options.file.id}`}>{options.file.fileNumber}</a>
          {options.file.numberInFile ? ` (${options.file.numberInFile})` : ''} –{' '}
          {t(`records:files.state.${options.file.status}`)}
        </p>
      )}
      {options.canSettle && (
        <section aria-labelledby="h-settle">
          <h2 id="h-settle">{t('records:settle.action')}</h2>
          <form method="post" action={`/app/records/documents/${doc.id}/settle`}>
            <HiddenCsrf token={env.csrfToken} />
            <Select
              name="method"
              label={t('records:settle.method')}
              required
              values={{ method: 'document' }}
              errors={none}
              options={Object.keys(SETTLEMENT_METHODS).map((m): [string, string] => [
                m,
                t(`records:settle.methods.${m}`),
              ])}
            />
            <TextInput
              name="date"
              type="date"
              label={t('records:settle.date')}
              hint={t('records:settle.dateHint')}
              required
              values={{ date: options.today }}
              errors={none}
            />
            <TextArea
              name="note"
              label={t('records:settle.note')}
              hint={t('records:settle.noteHint')}
              values={none}
              errors={none}
            />
            <button class="gov-button gov-button--primary" type="submit">
              {t('records:settle.action')}
            </button>
          </form>
        </section>
      )}
      {options.canFormFile && (
        <section aria-labelledby="h-form-file">
          <h2 id="h-form-file">{t('records:files.formFromDocument')}</h2>
          <p class="hint">{t('records:files.formHint')}</p>
          <form method="post" action="/app/records/files">
            <HiddenCsrf token={env.csrfToken} />
            <input type="hidden" name="initialDocumentId" value={doc.id} />
            <Select
              name="groupId"
              label={t('records:doc.group')}
              required
              values={doc.group ? { groupId: doc.group.id } : none}
              errors={none}
              options={options.groups}
            />
            <TextInput
              name="subject"
              label={t('records:doc.subject')}
              maxLength={255}
              values={{ subject: doc.subject }}
              errors={none}
            />
            <button class="gov-button gov-button--secondary" type="submit">
              {t('records:files.create')}
            </button>
          </form>
        </section>
      )}
    </>
  );
}

/** Dashboard widget "my files": open files the user handles (none shown to those who handle none). */
export async function myFilesWidget(ctx: AppContext, actor: Actor, t: T): Promise<DashboardWidget[]> {
  if (
    actor.kind !== 'user' ||
    !actor.tenantId ||
    !recordsPolicy.can(actor, 'file.manage', { tenantId: actor.tenantId })
  )
    return [];
  const files = await myOpenFiles(ctx, actor, actor.tenantId);
  return [
    {
      title: t('records:files.mine', { count: files.length }),
      body:
        files.length === 0 ? (
          <p>{t('records:handling.nothing')}</p>
        ) : (
          <ul>
            {files.slice(0, 10).map((f) => (
              <li>
                <a href={`/app/records/files/${f.id}`}>{f.fileNumber}</a> {f.subject}
              </li>
            ))}
          </ul>
        ),
      href: '/app/records/files?mine=1&status=open',
    },
  ];
}

// ---------------------------------------------------------------------------------------------

export function registerFilesPages(app: FastifyInstance, ctx: AppContext): void {
  const idOf = (request: FastifyRequest) => (request.params as { id: string }).id;

  app.get('/app/records/files', { schema: { hide: true } }, (request, reply) =>
    renderList(ctx, request, reply),
  );

  app.post('/app/records/files', { schema: { hide: true } }, async (request, reply) => {
    const v = formValues(request.body);
    const input = {
      groupId: v.groupId ?? '',
      subject: v.subject ?? null,
      initialDocumentId: v.initialDocumentId || null,
    };
    try {
      const d = await createFile(ctx, request.actor, tenantOf(request), input);
      return reply.redirect(`/app/records/files/${d.file.id}?done=created`, 303);
    } catch (e) {
      const { errors, message } = errorsOf(e, request.locale);
      if (input.initialDocumentId)
        return renderDocument(ctx, request, reply, input.initialDocumentId, { errors, message }, statusOf(e));
      return renderList(ctx, request, reply, { values: v, errors, message }, statusOf(e));
    }
  });

  app.get('/app/records/files/:id', { schema: { hide: true } }, (request, reply) =>
    renderFile(ctx, request, reply, idOf(request)),
  );

  const step = (
    path: string,
    done: string,
    act: (request: FastifyRequest, id: string, v: Values) => Promise<unknown>,
  ) =>
    app.post(path, { schema: { hide: true } }, async (request, reply) => {
      const id = idOf(request);
      const v = formValues(request.body);
      try {
        await act(request, id, v);
      } catch (e) {
        const { errors, message } = errorsOf(e, request.locale);
        return renderFile(ctx, request, reply, id, { values: v, errors, message }, statusOf(e));
      }
      return reply.redirect(`/app/records/files/${id}?done=${done}`, 303);
    });
  step('/app/records/files/:id/documents', 'inserted', (request, id, v) =>
    insertDocument(ctx, request.actor, tenantOf(request), id, { refNumber: v.refNumber ?? '' }),
  );
  step('/app/records/files/:id/documents/:documentId/remove', 'removed', (request, id) =>
    removeDocument(
      ctx,
      request.actor,
      tenantOf(request),
      id,
      (request.params as { documentId: string }).documentId,
    ),
  );
  step('/app/records/files/:id/close', 'closed', (request, id, v) =>
    closeFile(ctx, request.actor, tenantOf(request), id, {
      triggerYear: v.triggerYear?.trim() ? Number(v.triggerYear) : null,
    }),
  );
  step('/app/records/files/:id/reopen', 'reopened', (request, id, v) =>
    reopenFile(ctx, request.actor, tenantOf(request), id, v.reason ?? ''),
  );

  app.post('/app/records/documents/:id/settle', { schema: { hide: true } }, async (request, reply) => {
    const id = idOf(request);
    const v = formValues(request.body);
    try {
      await settleDocument(ctx, request.actor, tenantOf(request), id, {
        method: v.method,
        date: v.date,
        note: v.note ?? null,
      });
    } catch (e) {
      const { errors, message } = errorsOf(e, request.locale);
      return renderDocument(ctx, request, reply, id, { errors, message }, statusOf(e));
    }
    return reply.redirect(`/app/records/documents/${id}?done=settled`, 303);
  });
}
