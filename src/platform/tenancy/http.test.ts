import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test-support/context.js';
import type { Actor } from '../db/tenant.js';
import type { Tenant } from '../db/types.js';
import { buildApp } from '../http/app.js';
import { translator } from '../i18n/index.js';
import { addUser, fastHashing, type Signed, signIn } from '../identity/testing.js';
import { createOrgUnit, createTenant, getTenant, listOrgUnits, type TenantView } from './service.js';

const OPERATOR: Actor = {
  userId: null,
  label: 'test operator',
  roles: ['operator'],
  tenantId: null,
  kind: 'operator',
};
const XSS_NAME = '<script>alert(1)</script> Obec';
/** How the renderer escapes text: `<` and `&` become entities (a lone `>` opens no tag). */
const XSS_ESCAPED = '&lt;script>alert(1)&lt;/script> Obec';

let ctx: TestContext;
let app: FastifyInstance;
let hlucin: TenantView;
let village: TenantView;
let op: Signed;
let admin: Signed;
let handler: Signed;
let villageAdmin: Signed;

// One app for the whole file: building it per test would multiply the start-up cost.
beforeAll(async () => {
  ctx = await createTestContext();
  fastHashing(ctx);
  hlucin = await createTenant(ctx, OPERATOR, {
    slug: 'hlucin',
    kind: 'orp',
    name: 'Město Hlučín',
    ico: '00300063',
    databoxId: 'hlcbs7h',
    country: 'CZ',
    address: { street: 'Mírové náměstí 24/23', city: 'Hlučín', postcode: '748 01' },
    contacts: { email: 'podatelna@hlucin.cz', phone: '+420 595 020 211', web: 'https://www.hlucin.cz' },
    officeHours: [
      { days: 'Pondělí, středa', hours: '8:00–17:00' },
      { days: 'Úterý, čtvrtek', hours: '8:00–14:00' },
    ],
  });
  village = await createTenant(ctx, OPERATOR, {
    slug: 'bohuslavice',
    kind: 'municipality',
    name: 'Obec Bohuslavice',
    country: 'CZ',
    parentId: hlucin.id,
  });
  await createTenant(ctx, OPERATOR, {
    slug: 'xss',
    kind: 'municipality',
    name: XSS_NAME,
    country: 'CZ',
    address: { street: '"><img src=x onerror=alert(2)>' },
    officeHours: [{ days: '<b>Po</b>', hours: '<i>8–12</i>' }],
  });
  await createTenant(ctx, OPERATOR, {
    slug: 'przykladowo',
    kind: 'municipality',
    name: 'Gmina Przykładowo',
    ico: '123456785',
    country: 'PL',
    officeHours: [{ days: 'Poniedziałek', hours: '8:00–16:00' }],
  });
  await addUser(ctx, null, 'operator', ['operator']);
  await addUser(ctx, hlucin.id, 'spravce', ['tenant_admin']);
  await addUser(ctx, hlucin.id, 'referent', ['handler']);
  await addUser(ctx, village.id, 'starosta', ['tenant_admin']);
  app = await buildApp(ctx);
  op = await signIn(app, null, 'operator');
  admin = await signIn(app, 'hlucin', 'spravce');
  handler = await signIn(app, 'hlucin', 'referent');
  villageAdmin = await signIn(app, 'bohuslavice', 'starosta');
}, 180_000); // four tenants, four accounts and four sign-ins: slow on a loaded CI machine
afterAll(async () => {
  await app?.close();
  await ctx?.close();
});

const html = { accept: 'text/html' };

/** The register row a module's portalLinks() receives. */
function toTenantRow(t: TenantView): Tenant {
  return {
    id: t.id,
    slug: t.slug,
    kind: t.kind,
    name: t.name,
    ico: t.ico,
    databox_id: t.databoxId,
    country: t.country,
    time_zone: t.timeZone,
    locale: t.locale,
    address: t.address,
    contacts: t.contacts,
    office_hours: t.officeHours,
    settings: t.settings,
    parent_id: t.parentId,
    active: t.active,
    created_at: t.createdAt,
  };
}

