/**
 * Registry pages: the intake form (/app/records/intake) and a document's page
 * (/app/records/documents/:id) with its components and its own audit history.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../../platform/context.js';
import { AppError } from '../../../platform/errors.js';
import { Layout, pageEnv } from '../../../platform/http/layout.js';
import { HiddenCsrf, sendPage } from '../../../platform/http/render.js';
import { formatDateTime } from '../../../platform/i18n/index.js';
import { csrfAction } from '../../../platform/identity/index.js';
import { ACCESS_LEVELS, MANUAL_DELIVERY_METHODS } from '../domain/intake.js';
import { tenantOf } from '../http-common.js';
import { intakeInputFromFields } from '../intake-api.js';
import {
  addComponents,
  type DocumentDetail,
  getDocument,
  registerIncoming,
  resolveAttention,
} from '../intake-service.js';
import { readMultipart } from '../multipart.js';
import { getFilePlan } from '../plan-service.js';
import { recordsPolicy } from '../policy.js';
import { DocumentActions, type HandlingOptions, handlingOptions } from './handling.js';
import {
  ErrorSummary,
  type Errors,
  errorsOf,
  formValues,
  Notice,
  Select,
  TextArea,
  TextInput,
  type Values,
  zoneOf,
} from './ui.js';

async function renderIntake(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  state: { values?: Values; errors?: Errors; message?: string } = {},
  status = 200,
) {
  const env = pageEnv(request, ctx);
  const { t } = env;
  const tenantId = tenantOf(request);
  recordsPolicy.require(request.actor, 'document.register', { tenantId });
  const plan = await getFilePlan(ctx, request.actor, tenantId);
  const v = state.values ?? { deliveryMethod: 'post', accessLevel: 'internal', 'sender.kind': 'legal' };
  const e = state.errors ?? {};
  const label = (k: string) => t(`records:doc.${k}`);
  return sendPage(
    reply,
    <Layout env={env} title={t('records:intake.title')}>
      <ErrorSummary t={t} message={state.message} errors={e} />
      <p>
        <a href="/app/records/journal">{t('records:nav.journal')}</a> ·{' '}
        <a href="/app/records/intake/email">{t('records-email:email.link')}</a> ·{' '}
        <a href="/app/records/intake/zfo">{t('records-email:zfo.link')}</a>
      </p>
      <form
        method="post"
        action={csrfAction('/app/records/intake', env.csrfToken)}
        enctype="multipart/form-data"
      >
        <TextInput name="subject" label={label('subject')} required maxLength={255} values={v} errors={e} />
        <fieldset>
          <legend>{label('sender')}</legend>
          <Select
            name="sender.kind"
            label={label('senderKind')}
            values={v}
            errors={e}
            options={[
              ['legal', t('records:person.legal')],
              ['natural', t('records:person.natural')],
            ]}
          />
          <TextInput name="sender.name" label={label('senderName')} maxLength={255} values={v} errors={e} />
          <TextInput
            name="sender.ico"
            label={label('ico')}
            hint={t('records:intake.icoHint')}
            maxLength={8}
            values={v}
            errors={e}
          />
          <TextInput name="sender.databoxId" label={label('databoxId')} maxLength={7} values={v} errors={e} />
          <TextInput name="sender.address" label={label('address')} maxLength={500} values={v} errors={e} />
          <TextInput
            name="sender.email"
            type="email"
            label={label('email')}
            maxLength={254}
            values={v}
            errors={e}
          />
        </fieldset>
        <TextInput name="senderRef" label={label('senderRef')} maxLength={50} values={v} errors={e} />
        <TextInput
          name="deliveredAt"
          type="datetime-local"
          label={label('deliveredAt')}
          hint={t('records:intake.deliveredHint')}
          values={v}
          errors={e}
        />
        <Select
          name="deliveryMethod"
          label={label('deliveryMethod')}
          values={v}
          errors={e}
          options={MANUAL_DELIVERY_METHODS.map((m): [string, string] => [m, t(`records:delivery.${m}`)])}
        />
        <TextInput name="sheets" type="number" label={label('sheets')} values={v} errors={e} />
        <TextInput name="attachments" type="number" label={label('attachments')} values={v} errors={e} />
        <TextInput
          name="attachmentNote"
          label={label('attachmentNote')}
          maxLength={255}
          values={v}
          errors={e}
        />
        <Select
          name="accessLevel"
          label={label('accessLevel')}
          values={v}
          errors={e}
          options={ACCESS_LEVELS.map((a): [string, string] => [a, t(`records:access.${a}`)])}
        />
        <Select
          name="groupId"
          label={label('group')}
          values={v}
          errors={e}
          options={[
            ['', t('records:intake.noGroup')],
            ...(plan?.groups ?? [])
              .filter((g) => g.regime)
              .map((g): [string, string] => [g.id, `${g.fullCode} ${g.title}`]),
          ]}
        />
        <div class="gov-form-control">
          <label class="gov-form-label" for="f-files">
            {label('scans')}
          </label>
          <p class="hint" id="f-files-hint">
            {t('records:intake.scansHint')}
          </p>
          <input
            id="f-files"
            name="files"
            type="file"
            multiple
            accept=".pdf,.jpg,.jpeg,.png,.tif,.tiff,application/pdf,image/jpeg,image/png,image/tiff"
            aria-describedby="f-files-hint"
          />
        </div>
        <button class="gov-button gov-button--primary" type="submit">
          {t('records:intake.register')}
        </button>
      </form>
    </Layout>,
    status,
  );
}

function fmt(env: { locale: 'cs' | 'en' | 'pl' }, d: Date | null, zone: string): string {
  return d ? formatDateTime(env.locale, d, zone) : '—';
}

function DocumentPage(props: {
  env: ReturnType<typeof pageEnv>;
  detail: DocumentDetail;
  zone: string;
  canRegister: boolean;
  notice: string | null;
  handling: HandlingOptions;
  errors?: Errors;
  message?: string;
}) {
  const { env, detail, zone } = props;
  const { t } = env;
  const d = detail.document;
  const label = (k: string) => t(`records:doc.${k}`);
  const rows: [string, string][] = [
    [label('refNumber'), d.refNumber],
    [label('pid'), d.pid],
    [label('status'), t(`records:status.${d.status}`)],
    [
      label('sender'),
      d.sender
        ? [d.sender.name, d.sender.ico ? `IČO ${d.sender.ico}` : '', d.sender.address ?? '']
            .filter(Boolean)
            .join(', ')
        : '—',
    ],
    [label('senderRef'), d.senderRef ?? '—'],
    [label('deliveredAt'), fmt(env, d.deliveredAt, zone)],
    [label('deliveryMethod'), d.deliveryMethod ? t(`records:delivery.${d.deliveryMethod}`) : '—'],
    [label('sheets'), d.sheets === null ? '—' : String(d.sheets)],
    [
      label('attachments'),
      [d.attachments === null ? '' : String(d.attachments), d.attachmentNote ?? '']
        .filter(Boolean)
        .join(' – ') || '—',
    ],
    [label('accessLevel'), t(`records:access.${d.accessLevel}`)],
    [label('group'), d.group ? `${d.group.fullCode} ${d.group.title}` : '—'],
    [label('orgUnit'), d.orgUnit?.name ?? '—'],
    [label('handler'), d.handler?.name ?? '—'],
    [label('registeredAt'), fmt(env, d.registeredAt, zone)],
  ];
  return (
    <Layout env={env} title={`${d.refNumber} – ${d.subject}`}>
      <Notice text={props.notice} />
      <ErrorSummary t={t} message={props.message} errors={props.errors ?? {}} />
      {d.consignment?.state === 'needs_attention' && (
        <div class="gov-message gov-message--error" role="alert">
          <p>
            <strong>{t('records:doc.needsAttention')}</strong>
          </p>
          <p style="white-space:pre-line">{d.consignment.problem}</p>
        </div>
      )}
      <dl class="facts">
        {rows.map(([k, v]) => (
          <>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </>
        ))}
      </dl>
      <DocumentActions env={env} doc={d} options={props.handling} />
      <h2>{label('components')}</h2>
      {d.components.length === 0 ? (
        <p>{t('records:doc.noComponents')}</p>
      ) : (
        <table class="data">
          <thead>
            <tr>
              <th scope="col">{t('records:doc.file')}</th>
              <th scope="col">{t('records:doc.type')}</th>
              <th scope="col">{t('records:doc.size')}</th>
              <th scope="col">{t('records:doc.state')}</th>
            </tr>
          </thead>
          <tbody>
            {d.components.map((c) => (
              <tr>
                <td>
                  <a href={`/api/v1/records/documents/${d.id}/components/${c.id}/content`}>{c.filename}</a>
                </td>
                <td>{c.mime}</td>
                <td>{c.size.toLocaleString(env.locale)} B</td>
                <td>
                  {c.accepted
                    ? t('records:doc.accepted')
                    : `${t('records:doc.notAccepted')}: ${c.problem ?? ''}`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {props.canRegister && (
        <section aria-labelledby="h-add-files">
          <h2 id="h-add-files">{t('records:doc.addFiles')}</h2>
          <form
            method="post"
            action={csrfAction(`/app/records/documents/${d.id}/components`, env.csrfToken)}
            enctype="multipart/form-data"
          >
            <div class="gov-form-control">
              <label class="gov-form-label" for="f-add-files">
                {label('scans')}
              </label>
              <input id="f-add-files" name="files" type="file" multiple required />
            </div>
            <button class="gov-button gov-button--secondary" type="submit">
              {t('records:doc.addFiles')}
            </button>
          </form>
          {d.consignment?.state === 'needs_attention' && (
            <form method="post" action={`/app/records/documents/${d.id}/resolve`}>
              <HiddenCsrf token={env.csrfToken} />
              <TextArea
                name="note"
                label={t('records:doc.resolveNote')}
                required
                values={{}}
                errors={props.errors ?? {}}
              />
              <button class="gov-button gov-button--secondary" type="submit">
                {t('records:doc.resolve')}
              </button>
            </form>
          )}
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
              <td>{fmt(env, h.at, zone)}</td>
              <td>{h.actorLabel}</td>
              <td>{t(`records:event.${h.eventType}`, { defaultValue: h.eventType })}</td>
              <td>{h.objectType}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>
  );
}

export async function renderDocument(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  id: string,
  extra: { errors?: Errors; message?: string; notice?: string | null } = {},
  status = 200,
) {
  const env = pageEnv(request, ctx);
  const tenantId = tenantOf(request);
  const detail = await getDocument(ctx, request.actor, tenantId, id);
  const q = request.query as Record<string, string | undefined>;
  const notice =
    extra.notice ?? (q.done ? env.t(`records:doc.done.${q.done}`, { defaultValue: '' }) || null : null);
  const problems = q.problems === '1' ? env.t('records:doc.done.problems') : null;
  return sendPage(
    reply,
    <DocumentPage
      env={env}
      detail={detail}
      zone={zoneOf(request)}
      canRegister={recordsPolicy.can(request.actor, 'document.register', { tenantId })}
      notice={problems ?? notice}
      handling={await handlingOptions(ctx, request, detail.document)}
      {...(extra.errors ? { errors: extra.errors } : {})}
      {...(extra.message ? { message: extra.message } : {})}
    />,
    status,
  );
}

export function registerIntakePages(app: FastifyInstance, ctx: AppContext): void {
  app.get('/app/records/intake', { schema: { hide: true } }, (request, reply) =>
    renderIntake(ctx, request, reply),
  );

  app.post('/app/records/intake', { schema: { hide: true } }, async (request, reply) => {
    const tenantId = tenantOf(request);
    let fields: Values = {};
    try {
      const form = await readMultipart(request, ctx);
      fields = form.fields;
      const r = await registerIncoming(ctx, request.actor, tenantId, {
        ...intakeInputFromFields(form.fields, zoneOf(request)),
        files: form.files,
      });
      return reply.redirect(
        `/app/records/documents/${r.document.id}?done=registered${r.problems.length ? '&problems=1' : ''}`,
        303,
      );
    } catch (e) {
      if (e instanceof AppError && e.code === 'too-large') throw e;
      const { errors, message } = errorsOf(e, request.locale);
      return renderIntake(ctx, request, reply, { values: fields, errors, message }, 422);
    }
  });

  app.get('/app/records/documents/:id', { schema: { hide: true } }, (request, reply) =>
    renderDocument(ctx, request, reply, (request.params as { id: string }).id),
  );

  app.post('/app/records/documents/:id/components', { schema: { hide: true } }, async (request, reply) => {
    const id = (request.params as { id: string }).id;
    const form = await readMultipart(request, ctx);
    const r = await addComponents(ctx, request.actor, tenantOf(request), id, form.files);
    return reply.redirect(
      `/app/records/documents/${id}?done=files${r.problems.length ? '&problems=1' : ''}`,
      303,
    );
  });

  app.post('/app/records/documents/:id/resolve', { schema: { hide: true } }, async (request, reply) => {
    const id = (request.params as { id: string }).id;
    try {
      await resolveAttention(ctx, request.actor, tenantOf(request), id, formValues(request.body).note ?? '');
    } catch (e) {
      const { errors, message } = errorsOf(e, request.locale);
      return renderDocument(ctx, request, reply, id, { errors, message }, 422);
    }
    return reply.redirect(`/app/records/documents/${id}?done=resolved`, 303);
  });
}
