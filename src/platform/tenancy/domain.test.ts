import { describe, expect, it } from 'vitest';
import {
  buildTree,
  canonicalTimeZone,
  checkOrgUnitFields,
  checkReferenceTemplate,
  checkTenant,
  flattenTree,
  isValidDataboxId,
  isValidEmail,
  isValidIco,
  isValidPhone,
  isValidPostcode,
  isValidRegon,
  isValidWebUrl,
  slugIssue,
  subtreeIds,
  type TenantFields,
  telHref,
  wouldCreateCycle,
} from './domain.js';

const RESERVED = ['api', 'app', 'login', 'pristupnost'];

describe('IČO (Czech mod-11 check digit)', () => {
  it.each<[string, boolean, string]>([
    ['00300063', true, 'Město Hlučín'],
    ['70890749', true, 'Kraj Vysočina'],
    ['44992785', true, 'Statutární město Brno'],
    ['00300064', false, 'Hlučín with the last digit off by one'],
    ['70890748', false, 'Vysočina with a wrong check digit'],
    ['0030006', false, 'seven digits'],
    ['003000630', false, 'nine digits'],
    ['0030006a', false, 'a letter'],
    ['', false, 'empty'],
    ['12345678', false, 'a plausible-looking number with a wrong check digit'],
  ])('%s → %s (%s)', (ico, ok) => {
    expect(isValidIco(ico)).toBe(ok);
  });

  // The two special cases of the rule: remainder 0 → check digit 1, remainder 1 → check digit 0.
  it.each<[string, boolean, string]>([
    ['00064581', true, 'Hlavní město Praha: remainder 0 → 1'],
    ['00000141', true, 'remainder 0 → 1'],
    ['00000140', false, 'remainder 0 with check digit 0'],
    ['00000060', true, 'remainder 1 → 0'],
    ['00000061', false, 'remainder 1 with check digit 1'],
  ])('%s → %s (%s)', (ico, ok) => {
    expect(isValidIco(ico)).toBe(ok);
  });
});

describe('REGON (Polish statistical number, stored in the ico column for PL tenants)', () => {
  it.each<[string, boolean, string]>([
    ['123456785', true, '9 digits, valid'],
    ['123456786', false, '9 digits, wrong check digit'],
    ['12345678512347', true, '14 digits, valid'],
    ['12345678512348', false, '14 digits, wrong check digit'],
    ['12345678612347', false, '14 digits whose first 9 are no valid REGON'],
    ['1234567851', false, '10 digits (that is a NIP length, not a REGON)'],
    ['12345678', false, '8 digits'],
    ['12345678a', false, 'a letter'],
  ])('%s → %s (%s)', (regon, ok) => {
    expect(isValidRegon(regon)).toBe(ok);
  });
});

describe('slug', () => {
  it.each<[string, string | null]>([
    ['hlucin', null],
    ['zs-hlucin', null],
    ['a1', null],
    ['x'.repeat(50), null],
    ['x'.repeat(51), 'slugFormat'],
    ['h', 'slugFormat'],
    ['Hlucin', 'slugFormat'],
    ['hlučín', 'slugFormat'],
    ['-hlucin', 'slugFormat'],
    ['hlucin-', 'slugFormat'],
    ['zs--hlucin', 'slugFormat'],
    ['zs_hlucin', 'slugFormat'],
    ['zs hlucin', 'slugFormat'],
    ['', 'slugFormat'],
    ['api', 'slugReserved'],
    ['login', 'slugReserved'],
    ['pristupnost', 'slugReserved'],
  ])('%j → %s', (slug, expected) => {
    expect(slugIssue(slug, RESERVED)).toBe(expected);
  });
});

