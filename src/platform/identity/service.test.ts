import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test-support/context.js';
import { readAudit } from '../audit/chain.js';
import type { AuditEventRow } from '../audit/types.js';
import { OPERATOR_SCOPE, SYSTEM_ACTOR, withOperator, withTenant } from '../db/tenant.js';
import { AppError } from '../errors.js';
import { hashPassword, useTestHashing } from './password.js';
import {
  authenticate,
  changePassword,
  createToken,
  createUser,
  getUser,
  listStaff,
  listTokens,
  listUsers,
  revokeToken,
  SIGN_IN_FAILED,
  signOutEverywhere,
  updateUser,
} from './service.js';
import { IDLE_TIMEOUT_MS, resolveSession } from './session.js';
import { actorFor, addTenant, addUser, GOOD_PASSWORD } from './testing.js';
import type { UserView } from './types.js';

let ctx: TestContext;
let A: string;
let B: string;
let adminA: UserView;
let adminB: UserView;
let clerkA: UserView;

const MIN = 60_000;

beforeAll(async () => {
  ctx = await createTestContext({ now: new Date('2026-03-02T08:00:00Z') });
  useTestHashing(ctx);
  A = await addTenant(ctx, 'alfa');
  B = await addTenant(ctx, 'beta');
  adminA = await addUser(ctx, A, 'admin', ['tenant_admin']);
  adminB = await addUser(ctx, B, 'admin', ['tenant_admin']);
  clerkA = await addUser(ctx, A, 'clerk', ['registry_clerk']);
});
afterAll(async () => ctx.close());

async function chain(tenantId: string | null): Promise<AuditEventRow[]> {
  return tenantId
    ? withTenant(ctx.db, tenantId, SYSTEM_ACTOR, (tx) => readAudit(tx, {}))
    : withOperator(ctx.db, SYSTEM_ACTOR, (tx) => readAudit(tx, {}));
}

async function rejects(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
}

