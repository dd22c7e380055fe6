/** Pages: sign-in, sign-out, dashboard, my account, user administration. */

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { AppError } from '../errors.js';
import { Layout, pageEnv } from '../http/layout.js';
import { Field, HiddenCsrf, sendPage } from '../http/render.js';
import { formatDateTime, LOCALES } from '../i18n/index.js';
import type { DashboardHook, DashboardWidget, NavItem } from '../module.js';
import {
  describedBy,
  ErrorSummary,
  type Errors,
  formBody,
  formErrors,
  list,
  Notice,
  str,
  translateIssues,
} from './forms.js';
import { CSRF_PRE_COOKIE, clearSessionCookie, preSessionToken, safeNext, setSessionCookie } from './http.js';
import { can, OPERATOR_ROLES, TENANT_ROLES } from './policy.js';
import {
  authenticate,
  changePassword,
  createToken,
  createUser,
  getUser,
  listTokens,
  listUsers,
  orgUnitChoices,
  revokeToken,
  setOwnLocale,
  signOut,
  signOutEverywhere,
  type TokenView,
  updateUser,
} from './service.js';
import type { UserView } from './types.js';

const LANGUAGE_NAMES: Record<string, string> = { cs: 'Čeština', en: 'English', pl: 'Polski' };

// --- dashboard widgets -----------------------------------------------------------------------------

export type { DashboardHook, DashboardWidget };

function dashboardHooks(ctx: AppContext): DashboardHook[] {
  return ctx.modules.map((m) => m.dashboard).filter((h): h is DashboardHook => typeof h === 'function');
}

// --- sign-in ------------------------------------------------------------------------------------------

interface LoginState {
  /** The chosen tenant slug, '' for the operator, undefined when nothing was chosen yet. */
  tenant: string | undefined;
  username: string;
  next: string;
  errors?: Errors;
  message?: string;
  notice?: string;
}

async function renderLogin(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  s: LoginState,
  status = 200,
) {
  const env = pageEnv(request, ctx);
  const { t } = env;
  const tenants = await ctx.db
    .selectFrom('tenant')
    .select(['slug', 'name'])
    .where('active', '=', true)
    .orderBy('name')
    .execute();
  const token = preSessionToken(request, reply);
  const errors = s.errors ?? {};
  const labels = {
    tenant: t('identity:login.tenant'),
    username: t('identity:login.username'),
    password: t('identity:login.password'),
  };
  return sendPage(
    reply,
    <Layout env={env} title={t('identity:login.title')} variant="plain">
      {s.notice && <Notice kind="info">{s.notice}</Notice>}
      {s.message && (
        <Notice kind="error">
          <p>{s.message}</p>
        </Notice>
      )}
      <ErrorSummary t={t} errors={errors} labels={labels} />
      <p>{t('identity:login.intro')}</p>
      <form method="post" action="/login" novalidate>
        <input type="hidden" name="_csrf" value={token} />
        {s.next !== '/app' && <input type="hidden" name="next" value={s.next} />}
        <Field id="tenant" label={labels.tenant} error={errors.tenant}>
          <select
            id="tenant"
            name="tenant"
            aria-describedby={describedBy('tenant', { error: errors.tenant })}
          >
            {tenants.map((tn, i) => (
              <option value={tn.slug} selected={s.tenant === undefined ? i === 0 : tn.slug === s.tenant}>
                {tn.name}
              </option>
            ))}
            <option value="" selected={s.tenant === ''}>
              {t('identity:login.operator')}
            </option>
          </select>
        </Field>
        <Field id="username" label={labels.username} error={errors.username}>
          <input
            id="username"
            name="username"
            type="text"
            autocomplete="username"
            autocapitalize="none"
            spellcheck={false}
            required
            maxLength={100}
            value={s.username}
            aria-invalid={errors.username ? 'true' : undefined}
            aria-describedby={describedBy('username', { error: errors.username })}
          />
        </Field>
        <Field id="password" label={labels.password} error={errors.password}>
          <input
            id="password"
            name="password"
            type="password"
            autocomplete="current-password"
            required
            aria-invalid={errors.password ? 'true' : undefined}
            aria-describedby={describedBy('password', { error: errors.password })}
          />
        </Field>
        <button type="submit" class="gov-button gov-button--primary">
          {t('identity:login.submit')}
        </button>
      </form>
    </Layout>,
    status,
  );
}

