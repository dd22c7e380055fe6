/**
 * Staff pages of the notice board under /app/uredni-deska: the list, the create form with the
 * PDF upload (multipart; the CSRF token rides in the action URL), editing a draft, attaching
 * documents, scheduling, taking down early with a reason and downloading the certificate.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { contentDisposition, receiveUpload } from '../../../../platform/blobs/index.js';
import type { AppContext } from '../../../../platform/context.js';
import { AppError, type FieldError, forbidden } from '../../../../platform/errors.js';
import { Layout, type PageEnv, pageEnv } from '../../../../platform/http/layout.js';
import { HiddenCsrf, sendPage } from '../../../../platform/http/render.js';
import { csrfAction, requireUser } from '../../../../platform/identity/index.js';
import { CATEGORIES } from '../domain/notice.js';
import '../messages.js';
import { noticeboardPolicy } from '../policy.js';
import {
  attachDocument,
  createNotice,
  deleteNotice,
  detachDocument,
  getCertificate,
  getNotice,
  getNoticeDocument,
  listNotices,
  MAX_DOCUMENT_BYTES,
  type NoticeInput,
  type NoticeView,
  removeNotice,
  scheduleNotice,
  unscheduleNotice,
  updateNotice,
} from '../service.js';
import { day, formatSize, NoticeFacts } from './views.js';

const BASE = '/app/uredni-deska';
const FIELDS = [
  'title',
  'description',
  'category',
  'originatorName',
  'originatorIco',
  'referenceNumber',
  'fileNumber',
  'postingDate',
  'removalDate',
  'approvalDate',
] as const;

type Values = Record<string, string>;
type Errors = Record<string, string>;

function tenantIdOf(request: FastifyRequest): string {
  const user = requireUser(request);
  if (!user.tenantId) throw forbidden();
  return user.tenantId;
}

function valuesOf(body: unknown): Values {
  const out: Values = {};
  if (!body || typeof body !== 'object') return out;
  for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
    if (typeof v === 'string') out[k] = v;
  }
  return out;
}

function inputOf(v: Values): NoticeInput {
  return {
    title: v.title ?? '',
    description: v.description ?? '',
    category: v.category ?? '',
    originatorName: v.originatorName ?? null,
    originatorIco: v.originatorIco ?? null,
    referenceNumber: v.referenceNumber ?? null,
    fileNumber: v.fileNumber ?? null,
    postingDate: v.postingDate ?? '',
    removalDate: v.removalDate ?? null,
    approvalDate: v.approvalDate ?? null,
  };
}

function valuesFromNotice(n: NoticeView): Values {
  return {
    title: n.title,
    description: n.description,
    category: n.category,
    originatorName: n.originator?.name ?? '',
    originatorIco: n.originator?.ico ?? '',
    referenceNumber: n.referenceNumber ?? '',
    fileNumber: n.fileNumber ?? '',
    postingDate: n.postingDate,
    removalDate: n.removalDate,
    approvalDate: n.approvalDate ?? '',
  };
}

/** Field errors of a refused use case, translated; anything else goes to the error page. */
function errorsOf(request: FastifyRequest, e: unknown): Errors {
  if (!(e instanceof AppError) || e.fields.length === 0 || !['validation', 'conflict'].includes(e.code))
    throw e;
  const out: Errors = {};
  for (const f of e.fields as (FieldError & { code?: string })[]) {
    if (out[f.field]) continue;
    const due = /\((\d{4}-\d{2}-\d{2})\)/.exec(f.message)?.[1] ?? '';
    out[f.field] = f.code
      ? request.t(`noticeboard:err.${f.code}`, { due, defaultValue: f.message })
      : f.message;
  }
  return out;
}

const inputId = (name: string) => `nb-${name}`;

