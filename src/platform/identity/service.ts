/**
 * Identity use cases. Each checks the actor's permission itself and runs as one transaction in
 * the account's scope (tenant, or the operator's own) with its audit entry. Password hashing
 * (hundreds of milliseconds) always happens outside a transaction, so it never holds a
 * connection or a row lock — on PGlite that would stall every other request.
 *
 * Audit codes: accounts are NSESSS object type `Osoba`; sign-in, failed sign-in and sign-out use
 * the platform event types `Prihlaseni`, `NeuspesnePrihlaseni`, `Odhlaseni` (NSESSS has none);
 * account changes, password changes and API tokens are `Uprava` of the account with an `action`.
 */
import { sql } from 'kysely';
import { appendAudit } from '../audit/chain.js';
import type { AuditEventType } from '../audit/codes.js';
import type { AppContext } from '../context.js';
import { type Actor, OPERATOR_SCOPE, type TenantTx } from '../db/tenant.js';
import type { AppUser, Tenant } from '../db/types.js';
import { AppError, forbidden, invalid, notFound } from '../errors.js';
import { isLocale, type Locale } from '../i18n/index.js';
import { isUuid, newId } from '../ids.js';
import {
  checkPassword,
  dummyHash,
  hashParamsFor,
  hashPassword,
  needsRehash,
  verifyPassword,
} from './password.js';
import { requirePermission } from './policy.js';
import { checkUsername, cleanUserFields, issue, normalizeUsername } from './rules.js';
import { inScope } from './scope.js';
import { createSession, type NewSession } from './session.js';
import { afterFailure, lockedFor, type ThrottleState } from './throttle.js';
import { newApiToken } from './token.js';
import { actorOf, type Issue, toUserView, type UserView } from './types.js';

const OSOBA = 'Osoba';

// --- sign-in ----------------------------------------------------------------------------------

/** One message for every failed sign-in: it never tells whether the name exists. */
export const SIGN_IN_FAILED = 'The user name or password is not correct.';

export interface SignInInput {
  /** Tenant slug; empty or absent signs in to the hosting operator. */
  tenant?: string | null;
  username: string;
  password: string;
  ip?: string | null;
  userAgent?: string | null;
}

export interface SignInResult {
  user: UserView;
  tenant: Tenant | null;
  actor: Actor;
  session: NewSession;
}

/** The tenant a sign-in form or API call names, or null for the operator; unknown → 422. */
export async function tenantForSignIn(
  ctx: AppContext,
  slug: string | null | undefined,
): Promise<Tenant | null> {
  const s = (slug ?? '').trim().toLowerCase();
  if (!s) return null;
  const tenant = /^[a-z0-9-]{1,50}$/.test(s)
    ? await ctx.db
        .selectFrom('tenant')
        .selectAll()
        .where('slug', '=', s)
        .where('active', '=', true)
        .executeTakeFirst()
    : undefined;
  if (!tenant) throw invalid([issue('tenant', 'unknownTenant')], 'No such tenant is hosted here.');
  return tenant;
}

async function lockThrottle(tx: TenantTx, username: string): Promise<ThrottleState> {
  // A neutral row (0 failures) so that there is always something to lock; concurrent attempts
  // on one name then queue here and cannot slip past the limit together.
  await sql`INSERT INTO login_throttle (tenant_id, username, failures, window_started_at)
            VALUES (${tx.tenantId === OPERATOR_SCOPE ? null : tx.tenantId}, ${username}, 0, ${tx.now})
            ON CONFLICT DO NOTHING`.execute(tx.trx);
  const row = await tx.trx
    .selectFrom('login_throttle')
    .selectAll()
    .where('username', '=', username)
    .forUpdate()
    .executeTakeFirstOrThrow();
  return { failures: row.failures, windowStartedAt: row.window_started_at, lockedUntil: row.locked_until };
}