function as(s: Signed, extra: Record<string, string> = {}) {
  return { cookie: s.cookie, 'x-csrf-token': s.csrf, ...extra };
}

function form(s: Signed, fields: Record<string, string>) {
  return {
    headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
    payload: new URLSearchParams({ _csrf: s.csrf, ...fields }).toString(),
  };
}

describe('public portal home /{slug}/', () => {
  it("shows the tenant's name, IČO, data box, address, contacts and office hours", async () => {
    const res = await app.inject({ url: '/hlucin/', headers: html });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    const body = res.body;
    expect(body).toContain('<h1>Město Hlučín</h1>');
    expect(body).toContain('Obec s rozšířenou působností');
    expect(body).toMatch(/<dt>IČO<\/dt><dd>00300063<\/dd>/);
    expect(body).toContain('hlcbs7h');
    expect(body).toContain('Mírové náměstí 24/23');
    expect(body).toContain('href="mailto:podatelna@hlucin.cz"');
    expect(body).toContain('href="tel:+420595020211"');
    expect(body).toContain('href="https://www.hlucin.cz"');
    expect(body).toContain('Úřední hodiny');
    expect(body).toMatch(/<th scope="row">Pondělí, středa<\/th><td>8:00–17:00<\/td>/);
    expect(body).toContain('href="/pristupnost"');
    // The services section lists what the modules offer, and is absent when none does.
    const links = ctx.modules.flatMap((m) => m.portalLinks?.(toTenantRow(hlucin), translator('cs')) ?? []);
    if (links.length === 0) expect(body).not.toContain('Služby a informace');
    else for (const l of links) expect(body).toContain(`href="${l.href}"`);
  });

  it('names the ORP a village belongs to, with a link to its portal', async () => {
    const res = await app.inject({ url: '/bohuslavice/', headers: html });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<a href="/hlucin/">Město Hlučín</a>');
    // Nothing filled in: no empty sections.
    expect(res.body).not.toContain('Úřední hodiny');
    expect(res.body).not.toContain('<address>');
  });

  it('escapes HTML in everything a tenant typed', async () => {
    const res = await app.inject({ url: '/xss/', headers: html });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(XSS_ESCAPED);
    expect(res.body).not.toContain('<script>alert(1)</script>');
    expect(res.body).not.toContain('<img src=x');
    expect(res.body).not.toContain('<b>Po</b>');
    expect(res.body).toContain('&lt;b>Po&lt;/b>');
    expect(res.body.match(/<script/g)?.length).toBe(1); // only the page's own htmx script tag
    // No IČO, data box or parent: no empty "basic information" section either.
    expect(res.body).not.toContain('Základní údaje');
  });

  it('a Polish tenant is shown in Polish, with its REGON', async () => {
    const res = await app.inject({ url: '/przykladowo/', headers: html });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<html lang="pl"');
    expect(res.body).toMatch(/<dt>REGON<\/dt><dd>123456785<\/dd>/);
    expect(res.body).toContain('Godziny pracy urzędu');
    expect(res.body).toContain('Deklaracja dostępności');
  });

  it('the language switch overrides the tenant default', async () => {
    const res = await app.inject({ url: '/przykladowo/?lang=en', headers: html });
    expect(res.body).toContain('<html lang="en"');
    expect(res.body).toContain('Office hours');
  });

  it('redirects /{slug} to /{slug}/', async () => {
    const res = await app.inject({ url: '/hlucin', headers: html });
    expect(res.statusCode).toBe(301);
    expect(res.headers.location).toBe('/hlucin/');
  });

  it.each<[string, string]>([
    ['an unknown slug', '/neexistuje/'],
    ['an unknown slug without slash', '/neexistuje'],
    ['a slug with characters no slug has', '/%3Cscript%3E/'],
    ['an overlong slug', `/${'x'.repeat(120)}/`],
  ])('%s → a 404 page for people and problem+json for programs', async (_case, url) => {
    const page = await app.inject({ url, headers: html });
    expect(page.statusCode).toBe(404);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('Stránka nebyla nalezena.');
    const api = await app.inject({ url, headers: { accept: 'application/json' } });
    expect(api.statusCode).toBe(404);
    expect(api.headers['content-type']).toContain('application/problem+json');
    expect(api.json()).toMatchObject({ type: '/problems/not-found', status: 404 });
  });

  it('a deactivated tenant disappears from its portal and from the home page at once', async () => {
    const t = await createTenant(ctx, OPERATOR, {
      slug: 'zaniklá-obec'.replace('á', 'a'),
      kind: 'municipality',
      name: 'Zaniklá obec',
      country: 'CZ',
    });
    expect((await app.inject({ url: '/zanikla-obec/', headers: html })).statusCode).toBe(200);
    const res = await app.inject({
      method: 'PATCH',
      url: `/api/v1/tenants/${t.id}`,
      headers: as(op),
      payload: { active: false },
    });
    expect(res.statusCode).toBe(200);
    expect((await app.inject({ url: '/zanikla-obec/', headers: html })).statusCode).toBe(404);
    expect((await app.inject({ url: '/', headers: html })).body).not.toContain('Zaniklá obec');
  });
});

