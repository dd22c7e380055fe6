/** Public information pages (and the BIP view for Polish tenants) and the staff editor. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../../platform/context.js';
import { AppError } from '../../../platform/errors.js';
import { Layout, type PageEnv, pageEnv } from '../../../platform/http/layout.js';
import { Field, HiddenCsrf, sendPage } from '../../../platform/http/render.js';
import { formatDate, formatDateTime } from '../../../platform/i18n/index.js';
import {
  describedBy,
  ErrorSummary,
  type Errors,
  fieldErrors,
  formBody,
  Multiline,
  Notice,
  str,
} from '../foi/pages/parts.js';
import { foiAvailable } from '../foi/service.js';
import { infoPolicy } from './policy.js';
import {
  createFromTemplate,
  createPage,
  getPage,
  getPageVersion,
  type InfoPageView,
  type InfoVersionView,
  listPages,
  type PageInput,
  updatePage,
} from './service.js';

const hidden = { hide: true };

function portalEnv(request: FastifyRequest, ctx: AppContext): PageEnv {
  if (!request.tenant) throw new AppError('not-found', 'No such tenant.');
  return { ...pageEnv(request, ctx), tenant: request.tenant };
}

/** Polish tenants' pages are a BIP: metryczka and change register on every page. */
const isBip = (request: FastifyRequest) => request.tenant?.country === 'PL';

function Metryczka(props: { env: PageEnv; v: InfoVersionView | InfoPageView; bodyName: string }) {
  const { env, v } = props;
  const { t } = env;
  const zone = env.tenant?.time_zone ?? 'Europe/Prague';
  return (
    <section class="metryczka" aria-labelledby="metryczka-h">
      <h2 id="metryczka-h">{t('info:metryczka')}</h2>
      <dl class="facts">
        <dt>{t('info:body')}</dt>
        <dd>{props.bodyName}</dd>
        <dt>{t('info:producedBy')}</dt>
        <dd>{v.producedBy}</dd>
        <dt>{t('info:producedOn')}</dt>
        <dd>{formatDate(env.locale, v.producedOn, zone)}</dd>
        <dt>{t('info:enteredBy')}</dt>
        <dd>{v.enteredBy}</dd>
        <dt>{t('info:publishedAt')}</dt>
        <dd>{formatDateTime(env.locale, v.publishedAt, zone)}</dd>
      </dl>
    </section>
  );
}

