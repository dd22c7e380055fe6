import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test-support/context.js';
import { readAudit } from '../audit/chain.js';
import { SYSTEM_ACTOR, withTenant } from '../db/tenant.js';
import { buildApp } from '../http/app.js';
import { useTestHashing } from './password.js';
import { listTokens, listUsers } from './service.js';
import { actorFor, addTenant, addUser, GOOD_PASSWORD, type Signed, signIn } from './testing.js';
import type { UserView } from './types.js';

let ctx: TestContext;
let app: FastifyInstance;
let A: string;
let B: string;
let adminA: UserView;
let handlerA: UserView;
let adminB: UserView;
let uploads: string[] = [];

const MIN = 60_000;

beforeAll(async () => {
  ctx = await createTestContext({ now: new Date('2026-03-02T08:00:00Z') });
  useTestHashing(ctx);
  A = await addTenant(ctx, 'alfa', 'Obec Alfa');
  B = await addTenant(ctx, 'beta', 'Obec Beta');
  adminA = await addUser(ctx, A, 'admin', ['tenant_admin']);
  handlerA = await addUser(ctx, A, 'handler', ['handler'], { displayName: 'Hana Handlerová' });
  adminB = await addUser(ctx, B, 'admin', ['tenant_admin']);
  await addUser(ctx, A, 'english', ['handler'], { locale: 'en', displayName: 'Emily English' });
  await addUser(ctx, null, 'root', ['operator']);
  app = await buildApp(ctx);
  // A multipart form route as another module would write one (streams its body in the handler).
  app.post('/app/test-upload', async (request) => {
    const file = await request.file();
    uploads.push((await file!.toBuffer()).toString());
    return { ok: true };
  });
});
afterAll(async () => {
  await app.close();
  await ctx.close();
});

function cookieOf(res: LightMyRequestResponse, name: string) {
  return res.cookies.find((c) => c.name === name);
}

function form(fields: Record<string, string | string[]>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) p.append(k, x);
  return p.toString();
}

const FORM = { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' };

function expectProblem(res: LightMyRequestResponse, status: number) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = res.json();
  expect(body.status).toBe(status);
  expect(typeof body.detail).toBe('string');
  return body;
}

describe('POST /api/v1/auth/login', () => {
  it('signs in and sets the session cookie HttpOnly; SameSite=Lax; Path=/ (no Secure over plain http)', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { tenant: 'alfa', username: 'handler', password: GOOD_PASSWORD },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      user: {
        id: handlerA.id,
        username: 'handler',
        displayName: 'Hana Handlerová',
        roles: ['handler'],
        tenant: 'alfa',
      },
      csrfToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });
    const raw = String(res.headers['set-cookie']);
    expect(raw).toMatch(/^sid=[^;]+; Path=\/; HttpOnly; SameSite=Lax$/);
    expect(cookieOf(res, 'sid')!.value.startsWith(`${A}.`)).toBe(true);
  });

  it.each([
    // [trustProxy, X-Forwarded-Proto, Secure?]
    [true, 'https', true],
    [true, 'http', false],
    [false, 'https', false],
  ])('trustProxy=%s, X-Forwarded-Proto=%s → Secure: %s', async (trustProxy, proto, secure) => {
    const ctx2 = { ...ctx, config: { ...ctx.config, trustProxy } };
    useTestHashing(ctx2);
    const app2 = await buildApp(ctx2);
    const s = await signIn(app2, 'alfa', 'handler', GOOD_PASSWORD, { 'x-forwarded-proto': proto });
    expect(cookieOf(s.res, 'sid')!.secure ?? false).toBe(secure);
    await app2.close();
  });

  it('signs the operator in with an empty tenant', async () => {
    const s = await signIn(app, '', 'root');
    expect(s.res.json().user).toMatchObject({ username: 'root', roles: ['operator'], tenant: null });
    const me = await app.inject({ url: '/api/v1/auth/me', headers: { cookie: s.cookie } });
    expect(me.json()).toMatchObject({ user: { tenant: null }, via: 'session' });
  });

  it('answers a wrong password and an unknown user with the same 401 problem', async () => {
    const wrong = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { tenant: 'alfa', username: 'admin', password: 'Not the password 1' },
    });
    const unknown = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { tenant: 'alfa', username: 'nobody', password: 'Not the password 1' },
    });
    const a = expectProblem(wrong, 401);
    const b = expectProblem(unknown, 401);
    expect(a.detail).toBe(b.detail);
    expect(a.type).toBe(b.type);
    expect(cookieOf(wrong, 'sid')).toBeUndefined();
  });

  it('locks after 5 failures: 429 with Retry-After; both failures and sign-ins are in the audit chain', async () => {
    await addUser(ctx, A, 'victim', ['handler']);
    const attempt = (password: string) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { tenant: 'alfa', username: 'victim', password },
      });
    for (let i = 0; i < 5; i++) expectProblem(await attempt(`Bad password no ${i}`), 401);
    const locked = await attempt(GOOD_PASSWORD);
    expectProblem(locked, 429);
    expect(locked.headers['retry-after']).toBe(String(15 * 60));
    ctx.clock.advance(15 * MIN);
    expect((await attempt(GOOD_PASSWORD)).statusCode).toBe(200);
    const entries = await withTenant(ctx.db, A, SYSTEM_ACTOR, (tx) => readAudit(tx, {}));
    const mine = entries.filter((e) => e.params.username === 'victim' && e.eventType !== 'Zalozeni');
    expect(mine.map((e) => e.eventType)).toEqual([...Array(6).fill('NeuspesnePrihlaseni'), 'Prihlaseni']);
  });
});

