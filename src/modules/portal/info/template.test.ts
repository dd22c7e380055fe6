import { describe, expect, it } from 'vitest';
import { RESERVED_INFO_SLUGS, type TemplateTenant, templateFor } from './template.js';

const base: TemplateTenant = {
  slug: 'obec',
  name: 'Obec Testov',
  country: 'CZ',
  ico: '00300063',
  address: { street: 'Náves 1', city: 'Testov', postcode: '123 45' },
  contacts: { email: 'podatelna@testov.example' },
  officeHours: [{ days: 'Pondělí', hours: '8–17' }],
};

describe('page templates', () => {
  it.each([
    [
      'CZ (vyhláška 442/2006 Sb.)',
      base,
      17,
      ['nazev', 'ico', 'zadosti-o-informace', 'opravne-prostredky', 'vyrocni-zprava-106'],
    ],
    [
      'PL (BIP)',
      { ...base, country: 'PL' as const, name: 'Gmina Testowo' },
      13,
      ['nazwa', 'kontakt', 'dostep-do-informacji'],
    ],
  ])('%s: top-level pages, unique slugs, none reserved', (_n, tenant, topLevel, mustHave) => {
    const pages = templateFor(tenant);
    const slugs = pages.map((p) => p.slug);
    expect(new Set(slugs).size).toBe(slugs.length);
    expect(pages.filter((p) => !p.parent)).toHaveLength(topLevel);
    expect(slugs).toEqual(expect.arrayContaining(mustHave));
    expect(slugs.filter((s) => RESERVED_INFO_SLUGS.includes(s))).toEqual([]);
    for (const p of pages.filter((x) => x.parent)) expect(slugs).toContain(p.parent);
  });

  it.each([
    ['ico', '00300063'],
    ['dic', 'CZ00300063'],
    ['kontaktni-spojeni', 'Náves 1, 123 45 Testov'],
    ['kontaktni-spojeni', 'Pondělí: 8–17'],
  ])('fills %s from the tenant register (%s)', (slug, text) => {
    expect(templateFor(base).find((p) => p.slug === slug)?.body).toContain(text);
  });

  it('marks what the register does not know for staff to complete', () => {
    expect(templateFor({ ...base, ico: null }).find((p) => p.slug === 'ico')?.body).toBe('[doplňte IČO]');
  });
});