describe('platform home and accessibility statement', () => {
  it('/ lists the hosted tenants with links to their portals, and a sign-in link', async () => {
    const res = await app.inject({ url: '/', headers: html });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<a href="/hlucin/">Město Hlučín</a>');
    expect(res.body).toContain('<a href="/przykladowo/">Gmina Przykładowo</a>');
    expect(res.body).toContain(XSS_ESCAPED);
    expect(res.body).toContain('href="/login"');
  });

  it("a signed-in user sees the platform's home, not the own tenant's portal header", async () => {
    const res = await app.inject({ url: '/', headers: { cookie: admin.cookie, ...html } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<a class="brand" href="/app">Samospráva</a>');
  });

  it.each<[string, string[]]>([
    ['cs', ['Prohlášení o přístupnosti', 'zákonem č. 99/2019 Sb.', 'axe-core', 'Postupy pro vymáhání']],
    ['en', ['Accessibility statement', 'Act No. 99/2019 Coll.', 'axe-core', 'Enforcement procedure']],
    [
      'pl',
      [
        'Deklaracja dostępności',
        'ustawą z dnia 4 kwietnia 2019 r.',
        'axe-core',
        'Rzecznika Praw Obywatelskich',
      ],
    ],
  ])('/pristupnost in %s', async (lang, texts) => {
    const res = await app.inject({ url: `/pristupnost?lang=${lang}`, headers: html });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`<html lang="${lang}"`);
    for (const text of texts) expect(res.body).toContain(text);
  });
});

describe('API /api/v1/tenants (the operator)', () => {
  it.each<[string, () => Record<string, string>, number]>([
    ['anonymous', () => ({}), 401],
    ['a tenant admin', () => as(admin), 403],
    ['a handler', () => as(handler), 403],
  ])('%s: list → %i', async (_case, headers, status) => {
    const res = await app.inject({ url: '/api/v1/tenants', headers: headers() });
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });

  it('lists the register for the operator', async () => {
    const res = await app.inject({ url: '/api/v1/tenants', headers: as(op) });
    expect(res.statusCode).toBe(200);
    const slugs = res.json().map((t: { slug: string }) => t.slug);
    expect(slugs).toEqual(expect.arrayContaining(['hlucin', 'bohuslavice', 'przykladowo']));
    const h = res.json().find((t: { slug: string }) => t.slug === 'hlucin');
    expect(h).toMatchObject({
      ico: '00300063',
      officeHours: hlucin.officeHours,
      createdAt: expect.any(String),
    });
  });

  it('creates a tenant with its first admin, who can then sign in', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/tenants',
      headers: as(op),
      payload: {
        slug: 'darkovice',
        kind: 'municipality',
        name: 'Obec Darkovice',
        country: 'CZ',
        parentId: hlucin.id,
        admin: { username: 'admin', displayName: 'Správce Darkovic', password: 'Modrý kůň 2026!' },
      },
    });
    expect(res.statusCode).toBe(201);
    expect(res.headers.location).toBe(`/api/v1/tenants/${res.json().id}`);
    expect(res.json()).toMatchObject({
      slug: 'darkovice',
      parentId: hlucin.id,
      locale: 'cs',
      timeZone: 'Europe/Prague',
    });
    const s = await signIn(app, 'darkovice', 'admin');
    const own = await app.inject({ url: '/api/v1/tenant', headers: as(s) });
    expect(own.json().name).toBe('Obec Darkovice');
  });

  it.each<[string, Record<string, unknown>, number, string[]]>([
    [
      'a bad IČO and slug',
      { slug: 'X', kind: 'town', name: 'N', country: 'CZ', ico: '12345678' },
      422,
      ['slug', 'ico'],
    ],
    [
      'an unknown field',
      { slug: 'nova', kind: 'town', name: 'N', country: 'CZ', mayor: 'X' },
      422,
      ['body/mayor'],
    ],
    ['an unknown kind', { slug: 'nova', kind: 'village', name: 'N', country: 'CZ' }, 422, []],
    ['a missing name', { slug: 'nova', kind: 'town', country: 'CZ' }, 422, ['body/name']],
    ['a taken slug', { slug: 'hlucin', kind: 'town', name: 'N', country: 'CZ' }, 422, ['slug']],
  ])('refuses %s (%i) and creates nothing', async (_case, payload, status, fieldNames) => {
    const before = (await app.inject({ url: '/api/v1/tenants', headers: as(op) })).json().length;
    const res = await app.inject({ method: 'POST', url: '/api/v1/tenants', headers: as(op), payload });
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const got = (res.json().errors ?? []).map((e: { field: string }) => e.field);
    for (const f of fieldNames) expect(got).toContain(f);
    expect((await app.inject({ url: '/api/v1/tenants', headers: as(op) })).json().length).toBe(before);
  });

  it('refuses malformed JSON with 400', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/tenants',
      headers: { ...as(op), 'content-type': 'application/json' },
      payload: '{"slug": ',
    });
    expect(res.statusCode).toBe(400);
  });

  it.each<[string, string, number]>([
    ['an id that is no UUID', '/api/v1/tenants/not-a-uuid', 400],
    ['an unknown id', '/api/v1/tenants/0190d9a0-0000-7000-8000-000000000000', 404],
  ])('GET %s → %i', async (_case, url, status) => {
    expect((await app.inject({ url, headers: as(op) })).statusCode).toBe(status);
  });

  it('patches a tenant and the portal shows it at once', async () => {
    const res = await app.inject({
      method: 'PATCH',
      url: `/api/v1/tenants/${village.id}`,
      headers: as(op),
      payload: { name: 'Obec Bohuslavice u Hlučína', contacts: { email: 'obec@bohuslavice.cz' } },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      name: 'Obec Bohuslavice u Hlučína',
      contacts: { email: 'obec@bohuslavice.cz' },
    });
    const page = await app.inject({ url: '/bohuslavice/', headers: html });
    expect(page.body).toContain('<h1>Obec Bohuslavice u Hlučína</h1>');
  });

  it('a tenant admin cannot patch through the operator API (403), not even the own tenant', async () => {
    const res = await app.inject({
      method: 'PATCH',
      url: `/api/v1/tenants/${hlucin.id}`,
      headers: as(admin),
      payload: { contacts: { email: 'x@hlucin.cz' } },
    });
    expect(res.statusCode).toBe(403);
  });

  it('a state change without the CSRF token is refused and changes nothing', async () => {
    const res = await app.inject({
      method: 'PATCH',
      url: `/api/v1/tenants/${hlucin.id}`,
      headers: { cookie: op.cookie },
      payload: { name: 'Hijacked' },
    });
    expect(res.statusCode).toBe(403);
    expect((await getTenant(ctx, OPERATOR, hlucin.id)).name).toBe('Město Hlučín');
  });
});