function ChangeRegister(props: { env: PageEnv; slug: string; versions: InfoVersionView[]; current: number }) {
  const { env } = props;
  const { t } = env;
  const zone = env.tenant?.time_zone ?? 'Europe/Prague';
  const base = `/${env.tenant!.slug}/informace/${props.slug}`;
  return (
    <section aria-labelledby="changes-h">
      <h2 id="changes-h">{t('info:changes')}</h2>
      <table class="data">
        <caption class="visually-hidden">{t('info:changes')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('info:version')}</th>
            <th scope="col">{t('info:publishedAt')}</th>
            <th scope="col">{t('info:enteredBy')}</th>
            <th scope="col">{t('info:changeNote')}</th>
          </tr>
        </thead>
        <tbody>
          {props.versions.map((v) => (
            <tr>
              <td>
                {v.version === props.current ? (
                  `${v.version} (${t('info:current')})`
                ) : (
                  <a href={`${base}/wersje/${v.version}`}>{v.version}</a>
                )}
              </td>
              <td>{formatDateTime(env.locale, v.publishedAt, zone)}</td>
              <td>{v.enteredBy}</td>
              <td>{v.changeNote}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

interface EditState {
  values?: Record<string, string>;
  errors?: Errors;
  notice?: string;
}

function PageForm(props: {
  env: PageEnv;
  action: string;
  values: Record<string, string>;
  errors: Errors;
  submit: string;
  newPage?: { parents: InfoPageView[] };
}) {
  const { env, values, errors } = props;
  const { t } = env;
  const labels: Record<string, string> = {
    slug: t('info:staff.slug'),
    parentSlug: t('info:staff.parent'),
    title: t('info:staff.title_'),
    body: t('info:staff.text'),
    producedBy: t('info:producedBy'),
    producedOn: t('info:producedOn'),
    changeNote: t('info:changeNote'),
  };
  const text = (k: string, type = 'text') => (
    <Field id={k} label={labels[k]!} error={errors[k]}>
      <input
        id={k}
        name={k}
        type={type}
        value={values[k] ?? ''}
        aria-invalid={errors[k] ? 'true' : undefined}
        aria-describedby={describedBy(k, { error: errors[k] })}
      />
    </Field>
  );
  return (
    <>
      <ErrorSummary title={t('info:staff.summary')} errors={errors} labels={labels} />
      <form method="post" action={props.action} novalidate>
        <HiddenCsrf token={env.csrfToken} />
        {props.newPage && text('slug')}
        {props.newPage && (
          <Field id="parentSlug" label={labels.parentSlug!} error={errors.parentSlug}>
            <select id="parentSlug" name="parentSlug">
              <option value="">{t('info:staff.none')}</option>
              {props.newPage.parents.map((p) => (
                <option value={p.slug} selected={values.parentSlug === p.slug}>
                  {p.title}
                </option>
              ))}
            </select>
          </Field>
        )}
        {text('title')}
        <Field id="body" label={labels.body!} hint={t('info:staff.textHint')} error={errors.body}>
          <textarea
            id="body"
            name="body"
            rows={14}
            aria-invalid={errors.body ? 'true' : undefined}
            aria-describedby={describedBy('body', { hint: true, error: errors.body })}
          >
            {values.body ?? ''}
          </textarea>
        </Field>
        {text('producedBy')}
        {text('producedOn', 'date')}
        {text('changeNote')}
        <button type="submit" class="gov-button gov-button--primary">
          {props.submit}
        </button>
      </form>
    </>
  );
}

function pageInput(b: Record<string, unknown>): PageInput & { slug: string; parentSlug: string } {
  return {
    slug: str(b, 'slug', 100),
    parentSlug: str(b, 'parentSlug', 100),
    title: str(b, 'title', 300),
    body: str(b, 'body', 110_000),
    producedBy: str(b, 'producedBy', 300),
    producedOn: str(b, 'producedOn', 20) || undefined,
    changeNote: str(b, 'changeNote', 600),
  };
}

async function renderStaffList(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  s: EditState = {},
  status = 200,
) {
  const actor = request.actor;
  infoPolicy.require(actor, 'info.edit', { tenantId: actor.tenantId });
  const tenant = request.tenant!;
  const pages = await listPages(ctx, tenant.id);
  const env = pageEnv(request, ctx);
  const { t } = env;
  return sendPage(
    reply,
    <Layout env={env} title={t('info:staff.title')}>
      {s.notice && <Notice>{s.notice}</Notice>}
      {pages.length === 0 ? (
        <form method="post" action="/app/informace/template">
          <HiddenCsrf token={env.csrfToken} />
          <p>{t('info:staff.templateHint')}</p>
          <button type="submit" class="gov-button gov-button--primary">
            {t('info:staff.template')}
          </button>
        </form>
      ) : (
        <table class="data">
          <caption class="visually-hidden">{t('info:staff.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('info:staff.title_')}</th>
              <th scope="col">{t('info:version')}</th>
              <th scope="col">{t('info:publishedAt')}</th>
            </tr>
          </thead>
          <tbody>
            {pages.map((p) => (
              <tr>
                <td>
                  {p.parentSlug ? '— ' : ''}
                  <a href={`/app/informace/${p.slug}`}>{p.title}</a>
                </td>
                <td>{p.version}</td>
                <td>{formatDateTime(env.locale, p.publishedAt, tenant.time_zone)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>{t('info:staff.newPage')}</h2>
      <PageForm
        env={env}
        action="/app/informace/new"
        values={s.values ?? {}}
        errors={s.errors ?? {}}
        submit={t('info:staff.create')}
        newPage={{ parents: pages.filter((p) => !p.parentSlug) }}
      />
    </Layout>,
    status,
  );
}

async function renderEdit(
  ctx: AppContext,
  request: FastifyRequest<{ Params: { slug: string } }>,
  reply: FastifyReply,
  s: EditState = {},
  status = 200,
) {
  infoPolicy.require(request.actor, 'info.edit', { tenantId: request.actor.tenantId });
  const tenant = request.tenant!;
  const page = await getPage(ctx, tenant.id, request.params.slug);
  const env = pageEnv(request, ctx);
  const { t } = env;
  const values = s.values ?? {
    title: page.title,
    body: page.body,
    producedBy: page.producedBy,
    producedOn: page.producedOn,
    changeNote: '',
  };
  return sendPage(
    reply,
    <Layout env={env} title={`${t('info:staff.edit')}: ${page.title}`}>
      {s.notice && <Notice>{s.notice}</Notice>}
      <p>
        <a href={`/${tenant.slug}/informace/${page.slug}`}>{t('info:staff.view')}</a> · {t('info:version')}{' '}
        {page.version}
      </p>
      <PageForm
        env={env}
        action={`/app/informace/${page.slug}`}
        values={values}
        errors={s.errors ?? {}}
        submit={t('info:staff.save')}
      />
    </Layout>,
    status,
  );
}

export function infoPages(app: FastifyInstance, ctx: AppContext): void {
  app.get<{ Params: { tenant: string } }>(
    '/:tenant/informace',
    { schema: hidden },
    async (request, reply) => {
      const env = portalEnv(request, ctx);
      const { t } = env;
      const tenant = request.tenant!;
      const pages = await listPages(ctx, tenant.id);
      const top = pages.filter((p) => !p.parentSlug);
      const base = `/${tenant.slug}/informace`;
      return sendPage(
        reply,
        <Layout env={env} title={isBip(request) ? t('info:bipTitle') : t('info:title')} variant="public">
          <p>{t('info:intro')}</p>
          {pages.length === 0 ? (
            <p>{t('info:empty')}</p>
          ) : (
            <nav aria-label={t('info:title')}>
              <ul>
                {top.map((p) => {
                  const children = pages.filter((c) => c.parentSlug === p.slug);
                  return (
                    <li>
                      <a href={`${base}/${p.slug}`}>{p.title}</a>
                      {children.length > 0 && (
                        <ul>
                          {children.map((c) => (
                            <li>
                              <a href={`${base}/${c.slug}`}>{c.title}</a>
                            </li>
                          ))}
                        </ul>
                      )}
                    </li>
                  );
                })}
              </ul>
            </nav>
          )}
          {foiAvailable(tenant.country) && (
            <>
              <h2>{t('info:also')}</h2>
              <ul>
                <li>
                  <a href={`${base}/zadost`}>{t('foi:portal.form')}</a>
                </li>
                <li>
                  <a href={`${base}/poskytnute`}>{t('foi:portal.provided')}</a>
                </li>
                <li>
                  <a href={`${base}/vyrocni-zprava`}>{t('foi:portal.report')}</a>
                </li>
              </ul>
            </>
          )}
        </Layout>,
      );
    },
  );

  app.get<{ Params: { tenant: string; slug: string } }>(
    '/:tenant/informace/:slug',
    { schema: hidden },
    async (request, reply) => {
      const env = portalEnv(request, ctx);
      const { t } = env;
      const tenant = request.tenant!;
      const page = await getPage(ctx, tenant.id, request.params.slug);
      const base = `/${tenant.slug}/informace`;
      return sendPage(
        reply,
        <Layout env={env} title={page.title} variant="public">
          <p>
            <a href={base}>{isBip(request) ? t('info:bipTitle') : t('info:title')}</a>
            {page.parentSlug && (
              <>
                {' › '}
                <a href={`${base}/${page.parentSlug}`}>{page.parentSlug}</a>
              </>
            )}
          </p>
          <Multiline text={page.body} />
          {page.children.length > 0 && (
            <>
              <h2>{t('info:subpages')}</h2>
              <ul>
                {page.children.map((c) => (
                  <li>
                    <a href={`${base}/${c.slug}`}>{c.title}</a>
                  </li>
                ))}
              </ul>
            </>
          )}
          {isBip(request) ? (
            <>
              <Metryczka env={env} v={page} bodyName={tenant.name} />
              <ChangeRegister env={env} slug={page.slug} versions={page.versions} current={page.version} />
            </>
          ) : (
            <p class="hint">
              {t('info:updated')}: {formatDate(env.locale, page.publishedAt, tenant.time_zone)} ·{' '}
              {t('info:producedBy')}: {page.producedBy}
            </p>
          )}
        </Layout>,
      );
    },
  );

  app.get<{ Params: { tenant: string; slug: string; version: string } }>(
    '/:tenant/informace/:slug/wersje/:version',
    { schema: hidden },
    async (request, reply) => {
      const env = portalEnv(request, ctx);
      const { t } = env;
      const tenant = request.tenant!;
      const n = /^\d{1,6}$/.test(request.params.version) ? Number(request.params.version) : -1;
      const { page, version } = await getPageVersion(ctx, tenant.id, request.params.slug, n);
      return sendPage(
        reply,
        <Layout env={env} title={version.title} variant="public">
          <p class="gov-message" role="note">
            {t('info:archived', {
              version: version.version,
              date: formatDate(env.locale, version.publishedAt, tenant.time_zone),
            })}{' '}
            – <a href={`/${tenant.slug}/informace/${page.slug}`}>{t('info:current')}</a>
          </p>
          <Multiline text={version.body} />
          <Metryczka env={env} v={version} bodyName={tenant.name} />
        </Layout>,
      );
    },
  );

  // --- staff ---
  app.get('/app/informace', { schema: hidden }, (request, reply) => renderStaffList(ctx, request, reply));

  app.post('/app/informace/template', { schema: hidden }, async (request, reply) => {
    const count = await createFromTemplate(ctx, request.actor);
    return renderStaffList(ctx, request, reply, { notice: request.t('info:staff.created', { count }) });
  });

  app.post('/app/informace/new', { schema: hidden }, async (request, reply) => {
    const input = pageInput(formBody(request));
    try {
      const page = await createPage(ctx, request.actor, {
        ...input,
        parentSlug: input.parentSlug || undefined,
      });
      return reply.redirect(`/app/informace/${page.slug}`, 303);
    } catch (e) {
      const errors =
        fieldErrors(e) ??
        (e instanceof AppError && e.code === 'conflict' && e.fields.length
          ? { slug: e.fields[0]!.message }
          : null);
      if (!errors) throw e;
      return renderStaffList(
        ctx,
        request,
        reply,
        { values: input as unknown as Record<string, string>, errors },
        422,
      );
    }
  });

  app.get<{ Params: { slug: string } }>('/app/informace/:slug', { schema: hidden }, (request, reply) =>
    renderEdit(ctx, request, reply),
  );

  app.post<{ Params: { slug: string } }>(
    '/app/informace/:slug',
    { schema: hidden },
    async (request, reply) => {
      const input = pageInput(formBody(request));
      try {
        const page = await updatePage(ctx, request.actor, request.params.slug, input);
        return renderEdit(ctx, request, reply, {
          notice: request.t('info:staff.saved', { version: page.version }),
        });
      } catch (e) {
        const errors = fieldErrors(e);
        if (!errors) throw e;
        return renderEdit(
          ctx,
          request,
          reply,
          { values: input as unknown as Record<string, string>, errors },
          422,
        );
      }
    },
  );
}