describe('createUser', () => {
  it('creates an account with an audit entry (Zalozeni / Osoba) in the tenant chain', async () => {
    const u = await createUser(ctx, actorFor(adminA), A, {
      username: '  Jana.Nova ',
      displayName: 'Jana Nová',
      email: 'jana@alfa.cz',
      password: GOOD_PASSWORD,
      roles: ['handler', 'head'],
    });
    expect(u).toMatchObject({
      username: 'jana.nova',
      displayName: 'Jana Nová',
      roles: ['handler', 'head'],
      tenantId: A,
    });
    const entry = (await chain(A)).find((e) => e.objectId === u.id);
    expect(entry).toMatchObject({ eventType: 'Zalozeni', objectType: 'Osoba', actorId: adminA.id });
    expect(JSON.stringify(entry?.params)).not.toMatch(/scrypt|Modrý/);
  });

  it.each([
    [{ username: 'x' }, 'username', 'usernameFormat'],
    [{ username: 'jan novák' }, 'username', 'usernameFormat'],
    [{ username: '' }, 'username', 'required'],
    [{ displayName: '   ' }, 'displayName', 'required'],
    [{ email: 'not-an-email' }, 'email', 'email'],
    [{ password: 'short' }, 'password', 'tooShort'],
    [{ password: 'password123456' }, 'password', 'common'],
    [{ username: 'karel', password: 'karel-the-great-1' }, 'password', 'containsUsername'],
    [{ roles: ['operator'] }, 'roles', 'operatorRole'],
    [{ roles: ['mayor'] }, 'roles', 'unknownRole'],
    [{ orgUnitId: '0190a0a0-0000-7000-8000-000000000099' }, 'orgUnitId', 'orgUnit'],
    [{ locale: 'de' }, 'locale', 'locale'],
  ])('refuses %j: %s → %s (422, nothing created)', async (change, field, code) => {
    const before = (await listUsers(ctx, actorFor(adminA), A)).length;
    const e = await rejects(
      createUser(ctx, actorFor(adminA), A, {
        username: 'newbie',
        displayName: 'Newbie',
        password: GOOD_PASSWORD,
        ...change,
      }),
    );
    expect(e.status).toBe(422);
    expect(e.fields).toContainEqual(expect.objectContaining({ field, code }));
    expect((await listUsers(ctx, actorFor(adminA), A)).length).toBe(before);
  });

  it('refuses a taken user name with 409 and a field error; the same name in another tenant is fine', async () => {
    const e = await rejects(
      createUser(ctx, actorFor(adminA), A, { username: 'clerk', displayName: 'C', password: GOOD_PASSWORD }),
    );
    expect(e.status).toBe(409);
    expect(e.fields).toContainEqual(expect.objectContaining({ field: 'username', code: 'usernameTaken' }));
    await expect(addUser(ctx, B, 'clerk', ['handler'])).resolves.toMatchObject({ tenantId: B });
  });

  it.each([
    ['a clerk in its own tenant', () => actorFor(clerkA), () => A],
    ['an admin of A in tenant B', () => actorFor(adminA), () => B],
    ['an admin of A for the operator', () => actorFor(adminA), () => null],
  ])('forbids %s (403)', async (_label, actor, scope) => {
    const e = await rejects(
      createUser(ctx, actor(), scope(), { username: 'intruder', displayName: 'I', password: GOOD_PASSWORD }),
    );
    expect(e.status).toBe(403);
  });

  it('operator accounts hold exactly the operator role', async () => {
    const op = await createUser(ctx, SYSTEM_ACTOR, null, {
      username: 'root',
      displayName: 'Operátor',
      password: GOOD_PASSWORD,
    });
    expect(op).toMatchObject({ tenantId: null, roles: ['operator'] });
    const e = await rejects(
      createUser(ctx, SYSTEM_ACTOR, null, {
        username: 'op2',
        displayName: 'O',
        password: GOOD_PASSWORD,
        roles: ['handler'],
      }),
    );
    expect(e.fields).toContainEqual(expect.objectContaining({ code: 'operatorRole' }));
    // The operator may create a tenant's (first) admin; it is audited in that tenant's chain.
    const first = await createUser(ctx, actorFor(op), B, {
      username: 'second.admin',
      displayName: 'Druhý správce',
      password: GOOD_PASSWORD,
      roles: ['tenant_admin'],
    });
    expect((await chain(B)).find((e) => e.objectId === first.id)).toMatchObject({
      actorId: op.id,
      eventType: 'Zalozeni',
    });
  });
});

