import type { AppContext } from './platform/context.js';
import { SYSTEM_ACTOR } from './platform/db/tenant.js';
import { createUser } from './platform/identity/service.js';
import { createOrgUnit, createTenant, type TenantInput } from './platform/tenancy/service.js';

/** Every demo user's password; printed on the console and in the README. */
export const DEMO_PASSWORD = 'Hlucin-Demo-2026';

interface DemoUser {
  username: string;
  displayName: string;
  roles: string[];
  unit?: string;
}

interface DemoTenant {
  tenant: Omit<TenantInput, 'parentId'> & { parent?: string };
  units?: { code: string; name: string; isRecordsPoint?: boolean }[];
  users: DemoUser[];
}

const HLUCIN_HOURS = [
  { days: 'Pondělí, středa', hours: '8:00–17:00' },
  { days: 'Úterý, čtvrtek', hours: '8:00–14:00' },
  { days: 'Pátek', hours: '8:00–12:00' },
];
const VILLAGE_HOURS = [
  { days: 'Pondělí', hours: '8:00–12:00, 13:00–17:00' },
  { days: 'Středa', hours: '8:00–12:00, 13:00–17:00' },
];

/** The demo world of DESIGN §7; other modules add their part through ModuleDef.seedDemo. */
export const DEMO: DemoTenant[] = [
  {
    tenant: {
      slug: 'hlucin',
      kind: 'orp',
      name: 'Město Hlučín',
      ico: '00300063',
      country: 'CZ',
      address: { street: 'Mírové náměstí 24/23', city: 'Hlučín', postcode: '748 01' },
      contacts: { email: 'posta@hlucin.cz', phone: '+420 595 020 211', web: 'https://www.hlucin.cz' },
      officeHours: HLUCIN_HOURS,
      settings: {
        referenceNumberTemplate: 'MUHL/{seq}/{year}',
        intakeEmail: 'podatelna@hlucin.samosprava.test',
      },
    },
    units: [
      { code: 'KT', name: 'Kancelář tajemníka (podatelna)', isRecordsPoint: true },
      { code: 'OV', name: 'Odbor výstavby a životního prostředí' },
      { code: 'OF', name: 'Odbor finanční' },
      { code: 'SPIS', name: 'Spisovna', isRecordsPoint: true },
    ],
    users: [
      { username: 'admin', displayName: 'Alena Adamcová', roles: ['tenant_admin'], unit: 'KT' },
      { username: 'podatelna', displayName: 'Petra Podešvová', roles: ['registry_clerk'], unit: 'KT' },
      { username: 'referent', displayName: 'Radek Řehoř', roles: ['handler'], unit: 'OV' },
      { username: 'vedouci', displayName: 'Věra Vaňková', roles: ['head', 'handler'], unit: 'OV' },
      { username: 'spisovna', displayName: 'Stanislav Sýkora', roles: ['records_manager'], unit: 'SPIS' },
      { username: 'tajemnik', displayName: 'Tomáš Tichý', roles: ['council_secretary'], unit: 'KT' },
      { username: 'radni', displayName: 'Renata Růžičková', roles: ['council_member'] },
      { username: 'deska', displayName: 'Daniel Dvořák', roles: ['publisher'], unit: 'KT' },
      { username: 'poplatky', displayName: 'Pavla Polášková', roles: ['fee_clerk'], unit: 'OF' },
    ],
  },
  {
    tenant: {
      slug: 'bohuslavice',
      kind: 'municipality',
      name: 'Obec Bohuslavice',
      country: 'CZ',
      parent: 'hlucin',
      address: { street: 'Hlavní 1', city: 'Bohuslavice', postcode: '747 19' },
      contacts: { email: 'obec@bohuslavice.example' },
      officeHours: VILLAGE_HOURS,
      settings: {
        referenceNumberTemplate: 'OUBO/{seq}/{year}',
        intakeEmail: 'podatelna@bohuslavice.samosprava.test',
      },
    },
    users: [
      {
        username: 'starosta',
        displayName: 'Bohumil Bártek',
        roles: ['tenant_admin', 'registry_clerk', 'handler', 'publisher'],
      },
    ],
  },
  {
    tenant: {
      slug: 'darkovice',
      kind: 'municipality',
      name: 'Obec Darkovice',
      country: 'CZ',
      parent: 'hlucin',
      address: { street: 'Hlučínská 1', city: 'Darkovice', postcode: '747 17' },
      contacts: { email: 'obec@darkovice.example' },
      officeHours: VILLAGE_HOURS,
      settings: {
        referenceNumberTemplate: 'OUDA/{seq}/{year}',
        intakeEmail: 'podatelna@darkovice.samosprava.test',
      },
    },
    users: [
      {
        username: 'starosta',
        displayName: 'Dana Drozdová',
        roles: ['tenant_admin', 'registry_clerk', 'handler', 'publisher'],
      },
    ],
  },
  {
    tenant: {
      slug: 'zs-hlucin',
      kind: 'school',
      name: 'Základní škola Hlučín',
      country: 'CZ',
      parent: 'hlucin',
      address: { street: 'Školní 1', city: 'Hlučín', postcode: '748 01' },
      contacts: { email: 'skola@zs-hlucin.example' },
      officeHours: [{ days: 'Pondělí–pátek', hours: '7:30–15:00' }],
      settings: {
        referenceNumberTemplate: 'ZSH/{seq}/{year}',
        intakeEmail: 'podatelna@zs-hlucin.samosprava.test',
      },
    },
    users: [
      {
        username: 'reditel',
        displayName: 'Zdeněk Zapletal',
        roles: ['tenant_admin', 'registry_clerk', 'handler'],
      },
    ],
  },
  {
    tenant: {
      slug: 'vysocina',
      kind: 'region',
      name: 'Kraj Vysočina',
      ico: '70890749',
      country: 'CZ',
      address: { street: 'Žižkova 1882/57', city: 'Jihlava', postcode: '587 33' },
      contacts: {
        email: 'posta@kr-vysocina.cz',
        phone: '+420 564 602 111',
        web: 'https://www.kr-vysocina.cz',
      },
      officeHours: [
        { days: 'Pondělí, středa', hours: '8:00–17:00' },
        { days: 'Úterý, čtvrtek, pátek', hours: '8:00–14:00' },
      ],
      settings: {
        referenceNumberTemplate: 'KUJI/{seq}/{year}',
        intakeEmail: 'podatelna@vysocina.samosprava.test',
      },
    },
    users: [
      { username: 'admin', displayName: 'Vladimír Veselý', roles: ['tenant_admin'] },
      { username: 'tajemnik', displayName: 'Klára Kratochvílová', roles: ['council_secretary'] },
      { username: 'radni', displayName: 'Jiří Jelínek', roles: ['council_member'] },
    ],
  },
  {
    tenant: {
      slug: 'przykladowo',
      kind: 'municipality',
      name: 'Gmina Przykładowo',
      country: 'PL',
      address: { street: 'ul. Główna 1', city: 'Przykładowo', postcode: '00-001' },
      contacts: { email: 'urzad@przykladowo.example' },
      officeHours: [{ days: 'Poniedziałek–piątek', hours: '7:30–15:30' }],
    },
    users: [{ username: 'admin', displayName: 'Zofia Kowalska', roles: ['tenant_admin', 'publisher'] }],
  },
];