function describedBy(name: string, hint: boolean, error: boolean): string | undefined {
  const ids = [hint ? `${inputId(name)}-hint` : '', error ? `${inputId(name)}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

function Shell(props: {
  name: string;
  label: string;
  hint?: string;
  error?: string;
  children: preact.ComponentChildren;
}) {
  const id = inputId(props.name);
  return (
    <div class={`gov-form-control${props.error ? ' field-error' : ''}`}>
      <label class="gov-form-label" for={id}>
        {props.label}
      </label>
      {props.hint && (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
      {props.children}
      {props.error && (
        <p class="gov-form-message error-message" id={`${id}-error`}>
          {props.error}
        </p>
      )}
    </div>
  );
}

function Input(props: {
  name: string;
  label: string;
  values: Values;
  errors: Errors;
  type?: string;
  hint?: string;
  required?: boolean;
  maxLength?: number;
}) {
  const error = props.errors[props.name];
  return (
    <Shell
      name={props.name}
      label={props.label}
      {...(props.hint ? { hint: props.hint } : {})}
      {...(error ? { error } : {})}
    >
      <input
        id={inputId(props.name)}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.values[props.name] ?? ''}
        required={props.required}
        maxLength={props.maxLength}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(props.name, Boolean(props.hint), Boolean(error))}
      />
    </Shell>
  );
}

function ErrorSummary(props: { env: PageEnv; errors: Errors }) {
  const entries = Object.entries(props.errors);
  if (entries.length === 0) return null;
  const { t } = props.env;
  return (
    <div class="gov-message gov-message--error" role="alert">
      <p>
        <strong>{t('noticeboard:err.summary')}</strong>
      </p>
      <ul>
        {entries.map(([field, message]) => (
          <li>
            <a href={`#${inputId(field)}`}>
              {(FIELDS as readonly string[]).includes(field) || field === 'file' || field === 'reason'
                ? `${t(`noticeboard:field.${field}`)}: `
                : ''}
              {message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

function NoticeFields(props: { env: PageEnv; values: Values; errors: Errors }) {
  const { env, values, errors } = props;
  const { t } = env;
  const f = (name: (typeof FIELDS)[number]) => t(`noticeboard:field.${name}`);
  const catError = errors.category;
  const descError = errors.description;
  return (
    <>
      <Input name="title" label={f('title')} values={values} errors={errors} required maxLength={500} />
      <Shell name="category" label={f('category')} {...(catError ? { error: catError } : {})}>
        <select
          id={inputId('category')}
          name="category"
          required
          aria-invalid={catError ? 'true' : undefined}
          aria-describedby={describedBy('category', false, Boolean(catError))}
        >
          {CATEGORIES.map((c) => (
            <option value={c} selected={values.category === c}>
              {t(`noticeboard:category.${c}`)}
            </option>
          ))}
        </select>
      </Shell>
      <Shell name="description" label={f('description')} {...(descError ? { error: descError } : {})}>
        <textarea
          id={inputId('description')}
          name="description"
          rows={4}
          maxLength={10000}
          aria-invalid={descError ? 'true' : undefined}
          aria-describedby={describedBy('description', false, Boolean(descError))}
        >
          {values.description ?? ''}
        </textarea>
      </Shell>
      <Input
        name="postingDate"
        label={f('postingDate')}
        type="date"
        values={values}
        errors={errors}
        required
      />
      <Input
        name="removalDate"
        label={f('removalDate')}
        type="date"
        hint={t('noticeboard:hint.removalDate')}
        values={values}
        errors={errors}
      />
      <Input name="approvalDate" label={f('approvalDate')} type="date" values={values} errors={errors} />
      <Input
        name="referenceNumber"
        label={f('referenceNumber')}
        values={values}
        errors={errors}
        maxLength={50}
      />
      <Input name="fileNumber" label={f('fileNumber')} values={values} errors={errors} maxLength={50} />
      <Input
        name="originatorName"
        label={f('originatorName')}
        hint={t('noticeboard:hint.originatorName')}
        values={values}
        errors={errors}
        maxLength={300}
      />
      <Input name="originatorIco" label={f('originatorIco')} values={values} errors={errors} maxLength={12} />
    </>
  );
}

function FileInput(props: { env: PageEnv; errors: Errors; required?: boolean }) {
  const { t } = props.env;
  const error = props.errors.file;
  return (
    <Shell
      name="file"
      label={t('noticeboard:field.file')}
      hint={t('noticeboard:hint.file')}
      {...(error ? { error } : {})}
    >
      <input
        id={inputId('file')}
        name="file"
        type="file"
        accept="application/pdf,.pdf"
        required={props.required}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy('file', true, Boolean(error))}
      />
    </Shell>
  );
}

function Notice(props: { text: string | null }) {
  return props.text ? (
    <div class="gov-message gov-message--success" role="status">
      <p>{props.text}</p>
    </div>
  ) : null;
}

function ListPage(props: { env: PageEnv; notices: NoticeView[]; canManage: boolean }) {
  const { env, notices } = props;
  const { t } = env;
  return (
    <Layout env={env} title={t('noticeboard:staff.list')}>
      {props.canManage && (
        <p>
          <a class="gov-button gov-button--primary" href={`${BASE}/new`}>
            {t('noticeboard:staff.new')}
          </a>
        </p>
      )}
      {env.user?.tenantId && env.tenant && (
        <p>
          <a href={`/${env.tenant.slug}/uredni-deska`}>{t('noticeboard:staff.public')}</a>
        </p>
      )}
      {notices.length === 0 ? (
        <p>{t('noticeboard:staff.empty')}</p>
      ) : (
        <table class="data">
          <caption class="visually-hidden">{t('noticeboard:staff.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('noticeboard:field.title')}</th>
              <th scope="col">{t('noticeboard:field.boardNumber')}</th>
              <th scope="col">{t('noticeboard:field.category')}</th>
              <th scope="col">{t('noticeboard:field.state')}</th>
              <th scope="col">{t('noticeboard:field.postingDate')}</th>
              <th scope="col">{t('noticeboard:field.removalDate')}</th>
            </tr>
          </thead>
          <tbody>
            {notices.map((n) => (
              <tr>
                <th scope="row">
                  <a href={`${BASE}/${n.id}`}>{n.title}</a>
                </th>
                <td>{n.boardNumber ?? '—'}</td>
                <td>{t(`noticeboard:category.${n.category}`)}</td>
                <td>{t(`noticeboard:state.${n.state}`)}</td>
                <td>{day(env, n.postingDate)}</td>
                <td>{day(env, n.removalDate)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}

function FormPage(props: {
  env: PageEnv;
  title: string;
  action: string;
  multipart: boolean;
  values: Values;
  errors: Errors;
  submit: string;
  back: string;
}) {
  const { env } = props;
  return (
    <Layout env={env} title={props.title}>
      <ErrorSummary env={env} errors={props.errors} />
      <form
        method="post"
        action={props.multipart ? csrfAction(props.action, env.csrfToken) : props.action}
        enctype={props.multipart ? 'multipart/form-data' : undefined}
        novalidate
      >
        {!props.multipart && <HiddenCsrf token={env.csrfToken} />}
        <NoticeFields env={env} values={props.values} errors={props.errors} />
        {props.multipart && <FileInput env={env} errors={props.errors} required />}
        <button type="submit" class="gov-button gov-button--primary">
          {props.submit}
        </button>
      </form>
      <p>
        <a href={props.back}>{env.t('back')}</a>
      </p>
    </Layout>
  );
}

function ActionButton(props: { env: PageEnv; action: string; label: string; secondary?: boolean }) {
  return (
    <form method="post" action={props.action} class="inline-form">
      <HiddenCsrf token={props.env.csrfToken} />
      <button
        type="submit"
        class={`gov-button ${props.secondary ? 'gov-button--secondary' : 'gov-button--primary'}`}
      >
        {props.label}
      </button>
    </form>
  );
}

function DetailPage(props: {
  env: PageEnv;
  notice: NoticeView;
  errors: Errors;
  flash: string | null;
  canManage: boolean;
}) {
  const { env, notice: n, errors, canManage } = props;
  const { t } = env;
  const url = `${BASE}/${n.id}`;
  return (
    <Layout env={env} title={n.title}>
      <Notice text={props.flash} />
      <ErrorSummary env={env} errors={errors} />
      <p>
        <strong>{t('noticeboard:field.state')}:</strong> {t(`noticeboard:state.${n.state}`)}
      </p>
      <NoticeFacts env={env} notice={n} staff />
      {n.description && <p>{n.description}</p>}
      <h2>{t('noticeboard:field.documents')}</h2>
      {n.documents.length === 0 ? (
        <p>{t('noticeboard:err.noDocument')}</p>
      ) : (
        <ul>
          {n.documents.map((d) => (
            <li>
              <a href={`${url}/documents/${d.id}`}>{d.title}</a> ({formatSize(d.size)})
              {canManage && n.state === 'draft' && (
                <form method="post" action={`${url}/documents/${d.id}/delete`} class="inline-form">
                  <HiddenCsrf token={env.csrfToken} />
                  <button type="submit" class="gov-button gov-button--secondary gov-button--s">
                    {t('noticeboard:staff.detach')}
                    <span class="visually-hidden"> {d.title}</span>
                  </button>
                </form>
              )}
            </li>
          ))}
        </ul>
      )}
      {canManage && n.state === 'draft' && (
        <>
          <form
            method="post"
            action={csrfAction(`${url}/documents`, env.csrfToken)}
            enctype="multipart/form-data"
            class="attach-form"
          >
            <FileInput env={env} errors={errors} required />
            <button type="submit" class="gov-button gov-button--secondary">
              {t('noticeboard:staff.attach')}
            </button>
          </form>
          <h2>{t('noticeboard:field.state')}</h2>
          <p>
            <a href={`${url}/edit`}>{t('noticeboard:staff.edit')}</a>
          </p>
          <ActionButton env={env} action={`${url}/schedule`} label={t('noticeboard:staff.schedule')} />
          <ActionButton env={env} action={`${url}/delete`} label={t('noticeboard:staff.delete')} secondary />
        </>
      )}
      {canManage && n.state === 'scheduled' && (
        <ActionButton
          env={env}
          action={`${url}/unschedule`}
          label={t('noticeboard:staff.unschedule')}
          secondary
        />
      )}
      {canManage && n.state === 'posted' && (
        <form method="post" action={`${url}/remove`}>
          <h2>{t('noticeboard:staff.remove')}</h2>
          <HiddenCsrf token={env.csrfToken} />
          <Shell
            name="reason"
            label={t('noticeboard:field.reason')}
            {...(errors.reason ? { error: errors.reason } : {})}
          >
            <textarea
              id={inputId('reason')}
              name="reason"
              rows={3}
              maxLength={1000}
              aria-invalid={errors.reason ? 'true' : undefined}
              aria-describedby={describedBy('reason', false, Boolean(errors.reason))}
            />
          </Shell>
          <button type="submit" class="gov-button gov-button--secondary">
            {t('noticeboard:staff.remove')}
          </button>
        </form>
      )}
      {n.hasCertificate && (
        <p>
          <a class="gov-button gov-button--primary" href={`${url}/certificate`}>
            {t('noticeboard:staff.certificate')}
          </a>
        </p>
      )}
      {(n.state === 'posted' || n.state === 'removed') && env.tenant && (
        <p>
          <a href={`/${env.tenant.slug}/uredni-deska/${n.id}`}>{t('noticeboard:staff.public')}</a>
        </p>
      )}
      <p>
        <a href={BASE}>{t('back')}</a>
      </p>
    </Layout>
  );
}

const FLASH: Record<string, string> = {
  created: 'noticeboard:staff.created',
  saved: 'noticeboard:staff.saved',
  scheduled: 'noticeboard:staff.scheduled',
  posted: 'noticeboard:staff.posted',
  removed: 'noticeboard:staff.removedOk',
  unscheduled: 'noticeboard:staff.unscheduled',
};

export function staffPages(app: FastifyInstance, ctx: AppContext): void {
  const hide = { schema: { hide: true } };

  const showDetail = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    errors: Errors = {},
    status = 200,
  ) => {
    const notice = await getNotice(ctx, request.actor, tenantIdOf(request), id);
    const flashKey = FLASH[String((request.query as Record<string, unknown>).done ?? '')];
    return sendPage(
      reply,
      <DetailPage
        env={pageEnv(request, ctx)}
        notice={notice}
        errors={errors}
        flash={flashKey ? request.t(flashKey) : null}
        canManage={noticeboardPolicy.can(request.actor, 'notice.manage', { tenantId: notice.tenantId })}
      />,
      status,
    );
  };

  /** Runs a state change from a button; refusals come back on the detail page. */
  const action =
    (run: (request: FastifyRequest, tenantId: string, id: string) => Promise<string>) =>
    async (request: FastifyRequest, reply: FastifyReply) => {
      const { id } = request.params as { id: string };
      const tenantId = tenantIdOf(request);
      try {
        const done = await run(request, tenantId, id);
        return reply.redirect(done === 'deleted' ? BASE : `${BASE}/${id}?done=${done}`, 303);
      } catch (e) {
        return showDetail(request, reply, id, errorsOf(request, e), e instanceof AppError ? e.status : 500);
      }
    };

  app.get(BASE, hide, async (request, reply) => {
    const tenantId = tenantIdOf(request);
    const notices = await listNotices(ctx, request.actor, tenantId);
    return sendPage(
      reply,
      <ListPage
        env={pageEnv(request, ctx)}
        notices={notices}
        canManage={noticeboardPolicy.can(request.actor, 'notice.manage', { tenantId })}
      />,
    );
  });

  const newForm = (
    request: FastifyRequest,
    reply: FastifyReply,
    values: Values,
    errors: Errors,
    status = 200,
  ) =>
    sendPage(
      reply,
      <FormPage
        env={pageEnv(request, ctx)}
        title={request.t('noticeboard:staff.new')}
        action={BASE}
        multipart
        values={values}
        errors={errors}
        submit={request.t('noticeboard:staff.create')}
        back={BASE}
      />,
      status,
    );

  app.get(`${BASE}/new`, hide, async (request, reply) => {
    noticeboardPolicy.require(request.actor, 'notice.manage', { tenantId: tenantIdOf(request) });
    return newForm(request, reply, { category: 'announcement' }, {});
  });

  app.post(BASE, hide, async (request, reply) => {
    const tenantId = tenantIdOf(request);
    noticeboardPolicy.require(request.actor, 'notice.manage', { tenantId });
    let upload: Awaited<ReturnType<typeof receiveUpload>>;
    try {
      upload = await receiveUpload(request, ctx, { field: 'file', maxBytes: MAX_DOCUMENT_BYTES });
    } catch (e) {
      if (e instanceof AppError && e.code === 'validation')
        return newForm(request, reply, {}, { file: request.t('noticeboard:err.noDocument') }, 422);
      throw e;
    }
    const values = valuesOf(upload.fields);
    try {
      const created = await createNotice(ctx, request.actor, tenantId, inputOf(values), {
        filename: upload.filename,
        blob: upload,
      });
      return reply.redirect(`${BASE}/${created.id}?done=created`, 303);
    } catch (e) {
      return newForm(request, reply, values, errorsOf(request, e), 422);
    }
  });

  app.get(`${BASE}/:id`, hide, async (request, reply) =>
    showDetail(request, reply, (request.params as { id: string }).id),
  );

  const editForm = (
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    values: Values,
    errors: Errors,
    status = 200,
  ) =>
    sendPage(
      reply,
      <FormPage
        env={pageEnv(request, ctx)}
        title={request.t('noticeboard:staff.edit')}
        action={`${BASE}/${id}`}
        multipart={false}
        values={values}
        errors={errors}
        submit={request.t('noticeboard:staff.save')}
        back={`${BASE}/${id}`}
      />,
      status,
    );

  app.get(`${BASE}/:id/edit`, hide, async (request, reply) => {
    const { id } = request.params as { id: string };
    const notice = await getNotice(ctx, request.actor, tenantIdOf(request), id);
    return editForm(request, reply, id, valuesFromNotice(notice), {});
  });

  app.post(`${BASE}/:id`, hide, async (request, reply) => {
    const { id } = request.params as { id: string };
    const values = valuesOf(request.body);
    try {
      await updateNotice(ctx, request.actor, tenantIdOf(request), id, inputOf(values));
      return reply.redirect(`${BASE}/${id}?done=saved`, 303);
    } catch (e) {
      return editForm(request, reply, id, values, errorsOf(request, e), 422);
    }
  });

  app.post(
    `${BASE}/:id/documents`,
    hide,
    action(async (request, tenantId, id) => {
      const upload = await receiveUpload(request, ctx, { field: 'file', maxBytes: MAX_DOCUMENT_BYTES });
      await attachDocument(ctx, request.actor, tenantId, id, {
        filename: upload.filename,
        blob: upload,
        title: upload.fields.title,
      });
      return 'saved';
    }),
  );

  app.post(
    `${BASE}/:id/documents/:doc/delete`,
    hide,
    action(async (request, tenantId, id) => {
      await detachDocument(ctx, request.actor, tenantId, id, (request.params as { doc: string }).doc);
      return 'saved';
    }),
  );

  app.post(
    `${BASE}/:id/schedule`,
    hide,
    action(async (request, tenantId, id) => {
      const n = await scheduleNotice(ctx, request.actor, tenantId, id);
      return n.state === 'posted' ? 'posted' : 'scheduled';
    }),
  );

  app.post(
    `${BASE}/:id/unschedule`,
    hide,
    action(async (request, tenantId, id) => {
      await unscheduleNotice(ctx, request.actor, tenantId, id);
      return 'unscheduled';
    }),
  );

  app.post(
    `${BASE}/:id/remove`,
    hide,
    action(async (request, tenantId, id) => {
      await removeNotice(ctx, request.actor, tenantId, id, { reason: valuesOf(request.body).reason ?? null });
      return 'removed';
    }),
  );

  app.post(
    `${BASE}/:id/delete`,
    hide,
    action(async (request, tenantId, id) => {
      await deleteNotice(ctx, request.actor, tenantId, id);
      return 'deleted';
    }),
  );

  app.get(`${BASE}/:id/documents/:doc`, hide, async (request, reply) => {
    const { id, doc } = request.params as { id: string; doc: string };
    const file = await getNoticeDocument(ctx, request.actor, tenantIdOf(request), id, doc);
    return reply
      .type(file.record.mime)
      .header('content-disposition', contentDisposition(file.record.filename))
      .header('x-content-type-options', 'nosniff')
      .send(file.stream());
  });

  app.get(`${BASE}/:id/certificate`, hide, async (request, reply) => {
    const { id } = request.params as { id: string };
    const file = await getCertificate(ctx, request.actor, tenantIdOf(request), id);
    return reply
      .type(file.record.mime)
      .header('content-disposition', contentDisposition(file.record.filename))
      .header('x-content-type-options', 'nosniff')
      .send(file.stream());
  });
}
