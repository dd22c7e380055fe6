import { describe, expect, it } from 'vitest';
import { checkDelegation, delegationActive } from './delegation.js';

const today = '2026-03-10' as const;

describe('a stand-in’s range of days', () => {
  it.each<[string, { from?: string; to?: string; note?: string }, string[]]>([
    ['one day, today', { from: '2026-03-10', to: '2026-03-10' }, []],
    ['a fortnight ahead', { from: '2026-03-16', to: '2026-03-27' }, []],
    ['begun yesterday, still running', { from: '2026-03-09', to: '2026-03-12' }, []],
    ['a whole year (366 days)', { from: '2026-03-10', to: '2027-03-10' }, []],
    ['longer than 366 days', { from: '2026-03-10', to: '2027-03-11' }, ['to']],
    ['already over', { from: '2026-03-01', to: '2026-03-09' }, ['to']],
    ['the end before the start', { from: '2026-03-20', to: '2026-03-19' }, ['to']],
    ['no dates', {}, ['from', 'to']],
    ['not a date', { from: '10.3.2026', to: '2026-02-30' }, ['from', 'to']],
    ['a note too long', { from: '2026-03-10', to: '2026-03-11', note: 'x'.repeat(1001) }, ['note']],
  ])('%s', (_name, input, fields) => {
    const r = checkDelegation(input, today);
    expect(r.errors.map((e) => e.field)).toEqual(fields);
    expect(r.value === null).toBe(fields.length > 0);
  });

  it('keeps a note trimmed, none as null', () => {
    expect(checkDelegation({ from: today, to: today, note: '  dovolená ' }, today).value?.note).toBe(
      'dovolená',
    );
    expect(checkDelegation({ from: today, to: today, note: '   ' }, today).value?.note).toBeNull();
  });

  it.each<[string, { from: string; to: string; revoked: boolean }, boolean]>([
    ['on its first day', { from: '2026-03-10', to: '2026-03-12', revoked: false }, true],
    ['on its last day', { from: '2026-03-01', to: '2026-03-10', revoked: false }, true],
    ['the day before it begins', { from: '2026-03-11', to: '2026-03-12', revoked: false }, false],
    ['the day after it ended', { from: '2026-03-01', to: '2026-03-09', revoked: false }, false],
    ['ended early', { from: '2026-03-01', to: '2026-03-20', revoked: true }, false],
  ])('applies %s: %s', (_name, d, active) => {
    expect(delegationActive(d, today)).toBe(active);
  });
});
