import { describe, expect, it } from 'vitest';
import {
  CalendarError,
  type Country,
  type DeadlineRule,
  deadline,
  dueWithin,
  type IsoDate,
  isOverdue,
} from './index.js';

// Every expected date was counted by hand on the calendar (and checked with GNU `date`):
// day 1 is the day after the start; a last day on Sat/Sun/holiday moves to the next working day.

describe("deadline, rule 'calendar' (§40 správní řád)", () => {
  it.each<[string, IsoDate, number, Country, IsoDate, IsoDate]>([
    // [case, start, days, country, last counted day, due]
    ['the issue example: Saturday → Monday', '2026-12-18', 15, 'CZ', '2027-01-02', '2027-01-04'],
    ['ends on a working day', '2026-10-01', 15, 'CZ', '2026-10-16', '2026-10-16'],
    ['24 Dec (Thu) → past Christmas and the weekend', '2026-12-09', 15, 'CZ', '2026-12-24', '2026-12-28'],
    ['25 Dec (Fri)', '2026-12-10', 15, 'CZ', '2026-12-25', '2026-12-28'],
    ['26 Dec 2025 (Fri)', '2025-12-11', 15, 'CZ', '2025-12-26', '2025-12-29'],
    ['24 Dec 2024 (Tue) → 27 Dec', '2024-12-09', 15, 'CZ', '2024-12-24', '2024-12-27'],
    ['year end: 31 Dec is a working day', '2026-12-01', 30, 'CZ', '2026-12-31', '2026-12-31'],
    ['year end: New Year (Fri) → Monday', '2026-12-02', 30, 'CZ', '2027-01-01', '2027-01-04'],
    ['year end: New Year on a Saturday', '2027-12-17', 15, 'CZ', '2028-01-01', '2028-01-03'],
    ['28 Oct (Wed)', '2026-10-13', 15, 'CZ', '2026-10-28', '2026-10-29'],
    ['17 Nov (Tue)', '2026-11-02', 15, 'CZ', '2026-11-17', '2026-11-18'],
    ['17 Nov 2025 (Mon), start on a Sunday', '2025-11-02', 15, 'CZ', '2025-11-17', '2025-11-18'],
    ['Saturday, then Sunday, then 17 Nov', '2025-10-31', 15, 'CZ', '2025-11-15', '2025-11-18'],
    ['Saturday, then Sunday, then 28 Sep (Mon)', '2026-09-11', 15, 'CZ', '2026-09-26', '2026-09-29'],
    ['Good Friday 2026 → past Easter Monday', '2026-03-19', 15, 'CZ', '2026-04-03', '2026-04-07'],
    ['Good Friday 2027 (Easter in March)', '2027-03-11', 15, 'CZ', '2027-03-26', '2027-03-30'],
    ['Easter Monday 2025', '2025-04-06', 15, 'CZ', '2025-04-21', '2025-04-22'],
    [
      'Good Friday 2016 (first year off; Easter in March)',
      '2016-03-10',
      15,
      'CZ',
      '2016-03-25',
      '2016-03-29',
    ],
    ['Good Friday 2015 was a working day', '2015-03-19', 15, 'CZ', '2015-04-03', '2015-04-03'],
    ['leap day', '2024-02-14', 15, 'CZ', '2024-02-29', '2024-02-29'],
    ['no leap day in 2023', '2023-02-14', 15, 'CZ', '2023-03-01', '2023-03-01'],
    ['30 days across February of a leap year', '2024-01-31', 30, 'CZ', '2024-03-01', '2024-03-01'],
    ['leap day 2028 (Tue)', '2028-02-14', 15, 'CZ', '2028-02-29', '2028-02-29'],
    ['one day, onto 24 Dec', '2026-12-23', 1, 'CZ', '2026-12-24', '2026-12-28'],
    ['Corpus Christi is a working day in CZ', '2026-06-01', 3, 'CZ', '2026-06-04', '2026-06-04'],
    // Poland: KPA art. 57 §4 moves the end off Saturdays and statutory days off in the same way.
    ['PL: the issue example', '2026-12-18', 15, 'PL', '2027-01-02', '2027-01-04'],
    ['PL: Corpus Christi (Thu) → Friday', '2026-06-01', 3, 'PL', '2026-06-04', '2026-06-05'],
    ['PL: Wigilia 2026', '2026-12-09', 15, 'PL', '2026-12-24', '2026-12-28'],
    ['PL: 24 Dec 2024 was still a working day', '2024-12-09', 15, 'PL', '2024-12-24', '2024-12-24'],
    ['PL: Pentecost Sunday → Monday', '2026-05-09', 15, 'PL', '2026-05-24', '2026-05-25'],
    ['PL: All Saints on a Sunday', '2026-10-17', 15, 'PL', '2026-11-01', '2026-11-02'],
    ['PL: Independence Day (Wed)', '2026-10-27', 15, 'PL', '2026-11-11', '2026-11-12'],
    ['PL: Epiphany (Tue)', '2025-12-22', 15, 'PL', '2026-01-06', '2026-01-07'],
    ['CZ: Epiphany is a working day', '2025-12-22', 15, 'CZ', '2026-01-06', '2026-01-06'],
    ['PL: Good Friday is a working day', '2027-03-11', 15, 'PL', '2027-03-26', '2027-03-26'],
    ['PL: Easter Monday 2025', '2025-04-06', 15, 'PL', '2025-04-21', '2025-04-22'],
  ])('%s: %s + %i (%s) → %s, due %s', (_case, start, days, country, counted, due) => {
    const d = deadline(start, days, 'calendar', country);
    expect(d.lastCountedDay).toBe(counted);
    expect(d.due).toBe(due);
    expect(d).toMatchObject({ start, days, rule: 'calendar', country });
  });
});