describe('API /api/v1/tenant (the own tenant)', () => {
  it('lets the tenant admin change the public information', async () => {
    const res = await app.inject({
      method: 'PATCH',
      url: '/api/v1/tenant',
      headers: as(villageAdmin),
      payload: {
        officeHours: [{ days: 'Středa', hours: '15:00–18:00' }],
        contacts: { phone: '+420 553 654 121' },
      },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().officeHours).toEqual([{ days: 'Středa', hours: '15:00–18:00' }]);
  });

  it.each<[string, () => Record<string, string>, Record<string, unknown>, number]>([
    ['the name (operator only)', () => as(villageAdmin), { name: 'Jiná obec' }, 422],
    ['a handler', () => as(handler), { contacts: { email: 'x@hlucin.cz' } }, 403],
    ['an operator account (no tenant)', () => as(op), { contacts: { email: 'x@hlucin.cz' } }, 404],
    ['a bad e-mail', () => as(admin), { contacts: { email: 'no-at-sign' } }, 422],
  ])('refuses %s', async (_case, headers, payload, status) => {
    const res = await app.inject({ method: 'PATCH', url: '/api/v1/tenant', headers: headers(), payload });
    expect(res.statusCode).toBe(status);
  });
});

describe('API /api/v1/org-units', () => {
  let root: string;
  let child: string;

  beforeAll(async () => {
    const r1 = await app.inject({
      method: 'POST',
      url: '/api/v1/org-units',
      headers: as(admin),
      payload: { code: 'OVV', name: 'Odbor vnitřních věcí' },
    });
    expect(r1.statusCode).toBe(201);
    root = r1.json().id;
    const r2 = await app.inject({
      method: 'POST',
      url: '/api/v1/org-units',
      headers: as(admin),
      payload: { code: 'POD', name: 'Podatelna', parentId: root, isRecordsPoint: true },
    });
    expect(r2.statusCode).toBe(201);
    child = r2.json().id;
  });

  it("lists the own tenant's units to any member", async () => {
    const res = await app.inject({ url: '/api/v1/org-units', headers: as(handler) });
    expect(res.statusCode).toBe(200);
    expect(
      res
        .json()
        .map((u: { code: string }) => u.code)
        .sort(),
    ).toEqual(['OVV', 'POD']);
  });

  it.each<
    [string, () => Record<string, string>, () => string, () => Record<string, unknown>, number, string | null]
  >([
    [
      'a move under its own child',
      () => as(admin),
      () => root,
      () => ({ parentId: child }),
      422,
      'parentCycle',
    ],
    ['a move under itself', () => as(admin), () => root, () => ({ parentId: root }), 422, 'parentSelf'],
    ['a change by a handler', () => as(handler), () => root, () => ({ name: 'X' }), 403, null],
    [
      "a change by another tenant's admin",
      () => as(villageAdmin),
      () => root,
      () => ({ name: 'X' }),
      404,
      null,
    ],
    ['an empty patch', () => as(admin), () => root, () => ({}), 422, null],
    ['an unknown field', () => as(admin), () => root, () => ({ colour: 'red' }), 422, null],
  ])('refuses %s', async (_case, headers, id, payload, status, code) => {
    const res = await app.inject({
      method: 'PATCH',
      url: `/api/v1/org-units/${id()}`,
      headers: headers(),
      payload: payload(),
    });
    expect(res.statusCode).toBe(status);
    if (code) expect(res.json().errors.map((e: { code: string }) => e.code)).toContain(code);
    const units = await listOrgUnits(ctx, OPERATOR, hlucin.id);
    expect(units.find((u) => u.id === root)).toMatchObject({ parentId: null, name: 'Odbor vnitřních věcí' });
  });

  it("another tenant's admin gets 404 for a unit of this tenant", async () => {
    expect(
      (await app.inject({ url: `/api/v1/org-units/${root}`, headers: as(villageAdmin) })).statusCode,
    ).toBe(404);
    expect((await app.inject({ url: `/api/v1/org-units/${root}`, headers: as(handler) })).statusCode).toBe(
      200,
    );
  });
});

describe('staff pages', () => {
  it.each<[string, () => Signed, string[], string[]]>([
    ['the operator', () => op, ['/app/operator/tenants'], ['/app/admin/org-units']],
    ['a tenant admin', () => admin, ['/app/admin/org-units', '/app/admin/tenant'], ['/app/operator/tenants']],
    ['a handler', () => handler, [], ['/app/operator/tenants', '/app/admin/org-units', '/app/admin/tenant']],
  ])('the menu of %s', async (_case, who, shown, hidden) => {
    const res = await app.inject({ url: '/app', headers: { cookie: who().cookie, ...html } });
    expect(res.statusCode).toBe(200);
    const nav = /<nav class="main-nav"[\s\S]*?<\/nav>/.exec(res.body)?.[0] ?? '';
    for (const href of shown) expect(nav).toContain(`href="${href}"`);
    for (const href of hidden) expect(nav).not.toContain(`href="${href}"`);
  });

  it('the operator lists tenants and creates one through the form', async () => {
    const list = await app.inject({ url: '/app/operator/tenants', headers: { cookie: op.cookie, ...html } });
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Město Hlučín');
    expect(list.body).toContain(XSS_ESCAPED);
    const newForm = await app.inject({
      url: '/app/operator/tenants/new',
      headers: { cookie: op.cookie, ...html },
    });
    expect(newForm.body).toContain(`name="_csrf" value="${op.csrf}"`);
    const res = await app.inject({
      method: 'POST',
      url: '/app/operator/tenants',
      ...form(op, {
        name: 'ZŠ Hlučín',
        slug: 'zs-hlucin',
        kind: 'school',
        country: 'CZ',
        ico: '',
        parentId: hlucin.id,
        'officeHours.0.days': 'Po–Pá',
        'officeHours.0.hours': '7:00–15:30',
        'officeHours.1.days': '',
        'officeHours.1.hours': '',
      }),
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toMatch(/^\/app\/operator\/tenants\/[0-9a-f-]{36}\?created=1$/);
    const edit = await app.inject({
      url: res.headers.location as string,
      headers: { cookie: op.cookie, ...html },
    });
    expect(edit.statusCode).toBe(200);
    expect(edit.body).toContain('Subjekt byl založen.');
    expect(edit.body).toContain('value="Po–Pá"');
  });

  it('a refused form comes back with the values, an error summary and linked messages', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/app/operator/tenants',
      ...form(op, {
        name: 'Obec Chybná',
        slug: 'Chybná',
        kind: 'municipality',
        country: 'CZ',
        ico: '12345678',
        'admin.username': 'spravce',
        'admin.displayName': 'Správce',
        'admin.password': 'Krátké1',
      }),
    });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('value="Obec Chybná"');
    expect(res.body).toContain('href="#f-slug"');
    expect(res.body).toContain('aria-describedby="f-slug-hint f-slug-error"');
    expect(res.body).toContain('IČO má 8 číslic a platnou kontrolní číslici.');
    expect(res.body).toMatch(/id="f-ico"[^>]*aria-invalid="true"/);
    // The admin's password is checked by identity's policy and explained in its words.
    expect(res.body).toContain('Heslo musí mít alespoň 12 znaků.');
    expect(res.body).not.toContain('Krátké1');
  });

  it.each<[string, () => Signed, string, number]>([
    ['a tenant admin', () => admin, '/app/operator/tenants', 403],
    ['a handler', () => handler, '/app/admin/org-units', 403],
    ['a handler', () => handler, '/app/admin/tenant', 403],
    ['the operator', () => op, '/app/operator/tenants/not-a-uuid', 404],
  ])('%s opening %s gets %i', async (_case, who, url, status) => {
    const res = await app.inject({ url, headers: { cookie: who().cookie, ...html } });
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toContain('text/html');
  });

  it('an anonymous visitor is sent to sign in', async () => {
    const res = await app.inject({ url: '/app/operator/tenants', headers: html });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toContain('/login');
  });

  it('a form posted without the CSRF token is refused and changes nothing', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/app/admin/tenant',
      headers: {
        cookie: admin.cookie,
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'text/html',
      },
      payload: 'contacts.email=evil%40example.cz',
    });
    expect(res.statusCode).toBe(403);
    expect((await getTenant(ctx, OPERATOR, hlucin.id)).contacts.email).toBe('podatelna@hlucin.cz');
  });

  it('the tenant admin edits the public information and the portal shows it', async () => {
    const page = await app.inject({ url: '/app/admin/tenant', headers: { cookie: admin.cookie, ...html } });
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('name="name"'); // the legal name is the operator's
    const res = await app.inject({
      method: 'POST',
      url: '/app/admin/tenant',
      ...form(admin, {
        'address.street': 'Mírové náměstí 24/23',
        'address.city': 'Hlučín',
        'address.postcode': '748 01',
        'contacts.email': 'info@hlucin.cz',
        'contacts.phone': '+420 595 020 211',
        'contacts.web': 'https://www.hlucin.cz',
        databoxId: 'hlcbs7h',
        locale: 'cs',
        'officeHours.0.days': 'Pondělí',
        'officeHours.0.hours': '8:00–17:00',
        'settings.referenceNumberTemplate': 'MUHL/{seq}/{year}',
      }),
    });
    expect(res.statusCode).toBe(303);
    const portal = await app.inject({ url: '/hlucin/', headers: html });
    expect(portal.body).toContain('href="mailto:info@hlucin.cz"');
    expect(portal.body).toMatch(/<th scope="row">Pondělí<\/th><td>8:00–17:00<\/td>/);
    expect(portal.body).not.toContain('Úterý, čtvrtek');
  });

  it('the tenant admin manages org units through the pages; a cycle is refused with a message', async () => {
    const create = await app.inject({
      method: 'POST',
      url: '/app/admin/org-units',
      ...form(admin, { code: 'FO', name: 'Finanční odbor', parentId: '' }),
    });
    expect(create.statusCode).toBe(303);
    const list = await app.inject({
      url: '/app/admin/org-units',
      headers: { cookie: admin.cookie, ...html },
    });
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Finanční odbor');
    const units = await listOrgUnits(ctx, OPERATOR, hlucin.id);
    const fo = units.find((u) => u.code === 'FO')!;
    const sub = await createOrgUnit(ctx, OPERATOR, hlucin.id, {
      code: 'FO-R',
      name: 'Rozpočet',
      parentId: fo.id,
    });
    const edit = await app.inject({
      url: `/app/admin/org-units/${fo.id}`,
      headers: { cookie: admin.cookie, ...html },
    });
    expect(edit.statusCode).toBe(200);
    // The unit's own subtree is not offered as a new parent.
    expect(edit.body).not.toContain(`<option value="${sub.id}"`);
    const cycle = await app.inject({
      method: 'POST',
      url: `/app/admin/org-units/${fo.id}`,
      ...form(admin, { action: 'save', code: 'FO', name: 'Finanční odbor', parentId: sub.id }),
    });
    expect(cycle.statusCode).toBe(422);
    expect(cycle.body).toContain('strom by se uzavřel do kruhu');
    const deactivate = await app.inject({
      method: 'POST',
      url: `/app/admin/org-units/${fo.id}`,
      ...form(admin, { action: 'deactivate' }),
    });
    expect(deactivate.statusCode).toBe(422);
    expect(deactivate.body).toContain('Nejdříve zrušte nebo přesuňte jeho aktivní podřízené útvary.');
    expect((await listOrgUnits(ctx, OPERATOR, hlucin.id)).find((u) => u.id === fo.id)).toMatchObject({
      active: true,
      parentId: null,
    });
  });
});