describe('contacts and identifiers', () => {
  it.each<[string, boolean]>([
    ['podatelna@hlucin.cz', true],
    ['a.b+c@obec-x.cz', true],
    ['no-at-sign.cz', false],
    ['two@@at.cz', false],
    ['space in@x.cz', false],
    ['x@localhost', false],
    ['"><script>@x.cz', false],
  ])('e-mail %j → %s', (v, ok) => expect(isValidEmail(v)).toBe(ok));

  it.each<[string, boolean]>([
    ['+420 595 020 211', true],
    ['595020211', true],
    ['(+48) 22 123 45 67', false],
    ['+48 22 123-45-67', true],
    ['12345', false],
    ['javascript:alert(1)', false],
    ['+420 595 020 211 ext', false],
  ])('phone %j → %s', (v, ok) => expect(isValidPhone(v)).toBe(ok));

  it.each<[string, string]>([
    ['+420 595 020 211', 'tel:+420595020211'],
    ['+48 22 123-45-67', 'tel:+48221234567'],
  ])('tel link of %j is %s', (v, href) => expect(telHref(v)).toBe(href));

  it.each<[string, boolean]>([
    ['https://www.hlucin.cz', true],
    ['http://obec.example.cz/uredni-deska', true],
    ['javascript:alert(1)', false],
    ['data:text/html,hi', false],
    ['www.hlucin.cz', false],
    ['https://localhost', false],
    ['ftp://x.cz', false],
  ])('web %j → %s', (v, ok) => expect(isValidWebUrl(v)).toBe(ok));

  it.each<[string, boolean]>([
    ['hlcbs7h', true],
    ['abc1234', true],
    ['ABC1234', false],
    ['abc123', false],
    ['abc12345', false],
    ['abc-123', false],
  ])('data-box ID %j → %s', (v, ok) => expect(isValidDataboxId(v)).toBe(ok));

  it.each<['CZ' | 'PL', string, boolean]>([
    ['CZ', '748 01', true],
    ['CZ', '74801', true],
    ['CZ', '748-01', false],
    ['PL', '00-950', true],
    ['PL', '00950', false],
    ['PL', '748 01', false],
  ])('postcode %s %j → %s', (country, v, ok) => expect(isValidPostcode(country, v)).toBe(ok));

  it.each<[string, string | null]>([
    ['Europe/Prague', 'Europe/Prague'],
    ['europe/warsaw', 'Europe/Warsaw'],
    ['UTC', 'UTC'],
    ['Europe/Hlucin', null],
    ['Mars/Olympus', null],
    ['', null],
    ['Europe/Prague; DROP TABLE', null],
  ])('time zone %j → %s', (tz, canonical) => expect(canonicalTimeZone(tz)).toBe(canonical));
});

describe('reference-number template', () => {
  it.each<[string, boolean]>([
    ['MUHL/{seq}/{year}', true],
    ['{unit}-{seq:05}/{year}', true],
    ['MUHL/{year}', false], // no {seq}: numbers would repeat
    ['MUHL/{seq}/{year}/{meeting}', false], // unknown placeholder
    [`${'X'.repeat(40)}/{seq}/{year}`, false], // longer than 50 characters at its largest
    ['MUHL/{seq/{year}', false], // malformed
  ])('%j valid: %s', (template, ok) => {
    expect(checkReferenceTemplate(template).length === 0).toBe(ok);
  });
});

const base: TenantFields = {
  slug: 'dolni-lhota',
  kind: 'municipality',
  name: '  Obec   Dolní Lhota ',
  ico: '003 00 063',
  country: 'CZ',
};

describe('checkTenant', () => {
  it('normalises a minimal Czech tenant and fills country defaults', () => {
    const r = checkTenant(base, { reservedSlugs: RESERVED });
    expect(r).toEqual({
      ok: true,
      value: {
        slug: 'dolni-lhota',
        kind: 'municipality',
        name: 'Obec Dolní Lhota',
        ico: '00300063',
        databoxId: null,
        country: 'CZ',
        timeZone: 'Europe/Prague',
        locale: 'cs',
        address: {},
        contacts: {},
        officeHours: [],
        settings: {},
        parentId: null,
      },
    });
  });

  it('a Polish tenant defaults to Polish and Warsaw time and takes a REGON', () => {
    const r = checkTenant(
      { ...base, slug: 'przykladowo', country: 'PL', ico: '123456785', address: { postcode: '00-950' } },
      { reservedSlugs: RESERVED },
    );
    expect(r.ok && r.value).toMatchObject({ locale: 'pl', timeZone: 'Europe/Warsaw', ico: '123456785' });
  });

  it.each<[string, Partial<TenantFields>, string[]]>([
    ['reserved slug', { slug: 'api' }, ['slug:slugReserved']],
    ['bad kind', { kind: 'village' }, ['kind:kind']],
    ['bad country', { country: 'SK' }, ['country:country']],
    ['IČO with a wrong check digit', { ico: '00300064' }, ['ico:ico']],
    ['REGON on a Czech tenant', { ico: '123456785' }, ['ico:ico']],
    ['IČO on a Polish tenant', { country: 'PL', ico: '00300063' }, ['ico:regon']],
    [
      'data box on a Polish tenant',
      { country: 'PL', ico: null, databoxId: 'abc1234' },
      ['databoxId:databoxCountry'],
    ],
    ['malformed data box', { databoxId: 'abc-123' }, ['databoxId:databox']],
    ['unknown time zone', { timeZone: 'Europe/Hlucin' }, ['timeZone:timeZone']],
    ['unknown locale', { locale: 'de' }, ['locale:locale']],
    ['empty name', { name: '   ' }, ['name:required']],
    ['name too long', { name: 'x'.repeat(201) }, ['name:tooLong']],
    ['javascript: web', { contacts: { web: 'javascript:alert(1)' } }, ['contacts.web:web']],
    [
      'bad e-mail and phone',
      { contacts: { email: 'x', phone: 'call me' } },
      ['contacts.email:email', 'contacts.phone:phone'],
    ],
    ['Polish postcode on a Czech tenant', { address: { postcode: '00-950' } }, ['address.postcode:postcode']],
    [
      'office hours row half filled',
      {
        officeHours: [
          { days: 'Po, St', hours: '' },
          { days: '', hours: '8–12' },
        ],
      },
      ['officeHours.0.hours:officeHoursRow', 'officeHours.1.days:officeHoursRow'],
    ],
    [
      'too many office hours rows',
      { officeHours: Array.from({ length: 15 }, () => ({ days: 'Po', hours: '8–12' })) },
      ['officeHours:officeHoursTooMany'],
    ],
    [
      'template without {seq}',
      { settings: { referenceNumberTemplate: 'MUHL/{year}' } },
      ['settings.referenceNumberTemplate:template'],
    ],
  ])('%s', (_case, change, expected) => {
    const r = checkTenant({ ...base, ...change }, { reservedSlugs: RESERVED });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => `${i.field}:${i.code}`)).toEqual(expected);
  });

  it('drops empty office-hours rows and keeps filled ones', () => {
    const r = checkTenant(
      {
        ...base,
        officeHours: [
          { days: 'Po, St', hours: '8:00–17:00' },
          { days: ' ', hours: '' },
        ],
      },
      { reservedSlugs: RESERVED },
    );
    expect(r.ok && r.value.officeHours).toEqual([{ days: 'Po, St', hours: '8:00–17:00' }]);
  });
});

