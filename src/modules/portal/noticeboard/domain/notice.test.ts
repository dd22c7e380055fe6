import { describe, expect, it } from 'vitest';
import { formatExplanation } from '../../../../platform/calendar/index.js';
import {
  allows,
  cleanNotice,
  isValidIco,
  type NoticeAction,
  postingMoment,
  removalMoment,
  scheduleOutcome,
} from './notice.js';

const base = {
  title: 'Oznámení',
  category: 'announcement',
  postingDate: '2026-03-02',
  removalDate: '2026-03-20',
};

describe('removal date of a public notice (veřejná vyhláška, 15 days, never moved)', () => {
  it.each([
    // posted Monday → 15th day Tuesday
    ['2026-03-02', 'CZ', '2026-03-17', null],
    // 15th day a Saturday: stays (deemed delivery is a fixed day, not a period to act in)
    ['2026-03-06', 'CZ', '2026-03-21', 'sobota'],
    // 15th day Sunday
    ['2026-03-07', 'CZ', '2026-03-22', 'neděle'],
    // 15th day Christmas Eve, a public holiday in CZ
    ['2026-12-09', 'CZ', '2026-12-24', 'Štědrý den'],
    // crossing the new year
    ['2026-12-20', 'CZ', '2027-01-04', null],
    // 15th day 3 May, a Polish holiday
    ['2026-04-18', 'PL', '2026-05-03', 'Święto'],
  ] as const)('posted %s (%s) → shown at least until %s', (posting, country, due, says) => {
    const r = cleanNotice(
      { ...base, category: 'public-notice', postingDate: posting, removalDate: '' },
      country,
    );
    expect(r.issues).toEqual([]);
    expect(r.value.removalDate).toBe(due);
    const text = formatExplanation(r.value.removalDeadline!.explanation, country === 'PL' ? 'pl' : 'cs');
    expect(text).toContain(due);
    if (says) expect(text).toContain(says);
    expect(text).not.toMatch(/posunuto|przesunięto/);
  });

  it('accepts a longer explicit period and keeps the minimum explanation', () => {
    const r = cleanNotice({ ...base, category: 'public-notice', removalDate: '2026-04-30' }, 'CZ');
    expect(r.issues).toEqual([]);
    expect(r.value.removalDate).toBe('2026-04-30');
    expect(r.value.removalDeadline?.due).toBe('2026-03-17');
  });
});

describe('bad input', () => {
  it.each([
    ['no title', { title: '  ' }, 'title', 'required'],
    ['removal before posting', { removalDate: '2026-03-01' }, 'removalDate', 'removalBeforePosting'],
    [
      'public notice too short',
      { category: 'public-notice', removalDate: '2026-03-16' },
      'removalDate',
      'publicNoticeTooShort',
    ],
    ['no removal date for an ordinary notice', { removalDate: '' }, 'removalDate', 'removalRequired'],
    ['not a date', { postingDate: '2. 3. 2026' }, 'postingDate', 'date'],
    ['impossible date', { removalDate: '2026-02-30' }, 'removalDate', 'date'],
    ['unknown category', { category: 'gossip' }, 'category', 'category'],
    ['bad IČO check digit', { originatorName: 'Úřad', originatorIco: '00300064' }, 'originatorIco', 'ico'],
    ['IČO without a name', { originatorIco: '00300063' }, 'originatorName', 'originatorNameRequired'],
    ['approved after posting', { approvalDate: '2026-03-03' }, 'approvalDate', 'approvalAfterPosting'],
    ['too long reference number', { referenceNumber: 'x'.repeat(51) }, 'referenceNumber', 'tooLong'],
  ] as const)('%s', (_name, patch, field, code) => {
    const r = cleanNotice({ ...base, ...patch }, 'CZ');
    expect(r.issues).toContainEqual(expect.objectContaining({ field, code }));
  });

  it('a clean notice has no issues and tidied values', () => {
    const r = cleanNotice(
      {
        ...base,
        title: ' Záměr prodeje ',
        originatorName: ' Kraj Vysočina ',
        originatorIco: '708 90 749',
        referenceNumber: '',
      },
      'CZ',
    );
    expect(r.issues).toEqual([]);
    expect(r.value).toMatchObject({
      title: 'Záměr prodeje',
      originatorName: 'Kraj Vysočina',
      originatorIco: '70890749',
      referenceNumber: null,
      removalDeadline: null,
    });
  });
});

describe('IČO', () => {
  it.each([
    ['00300063', true],
    ['70890749', true],
    ['00258245', true],
    ['00300064', false],
    ['1234567', false],
    ['abcdefgh', false],
  ])('%s → %s', (ico, ok) => expect(isValidIco(ico)).toBe(ok));
});

describe('states', () => {
  const table: [string, NoticeAction, boolean][] = [
    ['draft', 'edit', true],
    ['draft', 'attach', true],
    ['draft', 'schedule', true],
    ['draft', 'delete', true],
    ['draft', 'remove', false],
    ['scheduled', 'edit', false],
    ['scheduled', 'unschedule', true],
    ['scheduled', 'post', true],
    ['scheduled', 'remove', false],
    ['posted', 'edit', false],
    ['posted', 'attach', false],
    ['posted', 'remove', true],
    ['posted', 'unschedule', false],
    ['removed', 'remove', false],
    ['removed', 'schedule', false],
    ['removed', 'delete', false],
  ];
  it.each(table)('%s: %s → %s', (state, action, ok) => {
    expect(allows(state as 'draft', action)).toBe(ok);
  });

  it.each([
    ['2026-03-01', '2026-03-02', 'past'],
    ['2026-03-02', '2026-03-02', 'post-now'],
    ['2026-03-03', '2026-03-02', 'scheduled'],
  ] as const)('posting on %s, today %s → %s', (posting, today, outcome) => {
    expect(scheduleOutcome(posting, today)).toBe(outcome);
  });
});

describe('moments in the tenant zone', () => {
  it('goes up at local midnight of the posting day and down after the last day (DST aware)', () => {
    expect(postingMoment('2026-03-02', 'Europe/Prague').toISOString()).toBe('2026-03-01T23:00:00.000Z');
    // last day 28 March; comes down at the start of 29 March, still CET
    expect(removalMoment('2026-03-28', 'Europe/Prague').toISOString()).toBe('2026-03-28T23:00:00.000Z');
    // last day 29 March (the DST day); comes down at the start of 30 March, CEST
    expect(removalMoment('2026-03-29', 'Europe/Prague').toISOString()).toBe('2026-03-29T22:00:00.000Z');
  });
});
