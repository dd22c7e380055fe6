/**
 * Staff pages: the operator's tenant register (/app/operator/tenants), the tenant admin's
 * settings (/app/admin/tenant) and org units (/app/admin/org-units). Anonymous visitors never
 * reach them (identity redirects /app/** to sign-in); the services decide who may do what.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.js';
import { AppError } from '../../errors.js';
import { Layout, type PageEnv, pageEnv } from '../../http/layout.js';
import { sendPage } from '../../http/render.js';
import { requireUser } from '../../identity/http.js';
import { buildTree, flattenTree, subtreeIds, type TreeNode } from '../domain.js';
import { tenancyPolicy } from '../policy.js';
import {
  createOrgUnit,
  createTenant,
  getOrgUnit,
  getTenant,
  listOrgUnits,
  listTenants,
  type OrgUnitView,
  type TenantView,
  updateOrgUnit,
  updateTenant,
} from '../service.js';
import {
  CheckboxField,
  ErrorSummary,
  type FormErrors,
  type FormValues,
  formValues,
  SelectField,
  TextField,
  translateErrors,
} from './form.js';
import { TenantForm, tenantToValues, valuesToTenantInput, valuesToTenantPatch } from './tenant-form.js';

const ADMIN_PREFIX = { 'admin.': 'identity' };

/** Field errors of a use case go back into the form (422); anything else is the app's error page. */
function formErrors(request: FastifyRequest, e: unknown): FormErrors {
  if (e instanceof AppError && (e.code === 'validation' || e.code === 'conflict') && e.fields.length > 0) {
    return translateErrors(request.t, e, ADMIN_PREFIX);
  }
  throw e;
}

function Notice(props: { text: string | null }) {
  if (!props.text) return null;
  return (
    <div class="gov-message gov-message--success" role="status">
      <p>{props.text}</p>
    </div>
  );
}

function notice(request: FastifyRequest): string | null {
  const q = request.query as Record<string, unknown>;
  if (q.created === '1') return request.t('tenancy:operator.created');
  if (q.saved === '1') return request.t('tenancy:operator.saved');
  return null;
}

// --- operator: tenant register ---------------------------------------------------------------