// --- dashboard ----------------------------------------------------------------------------------------

async function renderDashboard(ctx: AppContext, request: FastifyRequest, reply: FastifyReply) {
  const env = pageEnv(request, ctx);
  const { t } = env;
  const user = env.user!;
  const actor = request.actor;
  const modules = env.nav.filter((n) => n.href !== '/app');
  const widgets: DashboardWidget[] = [];
  for (const hook of dashboardHooks(ctx)) {
    try {
      widgets.push(...(await hook(ctx, actor, t)));
    } catch (err) {
      // One broken widget must not take the whole dashboard down.
      request.log.error({ err }, 'dashboard widget failed');
    }
  }
  const isAdmin = can(actor, 'user.manage', { tenantId: actor.tenantId });
  const hint =
    actor.kind === 'operator'
      ? t('identity:dashboard.emptyOperator')
      : isAdmin
        ? t('identity:dashboard.emptyAdmin')
        : t('identity:dashboard.emptyModules');
  const onlyOwnArea = modules.every((m) => m.href.startsWith('/app/admin/users'));
  return sendPage(
    reply,
    <Layout env={env} title={t('dashboard')}>
      <p class="lead">{t('identity:dashboard.greeting', { name: user.displayName })}</p>
      <p>
        {request.tenant && actor.kind === 'user'
          ? t('identity:dashboard.tenantLine', { tenant: request.tenant.name })
          : t('identity:dashboard.operatorLine')}
      </p>
      <h2>{t('identity:dashboard.yourRoles')}</h2>
      {user.roles.length ? (
        <ul>
          {user.roles.map((r) => (
            <li>{t(`identity:roles.${r}`, { defaultValue: r })}</li>
          ))}
        </ul>
      ) : (
        <p>{t('identity:dashboard.noRoles')}</p>
      )}
      <h2>{t('identity:dashboard.modules')}</h2>
      {modules.length > 0 && <ModuleList items={modules} />}
      {onlyOwnArea && <Notice kind="info">{hint}</Notice>}
      {widgets.length > 0 && (
        <div class="dashboard-widgets">
          {widgets.map((w) => (
            <section class="dashboard-widget" aria-label={w.title}>
              <h2>{w.href ? <a href={w.href}>{w.title}</a> : w.title}</h2>
              {typeof w.body === 'string' ? <p>{w.body}</p> : w.body}
            </section>
          ))}
        </div>
      )}
    </Layout>,
  );
}

function ModuleList({ items }: { items: NavItem[] }) {
  return (
    <ul class="module-list">
      {items.map((n) => (
        <li>
          <a href={n.href}>{n.label}</a>
        </li>
      ))}
    </ul>
  );
}

// --- my account ---------------------------------------------------------------------------------------

interface AccountState {
  notice?: string;
  passwordErrors?: Errors;
  tokenErrors?: Errors;
  tokenName?: string;
  tokenExpiry?: string;
  created?: { name: string; secret: string };
}

const EXPIRY_CHOICES = ['30', '90', '365', ''];

function tokenState(tk: TokenView, now: Date): 'stateActive' | 'stateRevoked' | 'stateExpired' {
  if (tk.revokedAt) return 'stateRevoked';
  if (tk.expiresAt && tk.expiresAt.getTime() <= now.getTime()) return 'stateExpired';
  return 'stateActive';
}