describe("deadline, rule 'working'", () => {
  it.each<[string, IsoDate, number, Country, IsoDate, IsoDate[]]>([
    // [case, start, days, country, due, weekday holidays not counted]
    [
      'over Christmas and New Year',
      '2026-12-18',
      10,
      'CZ',
      '2027-01-06',
      ['2026-12-24', '2026-12-25', '2027-01-01'],
    ],
    [
      'PL also skips Epiphany',
      '2026-12-18',
      10,
      'PL',
      '2027-01-07',
      ['2026-12-24', '2026-12-25', '2027-01-01', '2027-01-06'],
    ],
    [
      'over Easter (CZ: Good Friday and Easter Monday)',
      '2026-03-31',
      5,
      'CZ',
      '2026-04-09',
      ['2026-04-03', '2026-04-06'],
    ],
    ['over Easter (PL: Easter Monday only)', '2026-03-31', 5, 'PL', '2026-04-08', ['2026-04-06']],
    ['from a Saturday', '2026-12-19', 1, 'CZ', '2026-12-21', []],
    ['from a Friday', '2026-12-18', 1, 'CZ', '2026-12-21', []],
    ['onto Corpus Christi (PL)', '2026-06-03', 1, 'PL', '2026-06-05', ['2026-06-04']],
    ['a plain week', '2026-10-05', 5, 'CZ', '2026-10-12', []],
  ])('%s: %s + %i working days (%s) → %s', (_case, start, days, country, due, skipped) => {
    const d = deadline(start, days, 'working', country);
    expect(d.due).toBe(due);
    expect(d.lastCountedDay).toBe(due);
    const count = d.explanation.steps[0];
    expect(count?.kind).toBe('count');
    expect(count?.kind === 'count' ? count.holidaysNotCounted.map((h) => h.date) : null).toEqual(skipped);
    expect(d.explanation.steps).toHaveLength(1);
  });
});

describe("deadline, rule 'calendar-nomove' (deemed delivery, posting period)", () => {
  it.each<[string, IsoDate, number, Country, IsoDate]>([
    ['15th day of posting falls on a Saturday: stays', '2026-12-18', 15, 'CZ', '2027-01-02'],
    ['falls on 24 Dec: stays', '2026-12-09', 15, 'CZ', '2026-12-24'],
    ['a working day', '2026-10-01', 15, 'CZ', '2026-10-16'],
    ['10-day deemed delivery onto Sunday', '2026-12-17', 10, 'CZ', '2026-12-27'],
    ['PL: onto Pentecost Sunday', '2026-05-09', 15, 'PL', '2026-05-24'],
  ])('%s: %s + %i (%s) → %s', (_case, start, days, country, due) => {
    const d = deadline(start, days, 'calendar-nomove', country);
    expect(d.due).toBe(due);
    expect(d.lastCountedDay).toBe(due);
  });
});