describe('bad input', () => {
  const usersBefore = () => listUsers(ctx, SYSTEM_ACTOR, A).then((u) => u.length);
  let admin: Signed;
  beforeAll(async () => {
    admin = await signIn(app, 'alfa', 'admin');
  });

  const cases: [string, () => InjectOptions, number][] = [
    [
      'login: malformed JSON',
      () => ({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { 'content-type': 'application/json' },
        payload: '{"tenant": "alfa",',
      }),
      400,
    ],
    [
      'login: empty JSON body',
      () => ({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { 'content-type': 'application/json' },
        payload: '',
      }),
      400,
    ],
    [
      'login: wrong types',
      () => ({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { tenant: 'alfa', username: { name: 'admin' }, password: ['a', 'b'] },
      }),
      422,
    ],
    [
      'login: unknown field',
      () => ({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { tenant: 'alfa', username: 'admin', password: GOOD_PASSWORD, remember: true },
      }),
      422,
    ],
    [
      'login: missing password',
      () => ({ method: 'POST', url: '/api/v1/auth/login', payload: { tenant: 'alfa', username: 'admin' } }),
      422,
    ],
    [
      'login: unknown tenant',
      () => ({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { tenant: 'gamma', username: 'admin', password: GOOD_PASSWORD },
      }),
      422,
    ],
    [
      'login: tenant slug with odd characters',
      () => ({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { tenant: '../alfa', username: 'admin', password: GOOD_PASSWORD },
      }),
      422,
    ],
    [
      'login: as a form (login CSRF)',
      () => ({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: FORM,
        payload: form({ tenant: 'alfa', username: 'admin', password: GOOD_PASSWORD }),
      }),
      415,
    ],
    [
      'login: oversized body',
      () => ({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { tenant: 'alfa', username: 'admin', password: 'x'.repeat(2 * 1024 * 1024) },
      }),
      413,
    ],
    [
      'create user: wrong types',
      () => ({
        method: 'POST',
        url: '/api/v1/users',
        headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
        payload: { username: 'x1', displayName: { first: 'X' }, password: GOOD_PASSWORD, active: 'maybe' },
      }),
      422,
    ],
    [
      'create user: unknown field',
      () => ({
        method: 'POST',
        url: '/api/v1/users',
        headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
        payload: { username: 'x2', displayName: 'X', password: GOOD_PASSWORD, isAdmin: true },
      }),
      422,
    ],
    [
      'create user: unknown role',
      () => ({
        method: 'POST',
        url: '/api/v1/users',
        headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
        payload: { username: 'x3', displayName: 'X', password: GOOD_PASSWORD, roles: ['mayor'] },
      }),
      422,
    ],
    [
      'create user: operator role in a tenant',
      () => ({
        method: 'POST',
        url: '/api/v1/users',
        headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
        payload: { username: 'x4', displayName: 'X', password: GOOD_PASSWORD, roles: ['operator'] },
      }),
      422,
    ],
    [
      'create user: weak password',
      () => ({
        method: 'POST',
        url: '/api/v1/users',
        headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
        payload: { username: 'x5', displayName: 'X', password: 'password' },
      }),
      422,
    ],
    [
      'create user: malformed JSON',
      () => ({
        method: 'POST',
        url: '/api/v1/users',
        headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': 'application/json' },
        payload: '{"username":',
      }),
      400,
    ],
    [
      'create user: taken name',
      () => ({
        method: 'POST',
        url: '/api/v1/users',
        headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
        payload: { username: 'handler', displayName: 'X', password: GOOD_PASSWORD },
      }),
      409,
    ],
    [
      'get user: invalid id',
      () => ({ method: 'GET', url: '/api/v1/users/not-a-uuid', headers: { cookie: admin.cookie } }),
      400,
    ],
    [
      'get user: unknown id',
      () => ({
        method: 'GET',
        url: '/api/v1/users/0190a0a0-0000-7000-8000-000000000099',
        headers: { cookie: admin.cookie },
      }),
      404,
    ],
    [
      'patch user: empty body object',
      () => ({
        method: 'PATCH',
        url: `/api/v1/users/${handlerA.id}`,
        headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
        payload: {},
      }),
      422,
    ],
    [
      'patch user: unknown org unit',
      () => ({
        method: 'PATCH',
        url: `/api/v1/users/${handlerA.id}`,
        headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
        payload: { orgUnitId: '0190a0a0-0000-7000-8000-000000000099' },
      }),
      422,
    ],
    [
      'patch user: id of tenant B',
      () => ({
        method: 'PATCH',
        url: `/api/v1/users/${adminB.id}`,
        headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
        payload: { displayName: 'Hacked' },
      }),
      404,
    ],
    [
      'token: negative expiry',
      () => ({
        method: 'POST',
        url: '/api/v1/me/tokens',
        headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
        payload: { name: 'x', expiresInDays: -1 },
      }),
      422,
    ],
    [
      'token: revoke invalid id',
      () => ({
        method: 'DELETE',
        url: '/api/v1/me/tokens/123',
        headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
      }),
      400,
    ],
    ['me: no credentials', () => ({ method: 'GET', url: '/api/v1/auth/me' }), 401],
    [
      'me: garbage cookie',
      () => ({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: 'sid=garbage' } }),
      401,
    ],
    [
      'me: malformed bearer',
      () => ({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: 'Bearer nonsense' } }),
      401,
    ],
    [
      'me: Basic auth',
      () => ({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: 'Basic YWRtaW46YWRtaW4=' } }),
      401,
    ],
  ];

  it.each(cases)('%s → %i problem+json, nothing changed', async (_label, request, status) => {
    const before = await usersBefore();
    const res = await app.inject(request());
    expectProblem(res, status);
    expect(await usersBefore()).toBe(before);
    expect((await listUsers(ctx, SYSTEM_ACTOR, B)).map((u) => u.displayName)).not.toContain('Hacked');
  });
});