describe('tree rules', () => {
  // a ─ b ─ c
  //   └ d      e (root)
  const parentOf = new Map<string, string | null>([
    ['a', null],
    ['b', 'a'],
    ['c', 'b'],
    ['d', 'a'],
    ['e', null],
  ]);

  it.each<[string, string, string | null, boolean]>([
    ['to the root', 'c', null, false],
    ['under a sibling', 'c', 'd', false],
    ['under another root', 'a', 'e', false],
    ['under itself', 'a', 'a', true],
    ['under its child', 'a', 'b', true],
    ['under its grandchild', 'a', 'c', true],
    ['a leaf under its parent (no change)', 'c', 'b', false],
    ['a middle node under its own child', 'b', 'c', true],
    ['a new node (not yet in the map)', 'new', 'c', false],
  ])('move %s: %s under %s → cycle %s', (_case, id, parent, cycle) => {
    expect(wouldCreateCycle(id, parent, parentOf)).toBe(cycle);
  });

  it('a damaged tree with a loop above does not hang and counts as a cycle', () => {
    const loop = new Map<string, string | null>([
      ['x', 'y'],
      ['y', 'x'],
    ]);
    expect(wouldCreateCycle('n', 'x', loop)).toBe(true);
  });

  it('subtreeIds lists a node and everything below it', () => {
    expect([...subtreeIds('a', parentOf)].sort()).toEqual(['a', 'b', 'c', 'd']);
    expect([...subtreeIds('b', parentOf)].sort()).toEqual(['b', 'c']);
    expect([...subtreeIds('e', parentOf)]).toEqual(['e']);
  });

  it('buildTree orders by name at every level and keeps orphans as roots', () => {
    const rows = [
      { id: '1', parentId: null, name: 'Odbor vnitřních věcí' },
      { id: '2', parentId: '1', name: 'Podatelna' },
      { id: '3', parentId: '1', name: 'Matrika' },
      { id: '4', parentId: null, name: 'Finanční odbor' },
      { id: '5', parentId: 'gone', name: 'Sirotek' },
    ];
    const flat = flattenTree(buildTree(rows, (r) => r.name)).map((n) => `${n.depth}:${n.item.name}`);
    expect(flat).toEqual([
      '0:Finanční odbor',
      '0:Odbor vnitřních věcí',
      '1:Matrika',
      '1:Podatelna',
      '0:Sirotek',
    ]);
  });
});

describe('org unit fields', () => {
  it.each<[string, string, string[]]>([
    ['OVV', 'Odbor vnitřních věcí', []],
    ['SÚ', 'Stavební úřad', []],
    ['OVV/POD', 'Podatelna', []],
    ['', 'x', ['code:required']],
    ['O V V', 'x', ['code:codeFormat']],
    ['X'.repeat(21), 'x', ['code:codeFormat']],
    ['OK', '  ', ['name:required']],
  ])('code %j name %j', (code, name, expected) => {
    const r = checkOrgUnitFields({ code, name });
    expect(r.ok ? [] : r.issues.map((i) => `${i.field}:${i.code}`)).toEqual(expected);
  });
});