describe('explanation steps (structured)', () => {
  it('records the last counted day, every day passed over and the move', () => {
    expect(deadline('2026-12-09', 15, 'calendar', 'CZ').explanation.steps).toEqual([
      {
        kind: 'count',
        rule: 'calendar',
        days: 15,
        from: '2026-12-09',
        to: '2026-12-24',
        holidaysNotCounted: [],
      },
      {
        kind: 'non-working',
        date: '2026-12-24',
        weekend: null,
        holiday: { cs: 'Štědrý den', en: 'Christmas Eve', pl: 'Wigilia Bożego Narodzenia' },
      },
      {
        kind: 'non-working',
        date: '2026-12-25',
        weekend: null,
        holiday: expect.objectContaining({ en: 'Christmas Day' }),
      },
      {
        kind: 'non-working',
        date: '2026-12-26',
        weekend: 'saturday',
        holiday: expect.objectContaining({ cs: '2. svátek vánoční' }),
      },
      { kind: 'non-working', date: '2026-12-27', weekend: 'sunday', holiday: null },
      { kind: 'moved', to: '2026-12-28' },
    ]);
  });

  it('records that a fixed day is not moved', () => {
    expect(deadline('2026-12-18', 15, 'calendar-nomove', 'CZ').explanation.steps).toEqual([
      {
        kind: 'count',
        rule: 'calendar-nomove',
        days: 15,
        from: '2026-12-18',
        to: '2027-01-02',
        holidaysNotCounted: [],
      },
      { kind: 'non-working', date: '2027-01-02', weekend: 'saturday', holiday: null },
      { kind: 'not-moved', date: '2027-01-02' },
    ]);
  });

  it('is plain JSON (can be stored with the case)', () => {
    const d = deadline('2026-03-19', 15, 'calendar', 'CZ');
    expect(JSON.parse(JSON.stringify(d))).toEqual(d);
  });
});

describe('invalid input', () => {
  it.each<[string, () => unknown, RegExp]>([
    ['bad date', () => deadline('2026-02-30' as IsoDate, 15, 'calendar', 'CZ'), /Invalid date "2026-02-30"/],
    [
      'not a date',
      () => deadline('18.12.2026' as IsoDate, 15, 'calendar', 'CZ'),
      /Invalid date "18.12.2026"/,
    ],
    ['negative days', () => deadline('2026-12-18', -1, 'calendar', 'CZ'), /Invalid length of period -1/],
    ['zero days', () => deadline('2026-12-18', 0, 'calendar', 'CZ'), /Invalid length of period 0/],
    ['fractional days', () => deadline('2026-12-18', 1.5, 'working', 'CZ'), /Invalid length of period 1.5/],
    ['NaN days', () => deadline('2026-12-18', Number.NaN, 'calendar', 'CZ'), /Invalid length of period NaN/],
    ['absurdly long', () => deadline('2026-12-18', 1_000_000, 'working', 'CZ'), /from 1 to 36600/],
    [
      'unknown rule',
      () => deadline('2026-12-18', 15, 'business' as DeadlineRule, 'CZ'),
      /Unknown deadline rule "business"/,
    ],
    [
      'unknown country',
      () => deadline('2026-12-18', 15, 'calendar', 'DE' as Country),
      /Unsupported country "DE"/,
    ],
    [
      'unsupported year',
      () => deadline('1999-12-01', 15, 'calendar', 'CZ'),
      /Holidays for 1999 are not supported/,
    ],
  ])('%s', (_case, call, message) => {
    expect(call).toThrow(CalendarError);
    expect(call).toThrow(message);
  });
});

describe('isOverdue / dueWithin', () => {
  it.each<[IsoDate, IsoDate, boolean]>([
    ['2027-01-04', '2027-01-03', false],
    ['2027-01-04', '2027-01-04', false], // the last day itself is still in time
    ['2027-01-04', '2027-01-05', true],
    ['2026-12-31', '2027-01-01', true],
  ])('due %s, today %s → overdue %s', (due, today, overdue) => {
    expect(isOverdue(due, today)).toBe(overdue);
  });

  it.each<[IsoDate, IsoDate, number, boolean]>([
    ['2027-01-04', '2027-01-04', 0, true],
    ['2027-01-04', '2027-01-01', 3, true],
    ['2027-01-04', '2027-01-01', 2, false],
    ['2027-01-04', '2026-12-28', 7, true],
    ['2027-01-04', '2027-01-05', 10, false], // overdue is not "due within"
    ['2024-03-01', '2024-02-28', 2, true], // across the leap day
    ['2023-03-01', '2023-02-27', 1, false],
  ])('due %s, today %s, within %i days → %s', (due, today, n, within) => {
    expect(dueWithin(due, today, n)).toBe(within);
  });

  it('refuses a negative window and bad dates', () => {
    expect(() => dueWithin('2027-01-04', '2027-01-01', -1)).toThrow(CalendarError);
    expect(() => isOverdue('2027-02-29' as IsoDate, '2027-01-01')).toThrow(/Invalid date/);
  });
});