describe('reading and changing users', () => {
  it('a tenant admin gets 404 for a user of another tenant, by id', async () => {
    const e = await rejects(getUser(ctx, actorFor(adminA), A, adminB.id));
    expect(e.status).toBe(404);
    const e2 = await rejects(updateUser(ctx, actorFor(adminA), A, adminB.id, { displayName: 'Hacked' }));
    expect(e2.status).toBe(404);
    expect((await getUser(ctx, actorFor(adminB), B, adminB.id)).displayName).toBe(adminB.displayName);
  });

  it('lists only the own tenant', async () => {
    const names = (await listUsers(ctx, actorFor(adminA), A)).map((u) => u.tenantId);
    expect(new Set(names)).toEqual(new Set([A]));
  });

  it('a handler may not list users but may read the staff directory', async () => {
    expect((await rejects(listUsers(ctx, actorFor(clerkA), A))).status).toBe(403);
    const staff = await listStaff(ctx, actorFor(clerkA), A, { role: 'tenant_admin' });
    expect(staff.map((s) => s.id)).toEqual([adminA.id]);
    expect((await rejects(listStaff(ctx, actorFor(clerkA), B))).status).toBe(403);
  });

  it('changes roles with an Uprava entry listing the changes', async () => {
    const u = await addUser(ctx, A, 'roles.test', ['handler']);
    const v = await updateUser(ctx, actorFor(adminA), A, u.id, {
      roles: ['handler', 'publisher'],
      email: 'r@alfa.cz',
    });
    expect(v.roles).toEqual(['handler', 'publisher']);
    const last = (await chain(A)).at(-1)!;
    expect(last).toMatchObject({ eventType: 'Uprava', objectType: 'Osoba', objectId: u.id });
    expect(last.params).toEqual({ changes: { roles: ['handler', 'publisher'], email: 'r@alfa.cz' } });
  });

  it('deactivating ends the account’s sessions at once', async () => {
    const u = await addUser(ctx, A, 'leaver', ['handler']);
    const s = await authenticate(ctx, { tenant: 'alfa', username: 'leaver', password: GOOD_PASSWORD });
    expect(await resolveSession(ctx, s.session.cookieValue)).not.toBeNull();
    await updateUser(ctx, actorFor(adminA), A, u.id, { active: false });
    expect(await resolveSession(ctx, s.session.cookieValue)).toBeNull();
    const e = await rejects(
      authenticate(ctx, { tenant: 'alfa', username: 'leaver', password: GOOD_PASSWORD }),
    );
    expect(e).toMatchObject({ code: 'unauthorized', message: SIGN_IN_FAILED });
  });

  it.each([
    [{ active: false }, 'active'],
    [{ roles: ['handler'] }, 'roles'],
  ])('an admin cannot lock themselves out: %j', async (patch, field) => {
    const e = await rejects(updateUser(ctx, actorFor(adminA), A, adminA.id, patch));
    expect(e.status).toBe(409);
    expect(e.fields).toContainEqual(expect.objectContaining({ field, code: 'selfLockout' }));
    expect((await getUser(ctx, actorFor(adminA), A, adminA.id)).active).toBe(true);
  });

  it('a password reset checks the policy first, then ends all sessions', async () => {
    const u = await addUser(ctx, A, 'forgetful', ['handler']);
    const s = await authenticate(ctx, { tenant: 'alfa', username: 'forgetful', password: GOOD_PASSWORD });
    const weak = await rejects(
      updateUser(ctx, actorFor(adminA), A, u.id, { password: 'forgetful123', displayName: 'X' }),
    );
    expect(weak.status).toBe(422);
    expect((await getUser(ctx, actorFor(adminA), A, u.id)).displayName).toBe('User forgetful');
    await updateUser(ctx, actorFor(adminA), A, u.id, { password: 'Nové heslo pro tebe 7' });
    expect(await resolveSession(ctx, s.session.cookieValue)).toBeNull();
    await expect(
      authenticate(ctx, { tenant: 'alfa', username: 'forgetful', password: 'Nové heslo pro tebe 7' }),
    ).resolves.toBeTruthy();
  });
});

