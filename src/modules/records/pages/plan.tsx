/** The file plan page (/app/records/plan): the group tree, regimes, and the records manager's forms. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../../platform/context.js';
import { AppError } from '../../../platform/errors.js';
import { Layout, pageEnv } from '../../../platform/http/layout.js';
import { HiddenCsrf, sendPage } from '../../../platform/http/render.js';
import { csrfAction } from '../../../platform/identity/index.js';
import { NUMBERING_METHODS } from '../domain/plan.js';
import { NEW_RETENTION_MARKS, TRIGGER_EVENTS } from '../domain/retention.js';
import { tenantOf } from '../http-common.js';
import {
  addGroup,
  addRegime,
  createPlanVersion,
  type FilePlan,
  getFilePlan,
  importPlanXml,
  listPlanVersions,
  MAX_PLAN_XML,
  type PlanView,
} from '../plan-service.js';
import { recordsPolicy } from '../policy.js';
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
} from './ui.js';

interface FormState {
  form?: 'group' | 'regime' | 'version' | 'import';
  values?: Values;
  errors?: Errors;
  message?: string;
}

async function render(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  state: FormState = {},
  status = 200,
) {
  const env = pageEnv(request, ctx);
  const { t } = env;
  const tenantId = tenantOf(request);
  const q = request.query as Record<string, string | undefined>;
  const planId = q.plan && /^[0-9a-f-]{36}$/.test(q.plan) ? q.plan : null;
  const plan = await getFilePlan(ctx, request.actor, tenantId, planId);
  const versions = await listPlanVersions(ctx, request.actor, tenantId);
  const manage = recordsPolicy.can(request.actor, 'plan.manage', { tenantId });
  const values = state.values ?? {};
  const errors = state.errors ?? {};
  const errFor = (f: FormState['form']) => (state.form === f ? errors : {});
  const valFor = (f: FormState['form']) => (state.form === f ? values : {});
  return sendPage(
    reply,
    <Layout env={env} title={t('records:plan.title')}>
      <Notice text={q.done ? t(`records:plan.done.${q.done}`, { defaultValue: '' }) : null} />
      {state.form && <ErrorSummary t={t} message={state.message} errors={errors} />}
      {plan ? <PlanTables t={t} plan={plan} versions={versions} /> : <p>{t('records:plan.none')}</p>}
      {manage && (
        <>
          {plan && !plan.plan.validTo && (
            <p>
              <a href="/api/v1/records/plan/export.xml" download>
                {t('records:plan.export')}
              </a>
            </p>
          )}
          {plan && !plan.plan.validTo && (
            <section aria-labelledby="h-add-group">
              <h2 id="h-add-group">{t('records:plan.addGroup')}</h2>
              <form method="post" action="/app/records/plan/groups">
                <HiddenCsrf token={env.csrfToken} />
                <Select
                  name="parentId"
                  label={t('records:plan.parent')}
                  values={valFor('group')}
                  errors={errFor('group')}
                  options={[
                    ['', t('records:plan.topLevel')],
                    ...plan.groups.map((g): [string, string] => [g.id, `${g.fullCode} ${g.title}`]),
                  ]}
                />
                <TextInput
                  name="code"
                  label={t('records:plan.code')}
                  hint={t('records:plan.codeHint')}
                  required
                  maxLength={50}
                  values={valFor('group')}
                  errors={errFor('group')}
                />
                <TextInput
                  name="title"
                  label={t('records:plan.groupTitle')}
                  required
                  maxLength={500}
                  values={valFor('group')}
                  errors={errFor('group')}
                />
                <Select
                  name="numbering"
                  label={t('records:plan.numbering')}
                  values={valFor('group')}
                  errors={errFor('group')}
                  options={NUMBERING_METHODS.map((m): [string, string] => [m, t(`records:numbering.${m}`)])}
                />
                <Select
                  name="retentionId"
                  label={t('records:plan.regime')}
                  values={valFor('group')}
                  errors={errFor('group')}
                  options={[
                    ['', t('records:plan.noRegime')],
                    ...plan.regimes.map((r): [string, string] => [r.id, `${r.mark}/${r.period} – ${r.name}`]),
                  ]}
                />
                <button class="gov-button gov-button--primary" type="submit">
                  {t('records:plan.addGroup')}
                </button>
              </form>
            </section>
          )}
          {plan && !plan.plan.validTo && (
            <section aria-labelledby="h-add-regime">
              <h2 id="h-add-regime">{t('records:plan.addRegime')}</h2>
              <form method="post" action="/app/records/plan/regimes">
                <HiddenCsrf token={env.csrfToken} />
                <TextInput
                  name="identifier"
                  label={t('records:plan.identifier')}
                  required
                  maxLength={50}
                  values={valFor('regime')}
                  errors={errFor('regime')}
                />
                <TextInput
                  name="name"
                  label={t('records:plan.regimeName')}
                  required
                  maxLength={500}
                  values={valFor('regime')}
                  errors={errFor('regime')}
                />
                <TextArea
                  name="justification"
                  label={t('records:plan.justification')}
                  required
                  values={valFor('regime')}
                  errors={errFor('regime')}
                />
                <Select
                  name="mark"
                  label={t('records:plan.mark')}
                  hint={t('records:plan.markHint')}
                  values={valFor('regime')}
                  errors={errFor('regime')}
                  options={NEW_RETENTION_MARKS.map((m): [string, string] => [m, t(`records:mark.${m}`)])}
                />
                <TextInput
                  name="period"
                  type="number"
                  label={t('records:plan.period')}
                  required
                  values={valFor('regime')}
                  errors={errFor('regime')}
                />
                <Select
                  name="trigger"
                  label={t('records:plan.trigger')}
                  values={valFor('regime')}
                  errors={errFor('regime')}
                  options={Object.keys(TRIGGER_EVENTS).map((k): [string, string] => [
                    k,
                    t(`records:trigger.${k}`),
                  ])}
                />
                <button class="gov-button gov-button--primary" type="submit">
                  {t('records:plan.addRegime')}
                </button>
              </form>
            </section>
          )}
          <section aria-labelledby="h-version">
            <h2 id="h-version">{t('records:plan.newVersion')}</h2>
            <p>{t('records:plan.newVersionHint')}</p>
            <form method="post" action="/app/records/plan/versions">
              <HiddenCsrf token={env.csrfToken} />
              <TextInput
                name="identifier"
                label={t('records:plan.identifier')}
                required
                maxLength={50}
                values={valFor('version')}
                errors={errFor('version')}
              />
              <TextInput
                name="name"
                label={t('records:plan.planName')}
                required
                maxLength={500}
                values={valFor('version')}
                errors={errFor('version')}
              />
              <TextInput
                name="validFrom"
                type="date"
                label={t('records:plan.validFrom')}
                values={valFor('version')}
                errors={errFor('version')}
              />
              <button class="gov-button gov-button--secondary" type="submit">
                {t('records:plan.newVersion')}
              </button>
            </form>
          </section>
          <section aria-labelledby="h-import">
            <h2 id="h-import">{t('records:plan.import')}</h2>
            <form
              method="post"
              action={csrfAction('/app/records/plan/import', env.csrfToken)}
              enctype="multipart/form-data"
            >
              <div class={`gov-form-control${errFor('import').file ? ' field-error' : ''}`}>
                <label class="gov-form-label" for="f-file">
                  {t('records:plan.importFile')}
                </label>
                <input
                  id="f-file"
                  name="file"
                  type="file"
                  accept=".xml,application/xml,text/xml"
                  required
                  aria-describedby={errFor('import').file ? 'f-file-error' : undefined}
                />
                {errFor('import').file && (
                  <p class="gov-form-message error-message" id="f-file-error">
                    {errFor('import').file}
                  </p>
                )}
              </div>
              <button class="gov-button gov-button--secondary" type="submit">
                {t('records:plan.import')}
              </button>
            </form>
          </section>
        </>
      )}
    </Layout>,
    status,
  );
}

function PlanTables(props: {
  t: (k: string, o?: Record<string, unknown>) => string;
  plan: FilePlan;
  versions: PlanView[];
}) {
  const { t, plan, versions } = props;
  return (
    <>
      <p>
        {t('records:plan.versionLine', {
          version: plan.plan.version,
          name: plan.plan.name,
          from: plan.plan.validFrom,
          to: plan.plan.validTo ?? '—',
        })}
      </p>
      {versions.length > 1 && (
        <nav aria-label={t('records:plan.versions')}>
          <ul>
            {versions.map((v) => (
              <li>
                <a
                  href={`/app/records/plan?plan=${v.id}`}
                  aria-current={v.id === plan.plan.id ? 'page' : undefined}
                >
                  {t('records:plan.versionShort', { version: v.version, from: v.validFrom })}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      )}
      <h2>{t('records:plan.groups')}</h2>
      <table class="data">
        <thead>
          <tr>
            <th scope="col">{t('records:plan.code')}</th>
            <th scope="col">{t('records:plan.groupTitle')}</th>
            <th scope="col">{t('records:plan.regime')}</th>
            <th scope="col">{t('records:plan.numbering')}</th>
          </tr>
        </thead>
        <tbody>
          {plan.groups.map((g) => (
            <tr>
              <td>{g.fullCode}</td>
              <td style={`padding-left:${0.5 + g.depth * 1.5}rem`}>{g.title}</td>
              <td>{g.regime ? `${g.regime.mark}/${g.regime.period}` : '—'}</td>
              <td>{t(`records:numbering.${g.numbering}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t('records:plan.regimes')}</h2>
      <table class="data">
        <thead>
          <tr>
            <th scope="col">{t('records:plan.identifier')}</th>
            <th scope="col">{t('records:plan.regimeName')}</th>
            <th scope="col">{t('records:plan.mark')}</th>
            <th scope="col">{t('records:plan.period')}</th>
            <th scope="col">{t('records:plan.trigger')}</th>
            <th scope="col">{t('records:plan.justification')}</th>
          </tr>
        </thead>
        <tbody>
          {plan.regimes.map((r) => (
            <tr>
              <td>{r.identifier}</td>
              <td>{r.name}</td>
              <td>{r.mark}</td>
              <td>{r.period}</td>
              <td>{t(`records:trigger.${r.trigger}`)}</td>
              <td>{r.justification}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export function registerPlanPages(app: FastifyInstance, ctx: AppContext): void {
  app.get('/app/records/plan', { schema: { hide: true } }, (request, reply) => render(ctx, request, reply));

  const post = (
    path: string,
    form: NonNullable<FormState['form']>,
    run: (request: FastifyRequest, v: Values) => Promise<unknown>,
    done: string,
  ) =>
    app.post(path, { schema: { hide: true } }, async (request, reply) => {
      const values = formValues(request.body);
      try {
        await run(request, values);
      } catch (e) {
        const { errors, message } = errorsOf(e, request.locale);
        return render(ctx, request, reply, { form, values, errors, message }, 422);
      }
      return reply.redirect(`/app/records/plan?done=${done}`, 303);
    });

  post(
    '/app/records/plan/groups',
    'group',
    (request, v) =>
      addGroup(ctx, request.actor, tenantOf(request), {
        parentId: v.parentId || null,
        code: v.code ?? '',
        title: v.title ?? '',
        numbering: v.numbering ?? 'priorace',
        retentionId: v.retentionId || null,
      }),
    'group',
  );
  post(
    '/app/records/plan/regimes',
    'regime',
    (request, v) => addRegime(ctx, request.actor, tenantOf(request), v),
    'regime',
  );
  post(
    '/app/records/plan/versions',
    'version',
    (request, v) =>
      createPlanVersion(ctx, request.actor, tenantOf(request), {
        identifier: v.identifier ?? '',
        name: v.name ?? '',
        ...(v.validFrom ? { validFrom: v.validFrom } : {}),
      }),
    'version',
  );

  app.post('/app/records/plan/import', { schema: { hide: true } }, async (request, reply) => {
    try {
      if (!request.isMultipart())
        throw new AppError('unsupported-media-type', 'Expected multipart/form-data.');
      const file = await request.file({ limits: { fileSize: MAX_PLAN_XML } });
      if (!file)
        throw new AppError('validation', 'No file was uploaded.', [
          { field: 'file', message: 'Choose an XML file.' },
        ]);
      const buf = await file.toBuffer();
      await importPlanXml(ctx, request.actor, tenantOf(request), buf.toString('utf8'));
    } catch (e) {
      const { errors, message } = errorsOf(e, request.locale);
      const all = Object.entries(errors).map(([f, m]) => (f === 'file' ? m : `${f}: ${m}`));
      return render(
        ctx,
        request,
        reply,
        { form: 'import', errors: all.length ? { file: all.join('; ') } : {}, message },
        422,
      );
    }
    return reply.redirect('/app/records/plan?done=import', 303);
  });
}