describe('field errors in problem documents', () => {
  it('carry the field, an English message and a stable code', async () => {
    const admin = await signIn(app, 'alfa', 'admin');
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
      payload: { username: 'Bad Name', displayName: 'X', password: 'password' },
    });
    const body = expectProblem(res, 422);
    expect(body.type).toBe('/problems/validation');
    expect(body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'username', code: 'usernameFormat', message: expect.any(String) }),
        expect.objectContaining({ field: 'password', code: 'tooShort' }),
        expect.objectContaining({ field: 'password', code: 'common' }),
      ]),
    );
  });
});

describe('permissions over HTTP', () => {
  let handler: Signed;
  let admin: Signed;
  beforeAll(async () => {
    handler = await signIn(app, 'alfa', 'handler');
    admin = await signIn(app, 'alfa', 'admin');
  });

  it.each([
    ['GET', '/api/v1/users', 403],
    ['GET', '/api/v1/users/ADMIN', 403],
    ['POST', '/api/v1/users', 403],
    ['PATCH', '/api/v1/users/HANDLER', 403],
  ])('a handler: %s %s → %i', async (method, url, status) => {
    const body =
      method === 'POST'
        ? { username: 'sneaky', displayName: 'S', password: GOOD_PASSWORD }
        : { roles: ['tenant_admin'] };
    const res = await app.inject({
      method: method as 'GET',
      url: url.replace('HANDLER', handlerA.id).replace('ADMIN', adminA.id),
      headers: { cookie: handler.cookie, 'x-csrf-token': handler.csrf },
      ...(method === 'GET' ? {} : { payload: body }),
    });
    expectProblem(res, status);
  });

  it('an admin of A gets 404 for a user of B, and sees only A in the list', async () => {
    expectProblem(
      await app.inject({ url: `/api/v1/users/${adminB.id}`, headers: { cookie: admin.cookie } }),
      404,
    );
    const list = await app.inject({ url: '/api/v1/users', headers: { cookie: admin.cookie } });
    expect(list.statusCode).toBe(200);
    expect(new Set(list.json().map((u: { tenantId: string }) => u.tenantId))).toEqual(new Set([A]));
  });

  it('an admin creates, reads and changes a user through the API', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
      payload: { username: 'api.user', displayName: 'Api User', password: GOOD_PASSWORD, roles: ['handler'] },
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    expect(created.json()).toMatchObject({
      username: 'api.user',
      active: true,
      createdAt: expect.stringMatching(/Z$/),
    });
    expect(created.body).not.toMatch(/scrypt|password_hash|passwordHash/);
    const patched = await app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${id}`,
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
      payload: { roles: ['handler', 'fee_clerk'], active: false },
    });
    expect(patched.json()).toMatchObject({ roles: ['handler', 'fee_clerk'], active: false });
  });
});

describe('CSRF', () => {
  let s1: Signed;
  let s2: Signed;
  const tokenCount = () => listTokens(ctx, actorFor(adminA)).then((t) => t.length);
  beforeAll(async () => {
    s1 = await signIn(app, 'alfa', 'admin');
    s2 = await signIn(app, 'alfa', 'admin');
  });

  const refused: [string, (s: Signed, other: Signed) => InjectOptions][] = [
    [
      'JSON without a token',
      (s) => ({
        method: 'POST',
        url: '/api/v1/me/tokens',
        headers: { cookie: s.cookie },
        payload: { name: 'x' },
      }),
    ],
    [
      'JSON with a wrong token',
      (s) => ({
        method: 'POST',
        url: '/api/v1/me/tokens',
        headers: { cookie: s.cookie, 'x-csrf-token': 'x'.repeat(43) },
        payload: { name: 'x' },
      }),
    ],
    [
      'JSON with the token of another session',
      (s, o) => ({
        method: 'POST',
        url: '/api/v1/me/tokens',
        headers: { cookie: s.cookie, 'x-csrf-token': o.csrf },
        payload: { name: 'x' },
      }),
    ],
    [
      'form without a token',
      (s) => ({
        method: 'POST',
        url: '/app/account/tokens',
        headers: { ...FORM, cookie: s.cookie },
        payload: form({ name: 'x' }),
      }),
    ],
    [
      'form with a wrong token',
      (s) => ({
        method: 'POST',
        url: '/app/account/tokens',
        headers: { ...FORM, cookie: s.cookie },
        payload: form({ name: 'x', _csrf: 'nope' }),
      }),
    ],
    [
      'form with the token of another session',
      (s, o) => ({
        method: 'POST',
        url: '/app/account/tokens',
        headers: { ...FORM, cookie: s.cookie },
        payload: form({ name: 'x', _csrf: o.csrf }),
      }),
    ],
    [
      'form with an empty token',
      (s) => ({
        method: 'POST',
        url: '/app/account/tokens',
        headers: { ...FORM, cookie: s.cookie },
        payload: form({ name: 'x', _csrf: '' }),
      }),
    ],
    [
      'DELETE without a token',
      (s) => ({
        method: 'DELETE',
        url: '/api/v1/me/tokens/0190a0a0-0000-7000-8000-000000000099',
        headers: { cookie: s.cookie },
      }),
    ],
    [
      'PATCH without a token',
      () => ({
        method: 'PATCH',
        url: `/api/v1/users/${handlerA.id}`,
        headers: { cookie: s1.cookie },
        payload: { displayName: 'Changed by CSRF' },
      }),
    ],
    [
      'sign-out everywhere without a token',
      (s) => ({ method: 'POST', url: '/api/v1/auth/logout-all', headers: { cookie: s.cookie } }),
    ],
    [
      'page sign-out without a token',
      (s) => ({ method: 'POST', url: '/logout', headers: { ...FORM, cookie: s.cookie }, payload: '' }),
    ],
  ];

  it.each(refused)('%s → 403 and nothing changes', async (_label, request) => {
    const before = await tokenCount();
    const res = await app.inject(request(s1, s2));
    expect(res.statusCode).toBe(403);
    if (!String(request(s1, s2).url).startsWith('/api/'))
      expect(res.headers['content-type']).toMatch(/^text\/html/);
    else expect(res.json().type).toBe('/problems/csrf');
    expect(await tokenCount()).toBe(before);
    expect((await app.inject({ url: '/api/v1/auth/me', headers: { cookie: s1.cookie } })).statusCode).toBe(
      200,
    );
    expect((await listUsers(ctx, SYSTEM_ACTOR, A)).map((u) => u.displayName)).not.toContain(
      'Changed by CSRF',
    );
  });

  it.each([
    [
      'the header',
      (s: Signed) => ({ headers: { cookie: s.cookie, 'x-csrf-token': s.csrf }, payload: { name: 'hdr' } }),
    ],
    [
      'a JSON field',
      (s: Signed) => ({ headers: { cookie: s.cookie }, payload: { name: 'json', _csrf: s.csrf } }),
    ],
    [
      'the query string',
      (s: Signed) => ({ headers: { cookie: s.cookie }, payload: { name: 'qs' }, query: { _csrf: s.csrf } }),
    ],
  ])('the right token in %s is accepted', async (_label, opts) => {
    const before = await tokenCount();
    const res = await app.inject({ method: 'POST', url: '/api/v1/me/tokens', ...opts(s1) });
    expect(res.statusCode, res.body).toBe(201);
    expect(await tokenCount()).toBe(before + 1);
  });

  it('a form with the right _csrf field is accepted', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/app/account/tokens',
      headers: { ...FORM, cookie: s1.cookie },
      payload: form({ name: 'from form', expiresInDays: '30', _csrf: s1.csrf }),
    });
    expect(res.statusCode).toBe(201);
  });

  describe('multipart forms: the token rides in the query string (csrfAction) or the header', () => {
    const multipart = (content: string) => {
      const boundary = '----samosprava';
      return {
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload:
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n` +
          `Content-Type: text/plain\r\n\r\n${content}\r\n--${boundary}--\r\n`,
      };
    };
    it.each([
      ['no token', () => ({}), 403],
      ['a wrong token in the query', () => ({ query: { _csrf: s2.csrf } }), 403],
      ['the token in the query', () => ({ query: { _csrf: s1.csrf } }), 200],
      ['the token in the header', () => ({ header: s1.csrf }), 200],
    ] as const)('%s → %i', async (label, where, status) => {
      uploads = [];
      const mp = multipart(label);
      const w = where() as { query?: Record<string, string>; header?: string };
      const res = await app.inject({
        method: 'POST',
        url: '/app/test-upload',
        headers: { ...mp.headers, cookie: s1.cookie, ...(w.header ? { 'x-csrf-token': w.header } : {}) },
        ...(w.query ? { query: w.query } : {}),
        payload: mp.payload,
      });
      expect(res.statusCode).toBe(status);
      expect(uploads).toEqual(status === 200 ? [label] : []);
    });
  });

  it('requests with a bearer token need no CSRF token (no ambient credential)', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/me/tokens',
      headers: { cookie: s1.cookie, 'x-csrf-token': s1.csrf },
      payload: { name: 'machine' },
    });
    const secret = created.json().secret;
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/me/tokens',
      headers: { authorization: `Bearer ${secret}` },
      payload: { name: 'made by machine' },
    });
    expect(res.statusCode).toBe(201);
  });

  it('the sign-in form uses a double-submit token (csrf_pre cookie + hidden field)', async () => {
    const page = await app.inject({ url: '/login' });
    const pre = cookieOf(page, 'csrf_pre')!;
    expect(pre).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/login' });
    expect(page.body).toContain(`name="_csrf" value="${pre.value}"`);
    const post = (cookie: string | undefined, token: string) =>
      app.inject({
        method: 'POST',
        url: '/login',
        headers: { ...FORM, ...(cookie ? { cookie: `csrf_pre=${cookie}` } : {}) },
        payload: form({ tenant: 'alfa', username: 'admin', password: GOOD_PASSWORD, _csrf: token }),
      });
    expect((await post(undefined, pre.value)).statusCode).toBe(403);
    expect((await post(pre.value, 'x'.repeat(43))).statusCode).toBe(403);
    expect((await post('x'.repeat(43), 'x'.repeat(43))).statusCode).toBe(303);
    const ok = await post(pre.value, pre.value);
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe('/app');
    expect(cookieOf(ok, 'sid')).toBeTruthy();
  });
});