describe('authenticate', () => {
  it('opens a session and audits the sign-in (Prihlaseni) in the tenant chain', async () => {
    const r = await authenticate(ctx, {
      tenant: 'alfa',
      username: 'Clerk',
      password: GOOD_PASSWORD,
      ip: '192.0.2.7',
    });
    expect(r.user.id).toBe(clerkA.id);
    expect(r.session.cookieValue).toMatch(new RegExp(`^${A}\\.[A-Za-z0-9_-]{43}$`));
    const last = (await chain(A)).at(-1)!;
    expect(last).toMatchObject({
      eventType: 'Prihlaseni',
      objectType: 'Osoba',
      objectId: clerkA.id,
      actorId: clerkA.id,
    });
    expect(last.params).toMatchObject({ ip: '192.0.2.7' });
  });

  it('stores only the SHA-256 of the session secret', async () => {
    const r = await authenticate(ctx, { tenant: 'alfa', username: 'clerk', password: GOOD_PASSWORD });
    const secret = r.session.cookieValue.split('.')[1]!;
    const rows = await ctx.asSuperuser((db) => db.selectFrom('session').select('token_hash').execute());
    expect(rows.some((x) => x.token_hash === secret)).toBe(false);
    expect(rows.some((x) => x.token_hash.length === 64)).toBe(true);
  });

  it.each([
    ['a wrong password', 'clerk', 'Wrong password 123'],
    ['an unknown user', 'nobody.here', GOOD_PASSWORD],
  ])(
    '%s gets the one generic message and a failed-sign-in audit entry',
    async (_label, username, password) => {
      const e = await rejects(authenticate(ctx, { tenant: 'alfa', username, password }));
      expect(e).toMatchObject({ code: 'unauthorized', status: 401, message: SIGN_IN_FAILED });
      const last = (await chain(A)).at(-1)!;
      expect(last).toMatchObject({
        eventType: 'NeuspesnePrihlaseni',
        objectType: 'Osoba',
        actorId: null,
        actorLabel: username,
      });
    },
  );

  it('an unknown tenant is a 422 on the tenant field', async () => {
    const e = await rejects(
      authenticate(ctx, { tenant: 'gamma', username: 'clerk', password: GOOD_PASSWORD }),
    );
    expect(e.status).toBe(422);
    expect(e.fields).toContainEqual(expect.objectContaining({ field: 'tenant', code: 'unknownTenant' }));
  });

  it('locks a name after 5 failures in 15 minutes, for 15 minutes, then lets it in again', async () => {
    await addUser(ctx, A, 'target', ['handler']);
    for (let i = 1; i <= 5; i++) {
      const e = await rejects(
        authenticate(ctx, { tenant: 'alfa', username: 'target', password: `Wrong guess no ${i}` }),
      );
      expect(e.code).toBe('unauthorized');
      ctx.clock.advance(MIN);
    }
    // 6th attempt, even with the right password: locked.
    const locked = await rejects(
      authenticate(ctx, { tenant: 'alfa', username: 'target', password: GOOD_PASSWORD }),
    );
    expect(locked.status).toBe(429);
    // The 5th failure (minute 4) locked it until minute 19; it is minute 5 now.
    expect(locked.extra.retryAfterSeconds).toBe(14 * 60);
    expect((await chain(A)).at(-1)).toMatchObject({
      eventType: 'NeuspesnePrihlaseni',
      params: expect.objectContaining({ reason: 'locked' }),
    });
    // The lock is per name: another account of the tenant is unaffected.
    await expect(
      authenticate(ctx, { tenant: 'alfa', username: 'clerk', password: GOOD_PASSWORD }),
    ).resolves.toBeTruthy();
    ctx.clock.advance(13 * MIN);
    expect(
      (await rejects(authenticate(ctx, { tenant: 'alfa', username: 'target', password: GOOD_PASSWORD })))
        .status,
    ).toBe(429);
    ctx.clock.advance(MIN);
    const ok = await authenticate(ctx, { tenant: 'alfa', username: 'target', password: GOOD_PASSWORD });
    expect(ok.user.username).toBe('target');
    // Success reset the counter: four more failures do not lock.
    for (let i = 0; i < 4; i++)
      await rejects(authenticate(ctx, { tenant: 'alfa', username: 'target', password: 'Wrong again 12' }));
    await expect(
      authenticate(ctx, { tenant: 'alfa', username: 'target', password: GOOD_PASSWORD }),
    ).resolves.toBeTruthy();
  });

  it('parallel guesses cannot slip past the limit: exactly 5 are checked, the rest are locked', async () => {
    await addUser(ctx, A, 'parallel', ['handler']);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        rejects(authenticate(ctx, { tenant: 'alfa', username: 'parallel', password: `Parallel guess ${i}` })),
      ),
    );
    expect(results.filter((e) => e.code === 'unauthorized')).toHaveLength(5);
    expect(results.filter((e) => e.code === 'too-many-requests')).toHaveLength(5);
    ctx.clock.advance(15 * MIN);
  });

  it('locks unknown names just the same (no enumeration through the lock)', async () => {
    for (let i = 0; i < 5; i++)
      await rejects(authenticate(ctx, { tenant: 'alfa', username: 'ghost', password: 'Whatever it is 1' }));
    expect(
      (await rejects(authenticate(ctx, { tenant: 'alfa', username: 'ghost', password: 'Whatever it is 1' })))
        .status,
    ).toBe(429);
  });

  it('operator accounts sign in without a tenant; the entry lands in the operator’s own chain', async () => {
    const op = await createUser(ctx, SYSTEM_ACTOR, null, {
      username: 'ops',
      displayName: 'Ops',
      password: GOOD_PASSWORD,
    });
    const r = await authenticate(ctx, { tenant: '', username: 'ops', password: GOOD_PASSWORD });
    expect(r.actor).toMatchObject({ kind: 'operator', tenantId: null, roles: ['operator'] });
    expect(r.session.cookieValue.startsWith('op.')).toBe(true);
    const last = (await chain(null)).at(-1)!;
    expect(last).toMatchObject({ tenantId: OPERATOR_SCOPE, eventType: 'Prihlaseni', objectId: op.id });
    // An operator name is not a tenant name.
    expect(
      (await rejects(authenticate(ctx, { tenant: 'alfa', username: 'ops', password: GOOD_PASSWORD }))).code,
    ).toBe('unauthorized');
  });

  it('re-hashes a password stored with weaker parameters on sign-in', async () => {
    const u = await addUser(ctx, A, 'oldhash', ['handler']);
    const weak = await hashPassword(GOOD_PASSWORD, { ln: 10, r: 4, p: 1 });
    await withTenant(ctx.db, A, SYSTEM_ACTOR, (tx) =>
      tx.trx.updateTable('app_user').set({ password_hash: weak }).where('id', '=', u.id).execute(),
    );
    await authenticate(ctx, { tenant: 'alfa', username: 'oldhash', password: GOOD_PASSWORD });
    const row = await withTenant(ctx.db, A, SYSTEM_ACTOR, (tx) =>
      tx.trx.selectFrom('app_user').select('password_hash').where('id', '=', u.id).executeTakeFirstOrThrow(),
    );
    expect(row.password_hash).toMatch(/^\$scrypt\$ln=10,r=8,p=1\$/);
  });
});

