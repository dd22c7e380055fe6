import { describe, expect, it } from 'vitest';
import type { IsoDate } from '../../../platform/calendar/index.js';
import { reminderKind, reminderRecipients, sameName } from './task-reminders.js';

describe('reminderKind (today Wednesday 1 April 2026, a week ahead)', () => {
  it.each([
    ['2026-03-31', 'overdue'],
    ['2026-04-01', 'due_soon'],
    ['2026-04-08', 'due_soon'],
    ['2026-04-09', null],
    ['2027-01-01', null],
  ] as const)('due %s → %s', (due, kind) => {
    expect(reminderKind(due as IsoDate, '2026-04-01' as IsoDate)).toBe(kind);
  });
  it('a shorter window', () => {
    expect(reminderKind('2026-04-03' as IsoDate, '2026-04-01' as IsoDate, 1)).toBeNull();
    expect(reminderKind('2026-04-02' as IsoDate, '2026-04-01' as IsoDate, 1)).toBe('due_soon');
  });
});

describe('sameName', () => {
  it.each([
    ['Anna Adamová', 'anna  adamova', true],
    ['Řehoř Žák', 'REHOR ZAK', true],
    ['Anna Adamová', 'Anna Adamová, starostka', false],
    ['odbor finanční', 'Odbor Finanční ', true],
  ])('%s ~ %s → %s', (a, b, same) => {
    expect(sameName(a, b)).toBe(same);
  });
});

describe('reminderRecipients', () => {
  const anna = { name: 'Anna Adamová', email: 'adamova@mesto.cz' };
  const annaNoMail = { name: 'Anna Adamová', email: null };
  const secretaries = [
    { name: 'Tajemník', email: 'tajemnik@mesto.cz' },
    { name: 'Bez adresy', email: null },
    { name: 'Tajemník (znovu)', email: 'TAJEMNIK@mesto.cz' },
  ];
  const base = { bodyMembers: [], otherMembers: [], users: [], secretaries };
  it.each([
    {
      name: 'a member of the body by name',
      input: { ...base, responsible: 'anna adamova', bodyMembers: [anna] },
      to: ['adamova@mesto.cz'],
      personal: true,
    },
    {
      name: 'the body member wins over a staff user of the same name',
      input: {
        ...base,
        responsible: 'Anna Adamová',
        bodyMembers: [anna],
        users: [{ name: 'Anna Adamová', email: 'a.adamova@urad.cz' }],
      },
      to: ['adamova@mesto.cz'],
      personal: true,
    },
    {
      name: 'a member without an address: a staff user of that name',
      input: {
        ...base,
        responsible: 'Anna Adamová',
        bodyMembers: [annaNoMail],
        users: [{ name: 'Anna Adamová', email: 'a.adamova@urad.cz' }],
      },
      to: ['a.adamova@urad.cz'],
      personal: true,
    },
    {
      name: 'a member of another body',
      input: { ...base, responsible: 'Anna Adamová', otherMembers: [anna] },
      to: ['adamova@mesto.cz'],
      personal: true,
    },
    {
      name: 'a department: the secretaries with an address, each address once',
      input: { ...base, responsible: 'odbor finanční', bodyMembers: [anna] },
      to: ['tajemnik@mesto.cz'],
      personal: false,
    },
    {
      name: 'nobody with an address',
      input: { ...base, responsible: 'odbor finanční', secretaries: [{ name: 'x', email: null }] },
      to: [],
      personal: false,
    },
  ])('$name', ({ input, to, personal }) => {
    const r = reminderRecipients(input);
    expect(r.to.map((x) => x.address)).toEqual(to);
    expect(r.personal).toBe(personal);
  });
});
