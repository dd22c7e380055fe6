/** Public FOI pages: the request form (no sign-in), its confirmation, the "information provided" list. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../../../platform/context.js';
import { AppError } from '../../../../platform/errors.js';
import { Layout, pageEnv } from '../../../../platform/http/layout.js';
import { Field, sendPage } from '../../../../platform/http/render.js';
import { formatDate } from '../../../../platform/i18n/index.js';
import { foiAvailable, listPublished, submitPublicRequest } from '../service.js';
import {
  describedBy,
  ErrorSummary,
  type Errors,
  fieldErrors,
  formBody,
  Multiline,
  publicFormToken,
  str,
} from './parts.js';

type TenantReq = FastifyRequest<{ Params: { tenant: string } }>;
const hidden = { hide: true };

function portalEnv(request: FastifyRequest, ctx: AppContext) {
  const env = pageEnv(request, ctx);
  if (!request.tenant) throw new AppError('not-found', 'No such tenant.');
  // The portal is about the tenant in the path, also for a signed-in user of another one.
  env.tenant = request.tenant;
  return env;
}

interface FormState {
  applicantName: string;
  applicantContact: string;
  requestText: string;
  errors?: Errors;
}

function renderForm(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  s: FormState,
  status = 200,
) {
  const env = portalEnv(request, ctx);
  const { t } = env;
  const tenant = request.tenant!;
  if (!foiAvailable(tenant.country)) throw new AppError('not-found', t('foi:public.unavailable'));
  const token = publicFormToken(request, reply, tenant.slug);
  const errors = s.errors ?? {};
  const labels = {
    applicantName: t('foi:fields.applicantName'),
    applicantContact: t('foi:fields.applicantContact'),
    requestText: t('foi:fields.requestText'),
  };
  return sendPage(
    reply,
    <Layout env={env} title={t('foi:public.title')} variant="public">
      <ErrorSummary title={t('foi:err.summary')} errors={errors} labels={labels} />
      <p>{t('foi:public.intro')}</p>
      <form method="post" action={`/${tenant.slug}/informace/zadost`} novalidate>
        <input type="hidden" name="_csrf" value={token} />
        <Field id="applicantName" label={labels.applicantName} error={errors.applicantName}>
          <input
            id="applicantName"
            name="applicantName"
            type="text"
            autocomplete="name"
            required
            maxLength={200}
            value={s.applicantName}
            aria-invalid={errors.applicantName ? 'true' : undefined}
            aria-describedby={describedBy('applicantName', { error: errors.applicantName })}
          />
        </Field>
        <Field
          id="applicantContact"
          label={labels.applicantContact}
          hint={t('foi:fields.applicantContactHint')}
          error={errors.applicantContact}
        >
          <input
            id="applicantContact"
            name="applicantContact"
            type="text"
            autocomplete="email"
            required
            maxLength={500}
            value={s.applicantContact}
            aria-invalid={errors.applicantContact ? 'true' : undefined}
            aria-describedby={describedBy('applicantContact', { hint: true, error: errors.applicantContact })}
          />
        </Field>
        <Field id="requestText" label={labels.requestText} error={errors.requestText}>
          <textarea
            id="requestText"
            name="requestText"
            rows={8}
            required
            maxLength={20000}
            aria-invalid={errors.requestText ? 'true' : undefined}
            aria-describedby={describedBy('requestText', { error: errors.requestText })}
          >
            {s.requestText}
          </textarea>
        </Field>
        <button type="submit" class="gov-button gov-button--primary">
          {t('foi:public.submit')}
        </button>
      </form>
    </Layout>,
    status,
  );
}

export function foiPublicPages(app: FastifyInstance, ctx: AppContext): void {
  const empty: FormState = { applicantName: '', applicantContact: '', requestText: '' };
  app.get<{ Params: { tenant: string } }>('/:tenant/informace/zadost', { schema: hidden }, (request, reply) =>
    renderForm(ctx, request, reply, empty),
  );
  // The address the issue names for the form; the same page.
  app.get<{ Params: { tenant: string } }>(
    '/:tenant/zadost-o-informace',
    { schema: hidden },
    (request, reply) => renderForm(ctx, request, reply, empty),
  );

  app.post<{ Params: { tenant: string } }>(
    '/:tenant/informace/zadost',
    { schema: hidden, config: { csrf: 'pre-session' } },
    async (request, reply) => {
      const b = formBody(request);
      const state: FormState = {
        applicantName: str(b, 'applicantName', 300),
        applicantContact: str(b, 'applicantContact', 600),
        requestText: str(b, 'requestText', 21_000),
      };
      const tenant = request.tenant!;
      if (!foiAvailable(tenant.country)) throw new AppError('not-found', request.t('foi:public.unavailable'));
      try {
        const r = await submitPublicRequest(ctx, tenant.id, state);
        const env = portalEnv(request, ctx);
        const { t } = env;
        const zone = tenant.time_zone;
        return sendPage(
          reply.code(201),
          <Layout env={env} title={t('foi:public.sent')} variant="public">
            <div class="gov-message gov-message--success" role="status">
              <dl class="facts">
                <dt>{t('foi:public.trackingNumber')}</dt>
                <dd>
                  <strong data-testid="tracking-number">{r.number}</strong>
                </dd>
                <dt>{t('foi:public.documentRef')}</dt>
                <dd data-testid="document-ref">{r.documentRef}</dd>
                <dt>{t('foi:public.receivedOn')}</dt>
                <dd>{formatDate(env.locale, r.receivedOn, zone)}</dd>
                <dt>{t('foi:public.answerDue')}</dt>
                <dd>{formatDate(env.locale, r.answerDue, zone)}</dd>
              </dl>
            </div>
            <p>{t('foi:public.keep')}</p>
            <p>
              <a href={`/${tenant.slug}/`}>{t('back')}</a>
            </p>
          </Layout>,
          201,
        );
      } catch (e) {
        const errors = fieldErrors(e);
        if (!errors) throw e;
        return renderForm(ctx, request, reply, { ...state, errors }, 422);
      }
    },
  );

  app.get('/:tenant/informace/poskytnute', { schema: hidden }, async (request: TenantReq, reply) => {
    const env = portalEnv(request, ctx);
    const { t } = env;
    const tenant = request.tenant!;
    const items = foiAvailable(tenant.country) ? await listPublished(ctx, tenant.id) : [];
    return sendPage(
      reply,
      <Layout env={env} title={t('foi:provided.title')} variant="public">
        <p>{t('foi:provided.intro')}</p>
        {items.length === 0 ? (
          <p>{t('foi:provided.empty')}</p>
        ) : (
          items.map((i) => (
            <article class="foi-provided">
              <h2>
                {i.number}: {i.title}
              </h2>
              <p class="hint">
                {t('foi:provided.answeredOn')}: {formatDate(env.locale, i.answeredOn, tenant.time_zone)} ·{' '}
                {t('foi:provided.publishedOn')}: {formatDate(env.locale, i.publishedOn, tenant.time_zone)}
              </p>
              <Multiline text={i.text} />
            </article>
          ))
        )}
      </Layout>,
    );
  });
}