describe('API tokens', () => {
  it('shown once, works as Bearer, listed without the secret, revoked → 401', async () => {
    const s = await signIn(app, 'alfa', 'handler');
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/me/tokens',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
      payload: { name: 'Spisová služba', expiresInDays: 10 },
    });
    expect(created.statusCode).toBe(201);
    const { token, secret } = created.json();
    expect(secret).toMatch(new RegExp(`^sp_${A}_`));
    const bearer = { authorization: `Bearer ${secret}` };
    const me = await app.inject({ url: '/api/v1/auth/me', headers: bearer });
    expect(me.json()).toMatchObject({
      user: { id: handlerA.id, tenant: 'alfa' },
      via: 'token',
      csrfToken: null,
    });
    const list = await app.inject({ url: '/api/v1/me/tokens', headers: bearer });
    expect(list.json().map((t: { id: string }) => t.id)).toContain(token.id);
    expect(list.body).not.toContain(secret.slice(-43));
    expect(list.json().find((t: { id: string }) => t.id === token.id).lastUsedAt).not.toBeNull();
    // Permissions follow the user, not the token: a handler's token cannot list users.
    expectProblem(await app.inject({ url: '/api/v1/users', headers: bearer }), 403);
    const revoked = await app.inject({
      method: 'DELETE',
      url: `/api/v1/me/tokens/${token.id}`,
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
    });
    expect(revoked.statusCode).toBe(204);
    const after = expectProblem(await app.inject({ url: '/api/v1/auth/me', headers: bearer }), 401);
    expect(after.type).toBe('/problems/unauthorized');
  });

  it('an expired token is refused', async () => {
    const s = await signIn(app, 'alfa', 'handler');
    const { secret } = (
      await app.inject({
        method: 'POST',
        url: '/api/v1/me/tokens',
        headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
        payload: { name: 'short-lived', expiresInDays: 1 },
      })
    ).json();
    expect(
      (await app.inject({ url: '/api/v1/auth/me', headers: { authorization: `Bearer ${secret}` } }))
        .statusCode,
    ).toBe(200);
    ctx.clock.advance(24 * 60 * MIN);
    expectProblem(
      await app.inject({ url: '/api/v1/auth/me', headers: { authorization: `Bearer ${secret}` } }),
      401,
    );
  });

  it('the account page shows a new token once; reloading does not show it again', async () => {
    const s = await signIn(app, 'alfa', 'handler');
    const res = await app.inject({
      method: 'POST',
      url: '/app/account/tokens',
      headers: { ...FORM, cookie: s.cookie },
      payload: form({ name: 'Page token', expiresInDays: '', _csrf: s.csrf }),
    });
    expect(res.statusCode).toBe(201);
    expect(res.headers['cache-control']).toBe('no-store');
    const secret = /<code>(sp_[^<]+)<\/code>/.exec(res.body)?.[1];
    expect(secret).toMatch(new RegExp(`^sp_${A}_[A-Za-z0-9_-]{43}$`));
    const again = await app.inject({ url: '/app/account', headers: { cookie: s.cookie } });
    expect(again.body).toContain('Page token');
    expect(again.body).not.toContain(secret!);
  });
});