describe('sessions', () => {
  it('end after 2 hours idle; activity keeps them alive until the absolute limit', async () => {
    const idle = await authenticate(ctx, { tenant: 'alfa', username: 'clerk', password: GOOD_PASSWORD });
    const busy = await authenticate(ctx, { tenant: 'alfa', username: 'clerk', password: GOOD_PASSWORD });
    ctx.clock.advance(IDLE_TIMEOUT_MS - MIN);
    expect(await resolveSession(ctx, busy.session.cookieValue)).not.toBeNull();
    ctx.clock.advance(2 * MIN);
    expect(await resolveSession(ctx, idle.session.cookieValue)).toBeNull();
    // busy was seen 1 min ago; keep using it every hour until the absolute limit (8 h default).
    for (let h = 0; h < 5; h++) {
      ctx.clock.advance(60 * MIN);
      expect(await resolveSession(ctx, busy.session.cookieValue)).not.toBeNull();
    }
    ctx.clock.advance(60 * MIN);
    expect(await resolveSession(ctx, busy.session.cookieValue)).toBeNull();
  });

  it('last_seen_at is written at most once a minute', async () => {
    const s = await authenticate(ctx, { tenant: 'alfa', username: 'clerk', password: GOOD_PASSWORD });
    const seen = () =>
      withTenant(ctx.db, A, SYSTEM_ACTOR, (tx) =>
        tx.trx
          .selectFrom('session')
          .select('last_seen_at')
          .where('id', '=', s.session.id)
          .executeTakeFirstOrThrow(),
      );
    const t0 = (await seen()).last_seen_at.getTime();
    ctx.clock.advance(30_000);
    await resolveSession(ctx, s.session.cookieValue);
    expect((await seen()).last_seen_at.getTime()).toBe(t0);
    ctx.clock.advance(31_000);
    await resolveSession(ctx, s.session.cookieValue);
    expect((await seen()).last_seen_at.getTime()).toBe(t0 + 61_000);
  });

  it.each([
    ['garbage'],
    [''],
    ['op.'],
    [`${'0'.repeat(8)}-0000-0000-0000-000000000000.${'a'.repeat(43)}`],
    [`not-a-uuid.${'a'.repeat(43)}`],
  ])('an unknown or malformed cookie %j is no session', async (cookie) => {
    expect(await resolveSession(ctx, cookie)).toBeNull();
  });

  it('a cookie naming another tenant finds nothing (the lookup runs under that tenant’s RLS)', async () => {
    const s = await authenticate(ctx, { tenant: 'alfa', username: 'clerk', password: GOOD_PASSWORD });
    const forged = `${B}.${s.session.cookieValue.split('.')[1]}`;
    expect(await resolveSession(ctx, forged)).toBeNull();
    expect(await resolveSession(ctx, s.session.cookieValue)).not.toBeNull();
  });
});