function lockedError(seconds: number): AppError {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return new AppError(
    'too-many-requests',
    `Too many failed sign-ins for this user name. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
    [],
    { retryAfterSeconds: seconds },
  );
}

async function auditSignIn(
  tx: TenantTx,
  eventType: AuditEventType,
  objectId: string | null,
  params: Record<string, unknown>,
): Promise<void> {
  await appendAudit(tx, { eventType, objectType: OSOBA, objectId, params });
}

/**
 * Checks a user name and password and opens a session. Failures are counted per (tenant, name)
 * whether or not the account exists; the 5th failure within 15 minutes locks the name for 15
 * minutes (429 with retryAfterSeconds). Every attempt lands in the tenant's audit chain (the
 * operator's own chain for operator accounts).
 */
export async function authenticate(ctx: AppContext, input: SignInInput): Promise<SignInResult> {
  const tenant = await tenantForSignIn(ctx, input.tenant);
  const tenantId = tenant?.id ?? null;
  const username = normalizeUsername(input.username).slice(0, 100);
  const missing: Issue[] = [];
  if (!username) missing.push(issue('username', 'required'));
  if (!input.password) missing.push(issue('password', 'required'));
  if (missing.length) throw invalid(missing);
  const anonymous: Actor = { userId: null, label: username, roles: [], tenantId, kind: 'public' };
  const ip = input.ip ?? null;

  const first = await inScope(ctx, tenantId, anonymous, async (tx) => {
    const wait = lockedFor(await lockThrottle(tx, username), tx.now);
    if (wait > 0) {
      await auditSignIn(tx, 'NeuspesnePrihlaseni', null, { username, reason: 'locked', ip });
      return { wait, user: undefined };
    }
    const user = await tx.trx
      .selectFrom('app_user')
      .selectAll()
      .where('username', '=', username)
      .executeTakeFirst();
    return { wait: 0, user };
  });
  if (first.wait > 0) throw lockedError(first.wait);

  // Unknown and inactive accounts are checked against a dummy hash: the same work, the same time.
  const params = hashParamsFor(ctx);
  const user = first.user?.active ? first.user : undefined;
  const ok = user
    ? await verifyPassword(user.password_hash, input.password)
    : await dummyCheck(ctx, input.password);
  const rehash =
    ok && user && needsRehash(user.password_hash, params) ? await hashPassword(input.password, params) : null;

  const outcome = await inScope(ctx, tenantId, ok && user ? actorOf(user) : anonymous, async (tx) => {
    const state = await lockThrottle(tx, username);
    const wait = lockedFor(state, tx.now);
    if (wait > 0) {
      await auditSignIn(tx, 'NeuspesnePrihlaseni', null, { username, reason: 'locked', ip });
      return { kind: 'locked' as const, wait };
    }
    if (!ok || !user) {
      const next = afterFailure(state, tx.now);
      await tx.trx
        .updateTable('login_throttle')
        .set({
          failures: next.failures,
          window_started_at: next.windowStartedAt,
          locked_until: next.lockedUntil,
        })
        .where('username', '=', username)
        .execute();
      await auditSignIn(tx, 'NeuspesnePrihlaseni', null, {
        username,
        reason: 'credentials',
        failures: next.failures,
        ...(next.lockedUntil ? { lockedUntil: next.lockedUntil.toISOString() } : {}),
        ip,
      });
      return { kind: 'failed' as const };
    }
    await tx.trx.deleteFrom('login_throttle').where('username', '=', username).execute();
    if (rehash)
      await tx.trx.updateTable('app_user').set({ password_hash: rehash }).where('id', '=', user.id).execute();
    const session = await createSession(tx, {
      userId: user.id,
      tenantId,
      ttlHours: ctx.config.sessionTtlHours,
      ip,
      userAgent: input.userAgent ?? null,
    });
    await auditSignIn(tx, 'Prihlaseni', user.id, { username, ip });
    return { kind: 'ok' as const, session };
  });
  if (outcome.kind === 'locked') throw lockedError(outcome.wait);
  if (outcome.kind === 'failed' || !user) throw new AppError('unauthorized', SIGN_IN_FAILED);
  return { user: toUserView(user), tenant, actor: actorOf(user), session: outcome.session };
}

async function dummyCheck(ctx: AppContext, password: string): Promise<false> {
  await verifyPassword(await dummyHash(hashParamsFor(ctx)), password);
  return false;
}

/** Ends one session (sign-out). Signing out of a session that is already gone is fine. */
export async function signOut(ctx: AppContext, actor: Actor, sessionId: string): Promise<void> {
  if (!actor.userId) return;
  await inScope(ctx, actor.tenantId, actor, async (tx) => {
    const gone = await tx.trx
      .deleteFrom('session')
      .where('id', '=', sessionId)
      .where('user_id', '=', actor.userId!)
      .executeTakeFirst();
    if (Number(gone.numDeletedRows) > 0) await auditSignIn(tx, 'Odhlaseni', actor.userId, {});
  });
}

/** "Sign out everywhere": ends every session of the actor, this one included. Returns how many. */
export async function signOutEverywhere(ctx: AppContext, actor: Actor): Promise<number> {
  requirePermission(actor, 'account.manage');
  const userId = ownId(actor);
  return inScope(ctx, actor.tenantId, actor, async (tx) => {
    const gone = await tx.trx.deleteFrom('session').where('user_id', '=', userId).executeTakeFirst();
    const n = Number(gone.numDeletedRows);
    await auditSignIn(tx, 'Odhlaseni', userId, { everywhere: true, sessions: n });
    return n;
  });
}

function ownId(actor: Actor): string {
  if (!actor.userId || (actor.kind !== 'user' && actor.kind !== 'operator')) throw forbidden();
  return actor.userId;
}

// --- own account --------------------------------------------------------------------------------

/**
 * Changes the actor's own password after checking the current one; every other session of the
 * account ends (the one in `keepSessionId`, the caller's own, stays).
 */
export async function changePassword(
  ctx: AppContext,
  actor: Actor,
  input: { currentPassword: string; newPassword: string },
  keepSessionId: string | null = null,
): Promise<{ sessionsEnded: number }> {
  requirePermission(actor, 'account.manage');
  const userId = ownId(actor);
  const user = await inScope(ctx, actor.tenantId, actor, (tx) =>
    tx.trx.selectFrom('app_user').selectAll().where('id', '=', userId).executeTakeFirst(),
  );
  if (!user) throw notFound('The account');
  const issues: Issue[] = [];
  if (!(await verifyPassword(user.password_hash, input.currentPassword ?? '')))
    issues.push(issue('currentPassword', 'wrongPassword'));
  issues.push(...checkPassword(input.newPassword ?? '', { username: user.username, field: 'newPassword' }));
  if (issues.length) throw invalid(issues);
  const hash = await hashPassword(input.newPassword, hashParamsFor(ctx));
  return inScope(ctx, actor.tenantId, actor, async (tx) => {
    await tx.trx
      .updateTable('app_user')
      .set({ password_hash: hash, password_changed_at: tx.now })
      .where('id', '=', userId)
      .execute();
    let q = tx.trx.deleteFrom('session').where('user_id', '=', userId);
    if (keepSessionId) q = q.where('id', '<>', keepSessionId);
    const n = Number((await q.executeTakeFirst()).numDeletedRows);
    await appendAudit(tx, {
      eventType: 'Uprava',
      objectType: OSOBA,
      objectId: userId,
      params: { action: 'password.change', sessionsEnded: n },
    });
    return { sessionsEnded: n };
  });
}

/** The actor's preferred language (null: the tenant's). */
export async function setOwnLocale(ctx: AppContext, actor: Actor, locale: string | null): Promise<void> {
  requirePermission(actor, 'account.manage');
  const userId = ownId(actor);
  if (locale !== null && !isLocale(locale)) throw invalid([issue('locale', 'locale')]);
  await inScope(ctx, actor.tenantId, actor, async (tx) => {
    await tx.trx
      .updateTable('app_user')
      .set({ locale: locale as Locale | null })
      .where('id', '=', userId)
      .execute();
    await appendAudit(tx, {
      eventType: 'Uprava',
      objectType: OSOBA,
      objectId: userId,
      params: { changes: { locale } },
    });
  });
}

// --- API tokens -----------------------------------------------------------------------------------

export interface TokenView {
  id: string;
  name: string;
  /** The first characters of the token, to recognise it. */
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

export const MAX_TOKEN_DAYS = 3650;

/** Creates a personal API token. The returned `secret` is the only time anyone sees it. */
export async function createToken(
  ctx: AppContext,
  actor: Actor,
  input: { name: string; expiresInDays?: number | null },
): Promise<{ token: TokenView; secret: string }> {
  requirePermission(actor, 'account.manage');
  const userId = ownId(actor);
  const name = (input.name ?? '').trim();
  const issues: Issue[] = [];
  if (!name) issues.push(issue('name', 'required'));
  else if (name.length > 100) issues.push(issue('name', 'tooLong'));
  const days = input.expiresInDays ?? null;
  if (days !== null && (!Number.isInteger(days) || days < 1 || days > MAX_TOKEN_DAYS))
    issues.push(issue('expiresInDays', 'expiry'));
  if (issues.length) throw invalid(issues);
  const secret = newApiToken(actor.tenantId);
  return inScope(ctx, actor.tenantId, actor, async (tx) => {
    const id = newId();
    const expiresAt = days === null ? null : new Date(tx.now.getTime() + days * 24 * 3600 * 1000);
    await tx.trx
      .insertInto('api_token')
      .values({
        id,
        tenant_id: actor.tenantId,
        user_id: userId,
        name,
        token_hash: secret.hash,
        prefix: secret.prefix,
        created_at: tx.now,
        expires_at: expiresAt,
      })
      .execute();
    await appendAudit(tx, {
      eventType: 'Uprava',
      objectType: OSOBA,
      objectId: userId,
      params: { action: 'apiToken.create', tokenId: id, name, expiresAt: expiresAt?.toISOString() ?? null },
    });
    return {
      token: {
        id,
        name,
        prefix: secret.prefix,
        createdAt: tx.now,
        lastUsedAt: null,
        expiresAt,
        revokedAt: null,
      },
      secret: secret.token,
    };
  });
}

/** The actor's own tokens, newest first (revoked ones too, marked). */
export async function listTokens(ctx: AppContext, actor: Actor): Promise<TokenView[]> {
  requirePermission(actor, 'account.manage');
  const userId = ownId(actor);
  const rows = await inScope(ctx, actor.tenantId, actor, (tx) =>
    tx.trx
      .selectFrom('api_token')
      .selectAll()
      .where('user_id', '=', userId)
      .orderBy('created_at', 'desc')
      .execute(),
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
    expiresAt: r.expires_at,
    revokedAt: r.revoked_at,
  }));
}

/** Revokes one of the actor's own tokens; someone else's token is "not found". */
export async function revokeToken(ctx: AppContext, actor: Actor, tokenId: string): Promise<void> {
  requirePermission(actor, 'account.manage');
  const userId = ownId(actor);
  if (!isUuid(tokenId)) throw notFound('The token');
  await inScope(ctx, actor.tenantId, actor, async (tx) => {
    const row = await tx.trx
      .selectFrom('api_token')
      .select(['id', 'revoked_at', 'name'])
      .where('id', '=', tokenId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (!row) throw notFound('The token');
    if (row.revoked_at) return;
    await tx.trx.updateTable('api_token').set({ revoked_at: tx.now }).where('id', '=', tokenId).execute();
    await appendAudit(tx, {
      eventType: 'Uprava',
      objectType: OSOBA,
      objectId: userId,
      params: { action: 'apiToken.revoke', tokenId, name: row.name },
    });
  });
}

// --- user administration ------------------------------------------------------------------------

export interface NewUserInput {
  username: string;
  displayName: string;
  email?: string | null;
  /** The initial password; it must pass the password policy. */
  password: string;
  /** Tenant roles; operator accounts always hold exactly `operator`. */
  roles?: readonly string[];
  orgUnitId?: string | null;
  locale?: string | null;
  active?: boolean;
}

export interface UserPatch {
  displayName?: string;
  email?: string | null;
  roles?: readonly string[];
  orgUnitId?: string | null;
  locale?: string | null;
  active?: boolean;
}

async function checkOrgUnit(tx: TenantTx, orgUnitId: string | null | undefined): Promise<void> {
  if (!orgUnitId) return;
  const unit = await tx.trx
    .selectFrom('org_unit')
    .select('id')
    .where('id', '=', orgUnitId)
    .executeTakeFirst();
  if (!unit) throw invalid([issue('orgUnitId', 'orgUnit')]);
}

function checkScope(tenantId: string | null): void {
  if (tenantId !== null && !isUuid(tenantId)) throw notFound('The tenant');
}

/** A new account checked against every rule and with its password hashed: ready to insert. */
export interface PreparedUser {
  tenantId: string | null;
  username: string;
  displayName: string;
  email: string | null;
  roles: string[];
  orgUnitId: string | null;
  locale: Locale | null;
  active: boolean;
  passwordHash: string;
}

/**
 * Checks a new account for scope `tenantId` (null: an operator account) and hashes its password,
 * outside any transaction. Throws `invalid` (422) with coded field errors. Pair with insertUser()
 * when the account must be created inside another use case's transaction (a new tenant's admin).
 */
export async function prepareUser(
  ctx: AppContext,
  tenantId: string | null,
  input: NewUserInput,
): Promise<PreparedUser> {
  const u = checkUsername(input.username ?? '');
  const fields = cleanUserFields(
    {
      displayName: input.displayName ?? '',
      email: input.email ?? null,
      roles: input.roles ?? (tenantId === null ? ['operator'] : []),
      orgUnitId: input.orgUnitId ?? null,
      locale: input.locale ?? null,
    },
    tenantId,
  );
  const issues = [
    ...u.issues,
    ...fields.issues,
    ...checkPassword(input.password ?? '', { username: u.username }),
  ];
  if (issues.length) throw invalid(issues);
  return {
    tenantId,
    username: u.username,
    displayName: fields.value.displayName!,
    email: fields.value.email ?? null,
    roles: tenantId === null ? ['operator'] : (fields.value.roles ?? []),
    orgUnitId: fields.value.orgUnitId ?? null,
    locale: fields.value.locale ?? null,
    active: input.active ?? true,
    passwordHash: await hashPassword(input.password, hashParamsFor(ctx)),
  };
}

/**
 * Inserts a prepared account in the caller's transaction (whose scope must be the account's)
 * with its audit entry. The caller has checked the actor's permission.
 */
export async function insertUser(tx: TenantTx, user: PreparedUser): Promise<UserView> {
  const txScope = tx.tenantId === OPERATOR_SCOPE ? null : tx.tenantId;
  if (txScope !== user.tenantId) throw new Error('insertUser: the transaction is not in the account’s scope');
  await checkOrgUnit(tx, user.orgUnitId);
  const taken = await tx.trx
    .selectFrom('app_user')
    .select('id')
    .where('username', '=', user.username)
    .executeTakeFirst();
  if (taken)
    throw new AppError('conflict', 'This user name is already taken.', [issue('username', 'usernameTaken')]);
  const row = await tx.trx
    .insertInto('app_user')
    .values({
      id: newId(),
      tenant_id: user.tenantId,
      username: user.username,
      display_name: user.displayName,
      email: user.email,
      password_hash: user.passwordHash,
      roles: user.roles,
      org_unit_id: user.orgUnitId,
      locale: user.locale,
      active: user.active,
      password_changed_at: tx.now,
      created_at: tx.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await appendAudit(tx, {
    eventType: 'Zalozeni',
    objectType: OSOBA,
    objectId: row.id,
    params: { username: row.username, displayName: row.display_name, roles: row.roles, active: row.active },
  });
  return toUserView(row);
}

/**
 * Creates an account in a tenant (`tenantId`) or, with `null`, an operator account. Used by the
 * tenant's admin, by the operator in an existing tenant, and by the demo seed (SYSTEM_ACTOR).
 */
export async function createUser(
  ctx: AppContext,
  actor: Actor,
  tenantId: string | null,
  input: NewUserInput,
): Promise<UserView> {
  checkScope(tenantId);
  requirePermission(actor, 'user.manage', { tenantId });
  const prepared = await prepareUser(ctx, tenantId, input);
  return inScope(ctx, tenantId, actor, (tx) => insertUser(tx, prepared));
}

/** Accounts of one scope (a tenant, or null: the operator's), ordered by user name. */
export async function listUsers(ctx: AppContext, actor: Actor, tenantId: string | null): Promise<UserView[]> {
  checkScope(tenantId);
  requirePermission(actor, 'user.read', { tenantId });
  const rows = await inScope(ctx, tenantId, actor, (tx) =>
    tx.trx.selectFrom('app_user').selectAll().orderBy('username').execute(),
  );
  return rows.map(toUserView);
}

/** Names and roles of the tenant's active staff, for pickers (any member of the tenant may read it). */
export async function listStaff(
  ctx: AppContext,
  actor: Actor,
  tenantId: string,
  filter: { role?: string } = {},
): Promise<{ id: string; displayName: string; roles: string[]; orgUnitId: string | null }[]> {
  checkScope(tenantId);
  requirePermission(actor, 'user.directory', { tenantId });
  const rows = await inScope(ctx, tenantId, actor, (tx) => {
    let q = tx.trx
      .selectFrom('app_user')
      .select(['id', 'display_name', 'roles', 'org_unit_id'])
      .where('active', '=', true)
      .orderBy('display_name');
    if (filter.role) q = q.where(sql<boolean>`${filter.role} = ANY(roles)`);
    return q.execute();
  });
  return rows.map((r) => ({
    id: r.id,
    displayName: r.display_name,
    roles: [...r.roles],
    orgUnitId: r.org_unit_id,
  }));
}

async function loadUser(tx: TenantTx, userId: string): Promise<AppUser> {
  const row = isUuid(userId)
    ? await tx.trx.selectFrom('app_user').selectAll().where('id', '=', userId).executeTakeFirst()
    : undefined;
  if (!row) throw notFound('The user');
  return row;
}

export async function getUser(
  ctx: AppContext,
  actor: Actor,
  tenantId: string | null,
  userId: string,
): Promise<UserView> {
  checkScope(tenantId);
  requirePermission(actor, 'user.read', { tenantId });
  return toUserView(await inScope(ctx, tenantId, actor, (tx) => loadUser(tx, userId)));
}

const ADMIN_ROLES = ['tenant_admin', 'operator'];

/**
 * Changes an account's name, e-mail, roles, org unit, language or state, and with `password`
 * sets a new password (an administrator's reset). Deactivating or a new password ends the
 * account's sessions at once. Everything is checked before anything changes. Admins cannot
 * lock themselves out (deactivate themselves or drop their own admin role): someone else has to.
 */
export async function updateUser(
  ctx: AppContext,
  actor: Actor,
  tenantId: string | null,
  userId: string,
  patch: UserPatch & { password?: string },
): Promise<UserView> {
  checkScope(tenantId);
  requirePermission(actor, 'user.manage', { tenantId });
  const { value, issues } = cleanUserFields(patch, tenantId);
  let hash: string | null = null;
  if (patch.password !== undefined) {
    const current = await inScope(ctx, tenantId, actor, (tx) => loadUser(tx, userId));
    issues.push(...checkPassword(patch.password, { username: current.username }));
    if (issues.length) throw invalid(issues);
    hash = await hashPassword(patch.password, hashParamsFor(ctx));
  }
  if (issues.length) throw invalid(issues);
  return inScope(ctx, tenantId, actor, async (tx) => {
    const before = await loadUser(tx, userId);
    if (userId === actor.userId) {
      const dropsAdmin =
        value.roles &&
        before.roles.some((r) => ADMIN_ROLES.includes(r) && !value.roles!.includes(r as never));
      if (patch.active === false || dropsAdmin) {
        const field = patch.active === false ? 'active' : 'roles';
        throw new AppError('conflict', 'You cannot lock yourself out.', [issue(field, 'selfLockout')]);
      }
    }
    await checkOrgUnit(tx, value.orgUnitId);
    const set: Partial<Record<string, unknown>> = {};
    const changes: Record<string, unknown> = {};
    const note = (column: string, key: string, next: unknown, prev: unknown) => {
      if (next === undefined || JSON.stringify(next) === JSON.stringify(prev)) return;
      set[column] = next;
      changes[key] = next;
    };
    note('display_name', 'displayName', value.displayName, before.display_name);
    note('email', 'email', value.email, before.email);
    note('roles', 'roles', tenantId === null ? undefined : value.roles, before.roles);
    note('org_unit_id', 'orgUnitId', value.orgUnitId, before.org_unit_id);
    note('locale', 'locale', value.locale, before.locale);
    note('active', 'active', patch.active, before.active);
    if (hash) {
      set.password_hash = hash;
      set.password_changed_at = tx.now;
    }
    if (Object.keys(set).length === 0) return toUserView(before);
    const row = await tx.trx
      .updateTable('app_user')
      .set(set)
      .where('id', '=', userId)
      .returningAll()
      .executeTakeFirstOrThrow();
    let sessionsEnded = 0;
    if (changes.active === false || hash) {
      sessionsEnded = Number(
        (await tx.trx.deleteFrom('session').where('user_id', '=', userId).executeTakeFirst()).numDeletedRows,
      );
    }
    await appendAudit(tx, {
      eventType: 'Uprava',
      objectType: OSOBA,
      objectId: userId,
      params: {
        ...(Object.keys(changes).length ? { changes } : {}),
        ...(hash ? { action: 'password.reset' } : {}),
        ...(sessionsEnded ? { sessionsEnded } : {}),
      },
    });
    return toUserView(row);
  });
}

/** An administrator sets a new password for an account; all its sessions end. */
export async function resetPassword(
  ctx: AppContext,
  actor: Actor,
  tenantId: string | null,
  userId: string,
  newPassword: string,
): Promise<void> {
  await updateUser(ctx, actor, tenantId, userId, { password: newPassword ?? '' });
}

/** Org units of the tenant for the user forms (id, code, name), active ones first by name. */
export async function orgUnitChoices(
  ctx: AppContext,
  actor: Actor,
  tenantId: string | null,
): Promise<{ id: string; code: string; name: string }[]> {
  if (tenantId === null) return [];
  requirePermission(actor, 'user.read', { tenantId });
  return inScope(ctx, tenantId, actor, (tx) =>
    tx.trx
      .selectFrom('org_unit')
      .select(['id', 'code', 'name'])
      .where('active', '=', true)
      .orderBy('name')
      .execute(),
  );
}