function TenantList(props: { env: PageEnv; tenants: readonly TenantView[]; notice: string | null }) {
  const { env, tenants } = props;
  const { t } = env;
  return (
    <Layout env={env} title={t('tenancy:operator.title')}>
      <Notice text={props.notice} />
      <p>
        <a class="gov-button gov-button--primary" href="/app/operator/tenants/new">
          {t('tenancy:operator.new')}
        </a>
      </p>
      {tenants.length === 0 ? (
        <p>{t('tenancy:operator.empty')}</p>
      ) : (
        <table class="data">
          <caption class="visually-hidden">{t('tenancy:operator.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('tenancy:field.name')}</th>
              <th scope="col">{t('tenancy:field.kind')}</th>
              <th scope="col">{t('tenancy:field.ico')}</th>
              <th scope="col">{t('tenancy:operator.portal')}</th>
            </tr>
          </thead>
          <tbody>
            {tenants.map((x) => (
              <tr>
                <th scope="row">
                  <a href={`/app/operator/tenants/${x.id}`}>{x.name}</a>
                  {!x.active && ` (${t('tenancy:operator.inactive')})`}
                </th>
                <td>{t(`tenancy:kind.${x.kind}`)}</td>
                <td>{x.ico ?? '—'}</td>
                <td>{x.active ? <a href={`/${x.slug}/`}>/{x.slug}/</a> : `/${x.slug}/`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}

function TenantFormPage(props: {
  env: PageEnv;
  title: string;
  mode: 'create' | 'edit' | 'admin';
  action: string;
  values: FormValues;
  errors: FormErrors;
  parents?: readonly TenantView[];
  notice?: string | null;
  intro?: string;
}) {
  const { env } = props;
  const { t } = env;
  return (
    <Layout env={env} title={props.title}>
      <Notice text={props.notice ?? null} />
      {props.intro && <p>{props.intro}</p>}
      <TenantForm
        env={env}
        mode={props.mode}
        action={props.action}
        values={props.values}
        errors={props.errors}
        {...(props.parents ? { parents: props.parents } : {})}
        submitLabel={props.mode === 'create' ? t('tenancy:operator.create') : t('save')}
      />
      {props.mode !== 'admin' && (
        <p>
          <a href="/app/operator/tenants">{t('back')}</a>
        </p>
      )}
    </Layout>
  );
}

function parentChoices(all: readonly TenantView[], selfId: string | null): TenantView[] {
  return all.filter((x) => x.id !== selfId);
}

// --- tenant admin: org units -----------------------------------------------------------------

function unitOptions(t: PageEnv['t'], nodes: readonly TreeNode<OrgUnitView>[], exclude: ReadonlySet<string>) {
  return [
    { value: '', label: t('tenancy:field.none') },
    ...nodes
      .filter((n) => !exclude.has(n.item.id))
      .map((n) => ({ value: n.item.id, label: `${'— '.repeat(n.depth)}${n.item.code} ${n.item.name}` })),
  ];
}

function UnitTree(props: { t: PageEnv['t']; nodes: readonly TreeNode<OrgUnitView>[] }) {
  const { t } = props;
  return (
    <ul class="org-tree">
      {props.nodes.map((n) => (
        <li>
          <a href={`/app/admin/org-units/${n.item.id}`}>
            <span class="code">{n.item.code}</span> {n.item.name}
          </a>
          {n.item.isRecordsPoint && ` (${t('tenancy:admin.recordsPoint')})`}
          {n.children.length > 0 && <UnitTree t={t} nodes={n.children} />}
        </li>
      ))}
    </ul>
  );
}

function unitLabels(t: PageEnv['t']): Record<string, string> {
  return {
    code: t('tenancy:field.code'),
    name: t('tenancy:field.unitName'),
    parentId: t('tenancy:field.unitParent'),
    isRecordsPoint: t('tenancy:field.isRecordsPoint'),
    active: t('tenancy:field.active'),
  };
}

function UnitFields(props: {
  t: PageEnv['t'];
  values: FormValues;
  errors: FormErrors;
  parentOptions: { value: string; label: string }[];
}) {
  const { t, values, errors } = props;
  const labels = unitLabels(t);
  const common = { values, errors };
  return (
    <>
      <TextField
        name="code"
        label={labels.code!}
        hint={t('tenancy:field.codeHint')}
        required
        maxLength={20}
        {...common}
      />
      <TextField name="name" label={labels.name!} required maxLength={200} {...common} />
      <SelectField name="parentId" label={labels.parentId!} options={props.parentOptions} {...common} />
      <CheckboxField
        name="isRecordsPoint"
        label={labels.isRecordsPoint!}
        hint={t('tenancy:field.isRecordsPointHint')}
        {...common}
      />
    </>
  );
}

function OrgUnitsPage(props: {
  env: PageEnv;
  units: readonly OrgUnitView[];
  values: FormValues;
  errors: FormErrors;
  notice: string | null;
}) {
  const { env } = props;
  const { t } = env;
  const active = props.units.filter((u) => u.active);
  const inactive = props.units.filter((u) => !u.active);
  const tree = buildTree(active, (u) => u.name);
  return (
    <Layout env={env} title={t('tenancy:admin.orgUnitsTitle')}>
      <Notice text={props.notice} />
      <p>{t('tenancy:admin.orgUnitsIntro')}</p>
      <h2>{t('tenancy:admin.unitsCaption')}</h2>
      {tree.length === 0 ? <p>{t('tenancy:admin.noUnits')}</p> : <UnitTree t={t} nodes={tree} />}
      {inactive.length > 0 && (
        <>
          <h2>{t('tenancy:admin.inactiveUnits')}</h2>
          <ul>
            {inactive.map((u) => (
              <li>
                <a href={`/app/admin/org-units/${u.id}`}>
                  {u.code} {u.name}
                </a>
              </li>
            ))}
          </ul>
        </>
      )}
      <h2 id="new-unit">{t('tenancy:admin.newUnit')}</h2>
      <form method="post" action="/app/admin/org-units" novalidate aria-labelledby="new-unit">
        <input type="hidden" name="_csrf" value={env.csrfToken ?? ''} />
        <ErrorSummary t={t} errors={props.errors} labels={unitLabels(t)} />
        <UnitFields
          t={t}
          values={props.values}
          errors={props.errors}
          parentOptions={unitOptions(t, flattenTree(tree), new Set())}
        />
        <button type="submit" class="gov-button gov-button--primary">
          {t('tenancy:admin.createUnit')}
        </button>
      </form>
    </Layout>
  );
}

function OrgUnitEditPage(props: {
  env: PageEnv;
  unit: OrgUnitView;
  units: readonly OrgUnitView[];
  values: FormValues;
  errors: FormErrors;
  notice: string | null;
}) {
  const { env, unit } = props;
  const { t } = env;
  const tree = buildTree(
    props.units.filter((u) => u.active || u.id === unit.id),
    (u) => u.name,
  );
  // A unit cannot move below itself: its own subtree is not offered.
  const below = subtreeIds(unit.id, new Map(props.units.map((u) => [u.id, u.parentId])));
  const action = `/app/admin/org-units/${unit.id}`;
  return (
    <Layout env={env} title={`${t('tenancy:admin.editUnit')}: ${unit.code} ${unit.name}`}>
      <Notice text={props.notice} />
      <form method="post" action={action} novalidate>
        <input type="hidden" name="_csrf" value={env.csrfToken ?? ''} />
        <input type="hidden" name="action" value="save" />
        <ErrorSummary t={t} errors={props.errors} labels={unitLabels(t)} />
        <UnitFields
          t={t}
          values={props.values}
          errors={props.errors}
          parentOptions={unitOptions(t, flattenTree(tree), below)}
        />
        <button type="submit" class="gov-button gov-button--primary">
          {t('save')}
        </button>
      </form>
      <form method="post" action={action}>
        <input type="hidden" name="_csrf" value={env.csrfToken ?? ''} />
        <input type="hidden" name="action" value={unit.active ? 'deactivate' : 'reactivate'} />
        <button type="submit" id="f-active" class="gov-button gov-button--secondary">
          {unit.active ? t('tenancy:admin.deactivate') : t('tenancy:admin.reactivate')}
        </button>
      </form>
      <p>
        <a href="/app/admin/org-units">{t('back')}</a>
      </p>
    </Layout>
  );
}

function unitToValues(u: OrgUnitView): FormValues {
  return {
    code: u.code,
    name: u.name,
    parentId: u.parentId ?? '',
    isRecordsPoint: u.isRecordsPoint ? 'on' : '',
  };
}

// --- routes ----------------------------------------------------------------------------------

function send(reply: FastifyReply, page: ReturnType<typeof Layout>, status = 200) {
  return sendPage(reply, page, status);
}

export function tenancyAdminPages(app: FastifyInstance, ctx: AppContext): void {
  const env = (request: FastifyRequest) => pageEnv(request, ctx);

  // Operator: the register.
  app.get('/app/operator/tenants', async (request, reply) => {
    requireUser(request);
    const tenants = await listTenants(ctx, request.actor);
    return send(reply, <TenantList env={env(request)} tenants={tenants} notice={notice(request)} />);
  });

  app.get('/app/operator/tenants/new', async (request, reply) => {
    requireUser(request);
    const all = await listTenants(ctx, request.actor);
    return send(
      reply,
      <TenantFormPage
        env={env(request)}
        title={request.t('tenancy:operator.new')}
        mode="create"
        action="/app/operator/tenants"
        values={{ kind: 'municipality', country: 'CZ' }}
        errors={{}}
        parents={all}
      />,
    );
  });

  app.post('/app/operator/tenants', async (request, reply) => {
    requireUser(request);
    const values = formValues(request.body);
    try {
      const tenant = await createTenant(ctx, request.actor, valuesToTenantInput(values));
      return reply.redirect(`/app/operator/tenants/${tenant.id}?created=1`, 303);
    } catch (e) {
      const errors = formErrors(request, e);
      const all = await listTenants(ctx, request.actor);
      return send(
        reply,
        <TenantFormPage
          env={env(request)}
          title={request.t('tenancy:operator.new')}
          mode="create"
          action="/app/operator/tenants"
          values={values}
          errors={errors}
          parents={all}
        />,
        422,
      );
    }
  });

  app.get<{ Params: { id: string } }>('/app/operator/tenants/:id', async (request, reply) => {
    requireUser(request);
    const all = await listTenants(ctx, request.actor);
    const tenant = all.find((x) => x.id === request.params.id);
    if (!tenant) throw new AppError('not-found', 'No such tenant.');
    return send(
      reply,
      <TenantFormPage
        env={env(request)}
        title={`${request.t('tenancy:operator.edit')}: ${tenant.name}`}
        mode="edit"
        action={`/app/operator/tenants/${tenant.id}`}
        values={tenantToValues(tenant)}
        errors={{}}
        parents={parentChoices(all, tenant.id)}
        notice={notice(request)}
      />,
    );
  });

  app.post<{ Params: { id: string } }>('/app/operator/tenants/:id', async (request, reply) => {
    requireUser(request);
    const values = formValues(request.body);
    try {
      await updateTenant(ctx, request.actor, request.params.id, valuesToTenantPatch(values, 'edit'));
      return reply.redirect(`/app/operator/tenants/${request.params.id}?saved=1`, 303);
    } catch (e) {
      const errors = formErrors(request, e);
      const all = await listTenants(ctx, request.actor);
      const tenant = all.find((x) => x.id === request.params.id);
      if (!tenant) throw new AppError('not-found', 'No such tenant.');
      return send(
        reply,
        <TenantFormPage
          env={env(request)}
          title={`${request.t('tenancy:operator.edit')}: ${tenant.name}`}
          mode="edit"
          action={`/app/operator/tenants/${tenant.id}`}
          values={values}
          errors={errors}
          parents={parentChoices(all, tenant.id)}
        />,
        422,
      );
    }
  });

  // Tenant admin: the tenant's public information.
  const ownTenant = async (request: FastifyRequest): Promise<TenantView> => {
    const user = requireUser(request);
    if (!user.tenantId) throw new AppError('not-found', 'Operator accounts belong to no tenant.');
    return getTenant(ctx, request.actor, user.tenantId);
  };

  const adminForm = (
    request: FastifyRequest,
    values: FormValues,
    errors: FormErrors,
    noticeText: string | null,
  ) => (
    <TenantFormPage
      env={env(request)}
      title={request.t('tenancy:admin.tenantTitle')}
      intro={request.t('tenancy:admin.tenantIntro')}
      mode="admin"
      action="/app/admin/tenant"
      values={values}
      errors={errors}
      notice={noticeText}
    />
  );

  app.get('/app/admin/tenant', async (request, reply) => {
    const tenant = await ownTenant(request);
    tenancyPolicy.require(request.actor, 'tenant.publicInfo', { tenantId: tenant.id });
    return send(reply, adminForm(request, tenantToValues(tenant), {}, notice(request)));
  });

  app.post('/app/admin/tenant', async (request, reply) => {
    const tenant = await ownTenant(request);
    const values = formValues(request.body);
    try {
      await updateTenant(ctx, request.actor, tenant.id, valuesToTenantPatch(values, 'admin'));
      return reply.redirect('/app/admin/tenant?saved=1', 303);
    } catch (e) {
      return send(reply, adminForm(request, values, formErrors(request, e), null), 422);
    }
  });

  // Tenant admin: org units.
  const allUnits = (request: FastifyRequest) =>
    listOrgUnits(ctx, request.actor, request.actor.tenantId, { includeInactive: true });
  // Reading the tree is open to every member; this page is where it is managed.
  const requireUnitAdmin = (request: FastifyRequest) => {
    const user = requireUser(request);
    tenancyPolicy.require(request.actor, 'orgUnit.manage', { tenantId: user.tenantId });
  };

  app.get('/app/admin/org-units', async (request, reply) => {
    requireUnitAdmin(request);
    const units = await allUnits(request);
    return send(
      reply,
      <OrgUnitsPage env={env(request)} units={units} values={{}} errors={{}} notice={notice(request)} />,
    );
  });

  app.post('/app/admin/org-units', async (request, reply) => {
    requireUser(request);
    const values = formValues(request.body);
    try {
      await createOrgUnit(ctx, request.actor, request.actor.tenantId, {
        code: values.code ?? '',
        name: values.name ?? '',
        parentId: values.parentId || null,
        isRecordsPoint: values.isRecordsPoint === 'on',
      });
      return reply.redirect('/app/admin/org-units?saved=1', 303);
    } catch (e) {
      const errors = formErrors(request, e);
      const units = await allUnits(request);
      return send(
        reply,
        <OrgUnitsPage env={env(request)} units={units} values={values} errors={errors} notice={null} />,
        422,
      );
    }
  });

  app.get<{ Params: { id: string } }>('/app/admin/org-units/:id', async (request, reply) => {
    requireUnitAdmin(request);
    const unit = await getOrgUnit(ctx, request.actor, request.actor.tenantId, request.params.id);
    const units = await allUnits(request);
    return send(
      reply,
      <OrgUnitEditPage
        env={env(request)}
        unit={unit}
        units={units}
        values={unitToValues(unit)}
        errors={{}}
        notice={notice(request)}
      />,
    );
  });

  app.post<{ Params: { id: string } }>('/app/admin/org-units/:id', async (request, reply) => {
    requireUser(request);
    const values = formValues(request.body);
    const id = request.params.id;
    try {
      if (values.action === 'deactivate' || values.action === 'reactivate') {
        await updateOrgUnit(ctx, request.actor, request.actor.tenantId, id, {
          active: values.action === 'reactivate',
        });
      } else {
        await updateOrgUnit(ctx, request.actor, request.actor.tenantId, id, {
          code: values.code ?? '',
          name: values.name ?? '',
          parentId: values.parentId || null,
          isRecordsPoint: values.isRecordsPoint === 'on',
        });
      }
      return reply.redirect(`/app/admin/org-units/${id}?saved=1`, 303);
    } catch (e) {
      const errors = formErrors(request, e);
      const unit = await getOrgUnit(ctx, request.actor, request.actor.tenantId, id);
      const units = await allUnits(request);
      const shown = values.action === 'save' || !values.action ? values : unitToValues(unit);
      return send(
        reply,
        <OrgUnitEditPage
          env={env(request)}
          unit={unit}
          units={units}
          values={shown}
          errors={errors}
          notice={null}
        />,
        422,
      );
    }
  });
}