describe('purge job', () => {
  it('deletes expired sessions and spent throttle rows, keeps live ones', async () => {
    const { purgeExpired } = await import('./module.js');
    const old = await authenticate(ctx, { tenant: 'alfa', username: 'clerk', password: GOOD_PASSWORD });
    await rejects(authenticate(ctx, { tenant: 'beta', username: 'someone', password: 'Wrong password 1' }));
    ctx.clock.advance(3 * 60 * MIN);
    const fresh = await authenticate(ctx, { tenant: 'alfa', username: 'clerk', password: GOOD_PASSWORD });
    const count = (table: 'session' | 'login_throttle') =>
      ctx.asSuperuser((db) =>
        db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow(),
      );
    await purgeExpired(ctx);
    const sessions = await ctx.asSuperuser((db) => db.selectFrom('session').select('id').execute());
    expect(sessions.map((r) => r.id)).toContain(fresh.session.id);
    expect(sessions.map((r) => r.id)).not.toContain(old.session.id);
    expect(Number((await count('login_throttle')).n)).toBe(0);
  });
});

describe('own account', () => {
  it('changing the password needs the current one and ends every other session', async () => {
    const u = await addUser(ctx, A, 'changer', ['handler']);
    const here = await authenticate(ctx, { tenant: 'alfa', username: 'changer', password: GOOD_PASSWORD });
    const there = await authenticate(ctx, { tenant: 'alfa', username: 'changer', password: GOOD_PASSWORD });
    const wrong = await rejects(
      changePassword(ctx, actorFor(u), {
        currentPassword: 'not it at all 1',
        newPassword: 'Úplně nové heslo 9',
      }),
    );
    expect(wrong.fields).toContainEqual(
      expect.objectContaining({ field: 'currentPassword', code: 'wrongPassword' }),
    );
    const weak = await rejects(
      changePassword(ctx, actorFor(u), { currentPassword: GOOD_PASSWORD, newPassword: 'abc' }),
    );
    expect(weak.fields).toContainEqual(expect.objectContaining({ field: 'newPassword', code: 'tooShort' }));
    const r = await changePassword(
      ctx,
      actorFor(u),
      { currentPassword: GOOD_PASSWORD, newPassword: 'Úplně nové heslo 9' },
      here.session.id,
    );
    expect(r.sessionsEnded).toBe(1);
    expect(await resolveSession(ctx, here.session.cookieValue)).not.toBeNull();
    expect(await resolveSession(ctx, there.session.cookieValue)).toBeNull();
    expect((await chain(A)).at(-1)).toMatchObject({
      eventType: 'Uprava',
      params: { action: 'password.change', sessionsEnded: 1 },
    });
  });

  it('sign out everywhere ends all sessions of the account only', async () => {
    const u = await addUser(ctx, A, 'everywhere', ['handler']);
    const s1 = await authenticate(ctx, { tenant: 'alfa', username: 'everywhere', password: GOOD_PASSWORD });
    const s2 = await authenticate(ctx, { tenant: 'alfa', username: 'everywhere', password: GOOD_PASSWORD });
    const other = await authenticate(ctx, { tenant: 'alfa', username: 'clerk', password: GOOD_PASSWORD });
    expect(await signOutEverywhere(ctx, actorFor(u))).toBe(2);
    expect(await resolveSession(ctx, s1.session.cookieValue)).toBeNull();
    expect(await resolveSession(ctx, s2.session.cookieValue)).toBeNull();
    expect(await resolveSession(ctx, other.session.cookieValue)).not.toBeNull();
    expect((await chain(A)).at(-1)).toMatchObject({ eventType: 'Odhlaseni', objectId: u.id });
  });

  it('API tokens: created with the secret once, listed without it, revoked by their owner only', async () => {
    const u = await addUser(ctx, A, 'robot.owner', ['handler']);
    const { token, secret } = await createToken(ctx, actorFor(u), { name: 'ERP', expiresInDays: 30 });
    expect(secret).toMatch(new RegExp(`^sp_${A}_[A-Za-z0-9_-]{43}$`));
    expect(token.expiresAt!.getTime() - ctx.clock.now().getTime()).toBe(30 * 24 * 3600 * 1000);
    const listed = await listTokens(ctx, actorFor(u));
    expect(listed).toHaveLength(1);
    expect(JSON.stringify(listed)).not.toContain(secret.slice(-43));
    expect((await rejects(revokeToken(ctx, actorFor(clerkA), token.id))).status).toBe(404);
    await revokeToken(ctx, actorFor(u), token.id);
    expect((await listTokens(ctx, actorFor(u)))[0]!.revokedAt).not.toBeNull();
    const e = await rejects(createToken(ctx, actorFor(u), { name: ' ', expiresInDays: 0 }));
    expect(e.fields.map((f) => f.field).sort()).toEqual(['expiresInDays', 'name']);
  });
});