describe('sessions over HTTP', () => {
  it('an expired session: 401 for the API, a redirect to sign-in for pages, and the cookie is cleared', async () => {
    const s = await signIn(app, 'alfa', 'handler');
    ctx.clock.advance(2 * 60 * MIN + 1000);
    const api = await app.inject({ url: '/api/v1/auth/me', headers: { cookie: s.cookie } });
    expectProblem(api, 401);
    const page = await app.inject({
      url: '/app/account?tab=1',
      headers: { cookie: s.cookie, accept: 'text/html' },
    });
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe(`/login?next=${encodeURIComponent('/app/account?tab=1')}&expired=1`);
    const cleared = cookieOf(page, 'sid');
    expect(cleared?.value).toBe('');
    const login = await app.inject({ url: page.headers.location as string });
    expect(login.body).toContain('Vaše přihlášení vypršelo');
  });

  it.each([
    ['GET', '/app', 303],
    ['GET', '/app/admin/users', 303],
    ['POST', '/app/account/tokens', 401],
  ])('anonymous %s %s → %i', async (method, url, status) => {
    const res = await app.inject({ method: method as 'GET', url, headers: { accept: 'text/html' } });
    expect(res.statusCode).toBe(status);
    if (status === 303)
      expect(res.headers.location).toBe(url === '/app' ? '/login' : `/login?next=${encodeURIComponent(url)}`);
  });

  it('sign-out ends the session; sign-out everywhere ends the others too', async () => {
    const a = await signIn(app, 'alfa', 'handler');
    const b = await signIn(app, 'alfa', 'handler');
    const c = await signIn(app, 'alfa', 'handler');
    const out = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie: a.cookie, 'x-csrf-token': a.csrf },
    });
    expect(out.statusCode).toBe(204);
    expect(cookieOf(out, 'sid')?.value).toBe('');
    expect((await app.inject({ url: '/api/v1/auth/me', headers: { cookie: a.cookie } })).statusCode).toBe(
      401,
    );
    expect((await app.inject({ url: '/api/v1/auth/me', headers: { cookie: b.cookie } })).statusCode).toBe(
      200,
    );
    const all = await app.inject({
      method: 'POST',
      url: '/app/account/logout-all',
      headers: { ...FORM, cookie: b.cookie },
      payload: form({ _csrf: b.csrf }),
    });
    expect(all.statusCode).toBe(303);
    expect(all.headers.location).toBe('/login?everywhere=1');
    for (const s of [b, c])
      expect((await app.inject({ url: '/api/v1/auth/me', headers: { cookie: s.cookie } })).statusCode).toBe(
        401,
      );
  });

  it('the header’s sign-out button (POST /logout with _csrf) ends the session and says so', async () => {
    const s = await signIn(app, 'alfa', 'handler');
    const dash = await app.inject({ url: '/app', headers: { cookie: s.cookie } });
    expect(dash.body).toContain(`action="/logout"`);
    expect(dash.body).toContain(`name="_csrf" value="${s.csrf}"`);
    const out = await app.inject({
      method: 'POST',
      url: '/logout',
      headers: { ...FORM, cookie: s.cookie },
      payload: form({ _csrf: s.csrf }),
    });
    expect(out.statusCode).toBe(303);
    expect(out.headers.location).toBe('/login?signedOut=1');
    expect((await app.inject({ url: '/api/v1/auth/me', headers: { cookie: s.cookie } })).statusCode).toBe(
      401,
    );
    expect((await app.inject({ url: '/login?signedOut=1' })).body).toContain('Byli jste odhlášeni.');
  });

  it('changing the password on My account keeps this session and ends the others', async () => {
    await addUser(ctx, A, 'pw.changer', ['handler']);
    const here = await signIn(app, 'alfa', 'pw.changer');
    const there = await signIn(app, 'alfa', 'pw.changer');
    const bad = await app.inject({
      method: 'POST',
      url: '/app/account/password',
      headers: { ...FORM, cookie: here.cookie },
      payload: form({
        _csrf: here.csrf,
        currentPassword: GOOD_PASSWORD,
        newPassword: 'Jiné heslo 12345',
        newPasswordConfirm: 'Jiné heslo 1234',
      }),
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('Hesla se neshodují');
    const ok = await app.inject({
      method: 'POST',
      url: '/app/account/password',
      headers: { ...FORM, cookie: here.cookie },
      payload: form({
        _csrf: here.csrf,
        currentPassword: GOOD_PASSWORD,
        newPassword: 'Jiné heslo 12345',
        newPasswordConfirm: 'Jiné heslo 12345',
      }),
    });
    expect(ok.statusCode).toBe(303);
    expect((await app.inject({ url: '/api/v1/auth/me', headers: { cookie: here.cookie } })).statusCode).toBe(
      200,
    );
    expect((await app.inject({ url: '/api/v1/auth/me', headers: { cookie: there.cookie } })).statusCode).toBe(
      401,
    );
  });
});