export interface SeededDemo {
  password: string;
  users: { tenant: string; username: string; roles: string[] }[];
}

/** Creates the demo world when no tenant exists yet; returns null otherwise. */
export async function seedDemoIfEmpty(ctx: AppContext): Promise<SeededDemo | null> {
  const any = await ctx.db.selectFrom('tenant').select('id').limit(1).executeTakeFirst();
  if (any) return null;
  const seeded: SeededDemo = { password: DEMO_PASSWORD, users: [] };
  const ids = new Map<string, string>();
  for (const demo of DEMO) {
    const { parent, ...fields } = demo.tenant;
    const tenant = await createTenant(ctx, SYSTEM_ACTOR, {
      ...fields,
      parentId: parent ? ids.get(parent)! : null,
    });
    ids.set(tenant.slug, tenant.id);
    const units = new Map<string, string>();
    for (const u of demo.units ?? []) {
      const unit = await createOrgUnit(ctx, SYSTEM_ACTOR, tenant.id, u);
      units.set(u.code, unit.id);
    }
    // Hashing dominates (scrypt, ~0.3 s each); the thread pool runs several at once.
    await Promise.all(
      demo.users.map((u) =>
        createUser(ctx, SYSTEM_ACTOR, tenant.id, {
          username: u.username,
          displayName: u.displayName,
          password: DEMO_PASSWORD,
          roles: u.roles,
          orgUnitId: u.unit ? units.get(u.unit)! : null,
        }),
      ),
    );
    for (const u of demo.users)
      seeded.users.push({ tenant: tenant.slug, username: u.username, roles: u.roles });
  }
  await createUser(ctx, SYSTEM_ACTOR, null, {
    username: 'provozovatel',
    displayName: 'Technologické centrum Hlučínsko',
    password: DEMO_PASSWORD,
    roles: ['operator'],
  });
  seeded.users.push({ tenant: '(operator)', username: 'provozovatel', roles: ['operator'] });
  for (const m of ctx.modules) if (m.seedDemo) await m.seedDemo(ctx);
  return seeded;
}