describe('no user enumeration by timing', () => {
  it('an unknown name costs a full password check, like a wrong password', async () => {
    // Realistic cost for this test only, so the hash dominates the database work.
    useTestHashing(ctx, { ln: 15, r: 8, p: 1 });
    try {
      await addUser(ctx, A, 'timed', ['handler']);
      const time = async (username: string) => {
        const t0 = performance.now();
        await rejects(authenticate(ctx, { tenant: 'alfa', username, password: 'Not the right one 1' }));
        return performance.now() - t0;
      };
      await time('warm.up'); // builds the dummy hash once
      // The fastest of three: the hash's own cost, not whatever else the machine was doing.
      const hashOnce = async () => {
        const t0 = performance.now();
        await hashPassword('x', { ln: 15, r: 8, p: 1 });
        return performance.now() - t0;
      };
      const hashMs = Math.min(await hashOnce(), await hashOnce(), await hashOnce());
      const median = (xs: number[]) => xs.sort((a, b) => a - b)[1]!;
      const known = median([await time('timed'), await time('timed'), await time('timed')]);
      ctx.clock.advance(20 * MIN); // clear the lock the failures above built up
      const unknown = median([await time('nobody.1'), await time('nobody.2'), await time('nobody.3')]);
      // Without the dummy hash an unknown name answers in a few milliseconds. Only lower bounds:
      // other test files share the two cores and can slow either case, never speed it up.
      expect(known).toBeGreaterThan(hashMs * 0.5);
      expect(unknown).toBeGreaterThan(hashMs * 0.5);
    } finally {
      useTestHashing(ctx);
    }
  });
});