describe('paths that need no identity', () => {
  it.each(['/static/app.css', '/healthz'])('%s is served without looking at credentials', async (url) => {
    const res = await app.inject({
      url,
      headers: { authorization: 'Bearer nonsense', cookie: 'sid=garbage' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['set-cookie']).toBeUndefined();
  });
});

describe('pages', () => {
  it('the sign-in form re-renders with the one generic message and the typed name, without the password', async () => {
    const page = await app.inject({ url: '/login' });
    const pre = cookieOf(page, 'csrf_pre')!.value;
    const res = await app.inject({
      method: 'POST',
      url: '/login',
      headers: { ...FORM, cookie: `csrf_pre=${pre}` },
      payload: form({ tenant: 'alfa', username: 'admin', password: 'Wrong password 99', _csrf: pre }),
    });
    expect(res.statusCode).toBe(401);
    expect(res.body).toContain('Uživatelské jméno nebo heslo není správné.');
    expect(res.body).toContain('value="admin"');
    expect(res.body).not.toContain('Wrong password 99');
    expect(res.body).toMatch(/<option value="alfa" selected/);
  });

  it.each([
    ['/app/admin/users', '/app/admin/users'],
    ['//evil.example/x', '/app'],
    ['https://evil.example/', '/app'],
    ['/\\evil.example', '/app'],
  ])('after sign-in it goes to next=%s only if local (→ %s)', async (next, expected) => {
    const page = await app.inject({ url: `/login?next=${encodeURIComponent(next)}` });
    const pre = cookieOf(page, 'csrf_pre')!.value;
    const res = await app.inject({
      method: 'POST',
      url: '/login',
      headers: { ...FORM, cookie: `csrf_pre=${pre}` },
      payload: form({ tenant: 'alfa', username: 'admin', password: GOOD_PASSWORD, _csrf: pre, next }),
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(expected);
  });

  it('the dashboard greets the user, lists the modules they may use, in their own language', async () => {
    const admin = await signIn(app, 'alfa', 'admin');
    const dash = await app.inject({ url: '/app', headers: { cookie: admin.cookie } });
    expect(dash.statusCode).toBe(200);
    expect(dash.body).toContain('Dobrý den, User admin');
    expect(dash.body).toContain('href="/app/admin/users"');
    const en = await signIn(app, 'alfa', 'english');
    const enDash = await app.inject({ url: '/app', headers: { cookie: en.cookie } });
    expect(enDash.body).toContain('Hello, Emily English');
    expect(enDash.body).not.toContain('href="/app/admin/users"');
    // The language switch (lang cookie) still wins over the user's preference.
    const pl = await app.inject({ url: '/app', headers: { cookie: `${en.cookie}; lang=pl` } });
    expect(pl.body).toContain('Dzień dobry, Emily English');
  });

  it('a handler may not open user administration (403 page)', async () => {
    const h = await signIn(app, 'alfa', 'handler');
    const res = await app.inject({
      url: '/app/admin/users',
      headers: { cookie: h.cookie, accept: 'text/html' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
  });

  it('an admin creates a user with the form; errors re-render with the input kept', async () => {
    const admin = await signIn(app, 'alfa', 'admin');
    const bad = await app.inject({
      method: 'POST',
      url: '/app/admin/users',
      headers: { ...FORM, cookie: admin.cookie },
      payload: form({
        _csrf: admin.csrf,
        username: 'Petr Novák',
        displayName: 'Petr Novák',
        email: 'petr@',
        roles: ['handler', 'head'],
        password: 'short',
        active: 'on',
      }),
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('value="Petr Novák"');
    expect(bad.body).toMatch(/id="role-head" name="roles" value="head" checked/);
    expect(bad.body).toContain('aria-describedby="email-error"');
    expect(bad.body).toContain('Toto není platná e-mailová adresa.');
    expect(bad.body).toContain('Heslo musí mít alespoň 12 znaků.');
    const ok = await app.inject({
      method: 'POST',
      url: '/app/admin/users',
      headers: { ...FORM, cookie: admin.cookie },
      payload: form({
        _csrf: admin.csrf,
        username: 'petr.novak',
        displayName: 'Petr Novák',
        email: 'petr@alfa.cz',
        roles: ['handler', 'head'],
        password: GOOD_PASSWORD,
        active: 'on',
      }),
    });
    expect(ok.statusCode).toBe(303);
    const edit = await app.inject({ url: ok.headers.location as string, headers: { cookie: admin.cookie } });
    expect(edit.statusCode).toBe(200);
    expect(edit.body).toContain('Uživatel byl založen.');
    const list = await app.inject({ url: '/app/admin/users', headers: { cookie: admin.cookie } });
    expect(list.body).toContain('petr.novak');
  });

  it('an admin of A opening a user of B by id gets 404', async () => {
    const admin = await signIn(app, 'alfa', 'admin');
    const res = await app.inject({
      url: `/app/admin/users/${adminB.id}`,
      headers: { cookie: admin.cookie, accept: 'text/html' },
    });
    expect(res.statusCode).toBe(404);
  });
});