async function renderAccount(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  s: AccountState = {},
  status = 200,
) {
  const env = pageEnv(request, ctx);
  const { t, locale } = env;
  const user = env.user!;
  const tokens = await listTokens(ctx, request.actor);
  const pe = s.passwordErrors ?? {};
  const te = s.tokenErrors ?? {};
  const now = ctx.clock.now();
  const tz = request.tenant?.time_zone ?? 'Europe/Prague';
  const when = (d: Date | null) => (d ? formatDateTime(locale, d, tz) : t('identity:account.never'));
  const ownLocale = (request.user as { locale?: string | null }).locale ?? '';
  return sendPage(
    reply,
    <Layout env={env} title={t('identity:account.title')}>
      {s.notice && <Notice>{s.notice}</Notice>}

      <h2>{t('identity:account.profile')}</h2>
      <dl class="facts">
        <dt>{t('identity:account.username')}</dt>
        <dd>{user.username}</dd>
        <dt>{t('identity:account.tenant')}</dt>
        <dd>{request.tenant && user.tenantId ? request.tenant.name : t('identity:account.operatorScope')}</dd>
        <dt>{t('identity:account.roles')}</dt>
        <dd>{user.roles.map((r) => t(`identity:roles.${r}`, { defaultValue: r })).join(', ') || '—'}</dd>
      </dl>

      <h2 id="password-heading">{t('identity:account.changePassword')}</h2>
      <ErrorSummary
        t={t}
        errors={pe}
        labels={{
          currentPassword: t('identity:account.currentPassword'),
          newPassword: t('identity:account.newPassword'),
          newPasswordConfirm: t('identity:account.newPasswordConfirm'),
        }}
      />
      <form method="post" action="/app/account/password" aria-labelledby="password-heading" novalidate>
        <HiddenCsrf token={env.csrfToken} />
        <input type="text" name="username" autocomplete="username" value={user.username} hidden />
        <Field id="currentPassword" label={t('identity:account.currentPassword')} error={pe.currentPassword}>
          <input
            id="currentPassword"
            name="currentPassword"
            type="password"
            autocomplete="current-password"
            required
            aria-invalid={pe.currentPassword ? 'true' : undefined}
            aria-describedby={describedBy('currentPassword', { error: pe.currentPassword })}
          />
        </Field>
        <Field
          id="newPassword"
          label={t('identity:account.newPassword')}
          hint={t('identity:account.passwordHint')}
          error={pe.newPassword}
        >
          <input
            id="newPassword"
            name="newPassword"
            type="password"
            autocomplete="new-password"
            required
            aria-invalid={pe.newPassword ? 'true' : undefined}
            aria-describedby={describedBy('newPassword', { hint: true, error: pe.newPassword })}
          />
        </Field>
        <Field
          id="newPasswordConfirm"
          label={t('identity:account.newPasswordConfirm')}
          error={pe.newPasswordConfirm}
        >
          <input
            id="newPasswordConfirm"
            name="newPasswordConfirm"
            type="password"
            autocomplete="new-password"
            required
            aria-invalid={pe.newPasswordConfirm ? 'true' : undefined}
            aria-describedby={describedBy('newPasswordConfirm', { error: pe.newPasswordConfirm })}
          />
        </Field>
        <button type="submit" class="gov-button gov-button--primary">
          {t('identity:account.submitPassword')}
        </button>
      </form>

      <h2 id="language-heading">{t('identity:account.language')}</h2>
      <form method="post" action="/app/account/language" aria-labelledby="language-heading">
        <HiddenCsrf token={env.csrfToken} />
        <Field id="locale" label={t('identity:account.language')}>
          <select id="locale" name="locale">
            <option value="" selected={!ownLocale}>
              {t('identity:account.languageDefault')}
            </option>
            {LOCALES.map((l) => (
              <option value={l} selected={ownLocale === l} lang={l}>
                {LANGUAGE_NAMES[l]}
              </option>
            ))}
          </select>
        </Field>
        <button type="submit" class="gov-button gov-button--secondary">
          {t('identity:account.saveLanguage')}
        </button>
      </form>

      <h2>{t('identity:account.sessions')}</h2>
      <p>{t('identity:account.sessionsText')}</p>
      <form method="post" action="/app/account/logout-all">
        <HiddenCsrf token={env.csrfToken} />
        <button type="submit" class="gov-button gov-button--secondary">
          {t('identity:account.logoutAll')}
        </button>
      </form>

      <h2 id="tokens-heading">{t('identity:account.tokens')}</h2>
      <p>{t('identity:account.tokensIntro')}</p>
      {s.created && (
        <Notice>
          <p>{t('identity:account.tokenCreated', { name: s.created.name })}</p>
          <p class="token-secret">
            <code>{s.created.secret}</code>
          </p>
        </Notice>
      )}
      <ErrorSummary
        t={t}
        errors={te}
        labels={{ name: t('identity:account.tokenName'), expiresInDays: t('identity:account.tokenExpiry') }}
      />
      <form method="post" action="/app/account/tokens" aria-labelledby="tokens-heading" novalidate>
        <HiddenCsrf token={env.csrfToken} />
        <Field
          id="name"
          label={t('identity:account.tokenName')}
          hint={t('identity:account.tokenNameHint')}
          error={te.name}
        >
          <input
            id="name"
            name="name"
            type="text"
            maxLength={100}
            required
            value={s.tokenName ?? ''}
            aria-invalid={te.name ? 'true' : undefined}
            aria-describedby={describedBy('name', { hint: true, error: te.name })}
          />
        </Field>
        <Field id="expiresInDays" label={t('identity:account.tokenExpiry')} error={te.expiresInDays}>
          <select
            id="expiresInDays"
            name="expiresInDays"
            aria-describedby={describedBy('expiresInDays', { error: te.expiresInDays })}
          >
            {EXPIRY_CHOICES.map((d) => (
              <option value={d} selected={(s.tokenExpiry ?? '90') === d}>
                {d
                  ? t('identity:account.expiryDays', { count: Number(d) })
                  : t('identity:account.expiryNone')}
              </option>
            ))}
          </select>
        </Field>
        <button type="submit" class="gov-button gov-button--primary">
          {t('identity:account.createToken')}
        </button>
      </form>
      {tokens.length === 0 ? (
        <p>{t('identity:account.noTokens')}</p>
      ) : (
        <table class="data">
          <caption class="visually-hidden">{t('identity:account.tokens')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('identity:account.tokenName')}</th>
              <th scope="col">{t('identity:account.tokenPrefix')}</th>
              <th scope="col">{t('identity:account.created')}</th>
              <th scope="col">{t('identity:account.lastUsed')}</th>
              <th scope="col">{t('identity:account.expires')}</th>
              <th scope="col">{t('identity:account.state')}</th>
              <th scope="col">{t('actions')}</th>
            </tr>
          </thead>
          <tbody>
            {tokens.map((tk) => {
              const state = tokenState(tk, now);
              return (
                <tr>
                  <td>{tk.name}</td>
                  <td>
                    <code>{tk.prefix}</code>
                  </td>
                  <td>{when(tk.createdAt)}</td>
                  <td>{when(tk.lastUsedAt)}</td>
                  <td>{tk.expiresAt ? when(tk.expiresAt) : t('identity:account.expiryNone')}</td>
                  <td>{t(`identity:account.${state}`)}</td>
                  <td>
                    {state === 'stateActive' && (
                      <form method="post" action={`/app/account/tokens/${tk.id}/revoke`} class="inline-form">
                        <HiddenCsrf token={env.csrfToken} />
                        <button
                          type="submit"
                          class="gov-button gov-button--secondary gov-button--s"
                          aria-label={t('identity:account.revokeLabel', { name: tk.name })}
                        >
                          {t('identity:account.revoke')}
                        </button>
                      </form>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </Layout>,
    status,
  );
}

// --- user administration ------------------------------------------------------------------------------

interface UserFormValues {
  username: string;
  displayName: string;
  email: string;
  roles: string[];
  orgUnitId: string;
  locale: string;
  active: boolean;
}

function valuesOf(u: UserView): UserFormValues {
  return {
    username: u.username,
    displayName: u.displayName,
    email: u.email ?? '',
    roles: [...u.roles],
    orgUnitId: u.orgUnitId ?? '',
    locale: u.locale ?? '',
    active: u.active,
  };
}

function valuesFromBody(request: FastifyRequest, base?: UserFormValues): UserFormValues {
  const b = formBody(request);
  return {
    username: base?.username ?? str(b, 'username', 100),
    displayName: str(b, 'displayName', 300),
    email: str(b, 'email', 300),
    roles: list(b, 'roles'),
    orgUnitId: str(b, 'orgUnitId', 100),
    locale: str(b, 'locale', 10),
    active: str(b, 'active') === 'on',
  };
}

async function renderUserForm(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  s: { user?: UserView; values: UserFormValues; errors?: Errors; notice?: string; resetErrors?: Errors },
  status = 200,
) {
  const env = pageEnv(request, ctx);
  const { t } = env;
  const scope = request.actor.tenantId;
  const units = await orgUnitChoices(ctx, request.actor, scope);
  const roles = scope === null ? OPERATOR_ROLES : TENANT_ROLES;
  const v = s.values;
  const e = s.errors ?? {};
  const re = s.resetErrors ?? {};
  const editing = s.user !== undefined;
  const title = editing
    ? t('identity:users.editTitle', { name: s.user!.displayName })
    : t('identity:users.newTitle');
  const labels: Record<string, string> = {
    username: t('identity:users.username'),
    displayName: t('identity:users.displayName'),
    email: t('identity:users.email'),
    roles: t('identity:users.roles'),
    orgUnitId: t('identity:users.orgUnit'),
    locale: t('identity:users.locale'),
    active: t('identity:users.active'),
    password: editing ? t('identity:account.newPassword') : t('identity:users.initialPassword'),
  };
  const action = editing ? `/app/admin/users/${s.user!.id}` : '/app/admin/users';
  const passwordField = (errors: Errors) => (
    <Field
      id="password"
      label={labels.password!}
      hint={`${t('identity:account.passwordHint')}${editing ? '' : ` ${t('identity:users.initialPasswordHint')}`}`}
      error={errors.password}
    >
      <input
        id="password"
        name="password"
        type="password"
        autocomplete="new-password"
        required
        aria-invalid={errors.password ? 'true' : undefined}
        aria-describedby={describedBy('password', { hint: true, error: errors.password })}
      />
    </Field>
  );
  return sendPage(
    reply,
    <Layout env={env} title={title}>
      <p>
        <a href="/app/admin/users">{t('identity:users.backToList')}</a>
      </p>
      {s.notice && <Notice>{s.notice}</Notice>}
      <ErrorSummary t={t} errors={e} labels={labels} />
      <form method="post" action={action} novalidate>
        <HiddenCsrf token={env.csrfToken} />
        {editing ? (
          <dl class="facts">
            <dt>{labels.username}</dt>
            <dd>{v.username}</dd>
          </dl>
        ) : (
          <Field
            id="username"
            label={labels.username!}
            hint={t('identity:users.usernameHint')}
            error={e.username}
          >
            <input
              id="username"
              name="username"
              type="text"
              autocapitalize="none"
              spellcheck={false}
              required
              maxLength={64}
              value={v.username}
              aria-invalid={e.username ? 'true' : undefined}
              aria-describedby={describedBy('username', { hint: true, error: e.username })}
            />
          </Field>
        )}
        <TextField
          id="displayName"
          label={labels.displayName!}
          value={v.displayName}
          error={e.displayName}
          required
        />
        <TextField id="email" label={labels.email!} value={v.email} error={e.email} type="email" />
        {scope !== null && (
          <fieldset
            id="roles"
            class="gov-form-control"
            aria-describedby={describedBy('roles', { error: e.roles })}
            aria-invalid={e.roles ? 'true' : undefined}
          >
            <legend>{labels.roles}</legend>
            {roles.map((r) => (
              <div>
                <input
                  type="checkbox"
                  id={`role-${r}`}
                  name="roles"
                  value={r}
                  checked={v.roles.includes(r)}
                />{' '}
                <label for={`role-${r}`}>{t(`identity:roles.${r}`)}</label>
              </div>
            ))}
            {e.roles && (
              <p class="gov-form-message error-message" id="roles-error">
                {e.roles}
              </p>
            )}
          </fieldset>
        )}
        {scope !== null && (
          <Field id="orgUnitId" label={labels.orgUnitId!} error={e.orgUnitId}>
            <select
              id="orgUnitId"
              name="orgUnitId"
              aria-describedby={describedBy('orgUnitId', { error: e.orgUnitId })}
            >
              <option value="">{t('identity:users.orgUnitNone')}</option>
              {units.map((u) => (
                <option value={u.id} selected={v.orgUnitId === u.id}>
                  {`${u.code} – ${u.name}`}
                </option>
              ))}
            </select>
          </Field>
        )}
        <Field id="locale" label={labels.locale!} error={e.locale}>
          <select id="locale" name="locale" aria-describedby={describedBy('locale', { error: e.locale })}>
            <option value="">{t('identity:users.localeDefault')}</option>
            {LOCALES.map((l) => (
              <option value={l} selected={v.locale === l} lang={l}>
                {LANGUAGE_NAMES[l]}
              </option>
            ))}
          </select>
        </Field>
        <div class={`gov-form-control${e.active ? ' field-error' : ''}`}>
          <div>
            <input
              type="checkbox"
              id="active"
              name="active"
              checked={v.active}
              aria-describedby={describedBy('active', { error: e.active })}
            />{' '}
            <label for="active">{labels.active}</label>
          </div>
          {e.active && (
            <p class="gov-form-message error-message" id="active-error">
              {e.active}
            </p>
          )}
        </div>
        {!editing && passwordField(e)}
        <button type="submit" class="gov-button gov-button--primary">
          {editing ? t('identity:users.save') : t('identity:users.create')}
        </button>
      </form>
      {editing && (
        <>
          <h2 id="reset-heading">{t('identity:users.resetPassword')}</h2>
          <p>{t('identity:users.resetPasswordText')}</p>
          <ErrorSummary t={t} errors={re} labels={labels} />
          <form
            method="post"
            action={`/app/admin/users/${s.user!.id}/password`}
            aria-labelledby="reset-heading"
            novalidate
          >
            <HiddenCsrf token={env.csrfToken} />
            {passwordField(re)}
            <button type="submit" class="gov-button gov-button--secondary">
              {t('identity:users.resetPassword')}
            </button>
          </form>
        </>
      )}
    </Layout>,
    status,
  );
}

function TextField(props: {
  id: string;
  label: string;
  value: string;
  error?: string | undefined;
  type?: string;
  required?: boolean;
}) {
  return (
    <Field id={props.id} label={props.label} error={props.error}>
      <input
        id={props.id}
        name={props.id}
        type={props.type ?? 'text'}
        value={props.value}
        required={props.required}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy(props.id, { error: props.error })}
      />
    </Field>
  );
}

async function renderUserList(ctx: AppContext, request: FastifyRequest, reply: FastifyReply) {
  const env = pageEnv(request, ctx);
  const { t } = env;
  const users = await listUsers(ctx, request.actor, request.actor.tenantId);
  return sendPage(
    reply,
    <Layout env={env} title={t('identity:users.title')}>
      <p>
        <a class="gov-button gov-button--primary" href="/app/admin/users/new">
          {t('identity:users.new')}
        </a>
      </p>
      {users.length === 0 ? (
        <p>{t('identity:users.none')}</p>
      ) : (
        <table class="data">
          <caption class="visually-hidden">{t('identity:users.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('identity:users.displayName')}</th>
              <th scope="col">{t('identity:users.username')}</th>
              <th scope="col">{t('identity:users.roles')}</th>
              <th scope="col">{t('identity:users.status')}</th>
              <th scope="col">{t('actions')}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr>
                <td>{u.displayName}</td>
                <td>{u.username}</td>
                <td>{u.roles.map((r) => t(`identity:roles.${r}`, { defaultValue: r })).join(', ') || '—'}</td>
                <td>{u.active ? t('identity:users.statusActive') : t('identity:users.statusInactive')}</td>
                <td>
                  <a
                    href={`/app/admin/users/${u.id}`}
                    aria-label={t('identity:users.editLabel', { name: u.displayName })}
                  >
                    {t('identity:users.edit')}
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>,
  );
}

// --- routes -------------------------------------------------------------------------------------------

const hidden = { hide: true };
type IdReq = FastifyRequest<{ Params: { id: string } }>;

export function registerIdentityPages(app: FastifyInstance, ctx: AppContext): void {
  app.get('/login', { schema: hidden }, async (request, reply) => {
    const q = request.query as Record<string, unknown>;
    const next = safeNext(q.next);
    if (request.user) return reply.redirect(next, 303);
    const t = request.t;
    const notice =
      q.expired === '1' || request.sessionExpired
        ? t('identity:login.expired')
        : q.signedOut === '1'
          ? t('identity:login.signedOut')
          : q.everywhere === '1'
            ? t('identity:login.signedOutEverywhere')
            : undefined;
    const tenant = typeof q.tenant === 'string' ? q.tenant.slice(0, 50) : request.cookies.last_tenant;
    return renderLogin(ctx, request, reply, { tenant, username: '', next, ...(notice ? { notice } : {}) });
  });

  app.post('/login', { schema: hidden, config: { csrf: 'pre-session' } }, async (request, reply) => {
    const b = formBody(request);
    const state: LoginState = {
      tenant: str(b, 'tenant', 50),
      username: str(b, 'username', 100),
      next: safeNext(str(b, 'next', 2000) || '/app'),
    };
    const t = request.t;
    try {
      const r = await authenticate(ctx, {
        tenant: state.tenant,
        username: state.username,
        password: str(b, 'password', 4000),
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
      });
      setSessionCookie(request, reply, r.session.cookieValue);
      reply.clearCookie(CSRF_PRE_COOKIE, { path: '/login' });
      // Remembered to preselect the tenant next time (not secret: the register is public).
      reply.setCookie('last_tenant', r.tenant?.slug ?? '', {
        path: '/login',
        httpOnly: true,
        sameSite: 'lax',
        secure: request.protocol === 'https',
        maxAge: 365 * 24 * 3600,
      });
      return reply.redirect(state.next, 303);
    } catch (e) {
      if (e instanceof AppError && e.code === 'unauthorized') {
        return renderLogin(ctx, request, reply, { ...state, message: t('identity:login.failed') }, 401);
      }
      if (e instanceof AppError && e.code === 'too-many-requests') {
        const seconds = Number(e.extra.retryAfterSeconds) || 60;
        reply.header('retry-after', String(seconds));
        const minutes = Math.max(1, Math.ceil(seconds / 60));
        return renderLogin(
          ctx,
          request,
          reply,
          { ...state, message: t('identity:login.locked', { minutes }) },
          429,
        );
      }
      if (e instanceof AppError && e.code === 'validation') {
        return renderLogin(ctx, request, reply, { ...state, errors: translateIssues(t, e.fields) }, 422);
      }
      throw e;
    }
  });

  app.post('/logout', { schema: hidden }, async (request, reply) => {
    if (request.session) await signOut(ctx, request.actor, request.session.id);
    clearSessionCookie(request, reply);
    return reply.redirect('/login?signedOut=1', 303);
  });

  app.get('/app', { schema: hidden }, async (request, reply) => renderDashboard(ctx, request, reply));

  // --- my account ---

  app.get('/app/account', { schema: hidden }, async (request, reply) => {
    const q = request.query as Record<string, unknown>;
    const t = request.t;
    const notice =
      q.password === 'changed'
        ? t('identity:account.passwordChanged', { count: Number(q.ended) || 0 })
        : q.revoked === '1'
          ? t('identity:account.revoked')
          : q.language === 'saved'
            ? t('identity:account.languageSaved')
            : undefined;
    return renderAccount(ctx, request, reply, notice ? { notice } : {});
  });

  app.post('/app/account/password', { schema: hidden }, async (request, reply) => {
    const b = formBody(request);
    const t = request.t;
    const next = str(b, 'newPassword', 4000);
    if (next !== str(b, 'newPasswordConfirm', 4000)) {
      const passwordErrors = translateIssues(t, [
        { field: 'newPasswordConfirm', message: '', code: 'passwordMismatch' } as never,
      ]);
      return renderAccount(ctx, request, reply, { passwordErrors }, 422);
    }
    try {
      const r = await changePassword(
        ctx,
        request.actor,
        { currentPassword: str(b, 'currentPassword', 4000), newPassword: next },
        request.session?.id ?? null,
      );
      return reply.redirect(`/app/account?password=changed&ended=${r.sessionsEnded}`, 303);
    } catch (e) {
      return renderAccount(ctx, request, reply, { passwordErrors: formErrors(t, e) }, 422);
    }
  });

  app.post('/app/account/language', { schema: hidden }, async (request, reply) => {
    const locale = str(formBody(request), 'locale', 10) || null;
    await setOwnLocale(ctx, request.actor, locale);
    // The switch in the header (lang cookie) would otherwise keep overriding the saved choice.
    reply.clearCookie('lang', { path: '/' });
    return reply.redirect('/app/account?language=saved', 303);
  });

  app.post('/app/account/logout-all', { schema: hidden }, async (request, reply) => {
    await signOutEverywhere(ctx, request.actor);
    clearSessionCookie(request, reply);
    return reply.redirect('/login?everywhere=1', 303);
  });

  app.post('/app/account/tokens', { schema: hidden }, async (request, reply) => {
    const b = formBody(request);
    const name = str(b, 'name', 200);
    const expiry = str(b, 'expiresInDays', 10);
    const t = request.t;
    try {
      const r = await createToken(ctx, request.actor, {
        name,
        expiresInDays: expiry ? Number(expiry) : null,
      });
      // Rendered, not redirected: this response is the only place the secret ever appears.
      reply.header('cache-control', 'no-store');
      return renderAccount(ctx, request, reply, { created: { name: r.token.name, secret: r.secret } }, 201);
    } catch (e) {
      return renderAccount(
        ctx,
        request,
        reply,
        { tokenErrors: formErrors(t, e), tokenName: name, tokenExpiry: expiry },
        422,
      );
    }
  });

  app.post('/app/account/tokens/:id/revoke', { schema: hidden }, async (request: IdReq, reply) => {
    await revokeToken(ctx, request.actor, request.params.id);
    return reply.redirect('/app/account?revoked=1', 303);
  });

  // --- user administration ---

  app.get('/app/admin/users', { schema: hidden }, async (request, reply) =>
    renderUserList(ctx, request, reply),
  );

  app.get('/app/admin/users/new', { schema: hidden }, async (request, reply) => {
    if (!can(request.actor, 'user.manage', { tenantId: request.actor.tenantId }))
      throw new AppError('forbidden', 'Not allowed.');
    const roles = request.actor.tenantId === null ? ['operator'] : [];
    return renderUserForm(ctx, request, reply, {
      values: { username: '', displayName: '', email: '', roles, orgUnitId: '', locale: '', active: true },
    });
  });

  app.post('/app/admin/users', { schema: hidden }, async (request, reply) => {
    const values = valuesFromBody(request);
    const scope = request.actor.tenantId;
    try {
      const user = await createUser(ctx, request.actor, scope, {
        ...values,
        roles: scope === null ? ['operator'] : values.roles,
        orgUnitId: values.orgUnitId || null,
        locale: values.locale || null,
        password: str(formBody(request), 'password', 4000),
      });
      return reply.redirect(`/app/admin/users/${user.id}?created=1`, 303);
    } catch (e) {
      return renderUserForm(ctx, request, reply, { values, errors: formErrors(request.t, e) }, 422);
    }
  });

  app.get('/app/admin/users/:id', { schema: hidden }, async (request: IdReq, reply) => {
    const user = await getUser(ctx, request.actor, request.actor.tenantId, request.params.id);
    const q = request.query as Record<string, unknown>;
    const t = request.t;
    const notice =
      q.created === '1'
        ? t('identity:users.created')
        : q.saved === '1'
          ? t('identity:users.saved')
          : q.reset === '1'
            ? t('identity:users.resetDone')
            : undefined;
    return renderUserForm(ctx, request, reply, {
      user,
      values: valuesOf(user),
      ...(notice ? { notice } : {}),
    });
  });

  app.post('/app/admin/users/:id', { schema: hidden }, async (request: IdReq, reply) => {
    const scope = request.actor.tenantId;
    const user = await getUser(ctx, request.actor, scope, request.params.id);
    const values = valuesFromBody(request, valuesOf(user));
    try {
      await updateUser(ctx, request.actor, scope, user.id, {
        displayName: values.displayName,
        email: values.email || null,
        ...(scope === null ? {} : { roles: values.roles, orgUnitId: values.orgUnitId || null }),
        locale: values.locale || null,
        active: values.active,
      });
      return reply.redirect(`/app/admin/users/${user.id}?saved=1`, 303);
    } catch (e) {
      return renderUserForm(ctx, request, reply, { user, values, errors: formErrors(request.t, e) }, 422);
    }
  });

  app.post('/app/admin/users/:id/password', { schema: hidden }, async (request: IdReq, reply) => {
    const scope = request.actor.tenantId;
    const user = await getUser(ctx, request.actor, scope, request.params.id);
    try {
      await updateUser(ctx, request.actor, scope, user.id, {
        password: str(formBody(request), 'password', 4000),
      });
      return reply.redirect(`/app/admin/users/${user.id}?reset=1`, 303);
    } catch (e) {
      return renderUserForm(
        ctx,
        request,
        reply,
        { user, values: valuesOf(user), resetErrors: formErrors(request.t, e) },
        422,
      );
    }
  });
}
