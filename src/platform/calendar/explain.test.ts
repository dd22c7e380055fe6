import { describe, expect, it } from 'vitest';
import {
  CalendarError,
  type Country,
  type DeadlineRule,
  deadline,
  formatDayCount,
  formatExplanation,
  type IsoDate,
} from './index.js';

type Locale = 'cs' | 'en' | 'pl';

describe('formatExplanation', () => {
  it.each<[IsoDate, number, DeadlineRule, Country, Locale, string]>([
    // The example from the issue.
    [
      '2026-12-18',
      15,
      'calendar',
      'CZ',
      'cs',
      '15 dní od 2026-12-18 → 2027-01-02 je sobota → posunuto na 2027-01-04',
    ],
    [
      '2026-12-18',
      15,
      'calendar',
      'CZ',
      'en',
      '15 days from 2026-12-18 → 2027-01-02 is a Saturday → moved to 2027-01-04',
    ],
    [
      '2026-12-18',
      15,
      'calendar',
      'CZ',
      'pl',
      '15 dni od 2026-12-18 → 2027-01-02 przypada w sobotę → przesunięto na 2027-01-04',
    ],
    // A holiday is named; the Saturday after it needs no comment.
    [
      '2026-12-10',
      15,
      'calendar',
      'CZ',
      'en',
      '15 days from 2026-12-10 → 2026-12-25 is a public holiday (Christmas Day) → moved to 2026-12-28',
    ],
    [
      '2026-12-10',
      15,
      'calendar',
      'CZ',
      'cs',
      '15 dní od 2026-12-10 → 2026-12-25 je svátek (1. svátek vánoční) → posunuto na 2026-12-28',
    ],
    // Further holidays on weekdays are named too.
    [
      '2026-12-09',
      15,
      'calendar',
      'CZ',
      'cs',
      '15 dní od 2026-12-09 → 2026-12-24 je svátek (Štědrý den), 2026-12-25 je svátek (1. svátek vánoční) → posunuto na 2026-12-28',
    ],
    [
      '2026-03-19',
      15,
      'calendar',
      'CZ',
      'en',
      '15 days from 2026-03-19 → 2026-04-03 is a public holiday (Good Friday), 2026-04-06 is a public holiday (Easter Monday) → moved to 2026-04-07',
    ],
    [
      '2025-10-31',
      15,
      'calendar',
      'CZ',
      'cs',
      '15 dní od 2025-10-31 → 2025-11-15 je sobota, 2025-11-17 je svátek (Den boje za svobodu a demokracii a Mezinárodní den studentstva) → posunuto na 2025-11-18',
    ],
    [
      '2026-10-13',
      15,
      'calendar',
      'CZ',
      'cs',
      '15 dní od 2026-10-13 → 2026-10-28 je svátek (Den vzniku samostatného československého státu) → posunuto na 2026-10-29',
    ],
    // A day both weekend and holiday.
    [
      '2027-12-17',
      15,
      'calendar',
      'CZ',
      'en',
      "15 days from 2027-12-17 → 2028-01-01 is a Saturday and a public holiday (New Year's Day) → moved to 2028-01-03",
    ],
    [
      '2026-05-09',
      15,
      'calendar',
      'PL',
      'pl',
      '15 dni od 2026-05-09 → 2026-05-24 przypada w niedzielę i jest dniem ustawowo wolnym od pracy (Zielone Świątki) → przesunięto na 2026-05-25',
    ],
    [
      '2026-05-09',
      15,
      'calendar',
      'PL',
      'cs',
      '15 dní od 2026-05-09 → 2026-05-24 je neděle a svátek (Zielone Świątki) → posunuto na 2026-05-25',
    ],
    [
      '2026-06-01',
      3,
      'calendar',
      'PL',
      'pl',
      '3 dni od 2026-06-01 → 2026-06-04 jest dniem ustawowo wolnym od pracy (Dzień Bożego Ciała) → przesunięto na 2026-06-05',
    ],
    // No move needed.
    ['2026-10-01', 15, 'calendar', 'CZ', 'cs', '15 dní od 2026-10-01 → 2026-10-16'],
    [
      '2026-12-23',
      1,
      'calendar',
      'CZ',
      'en',
      '1 day from 2026-12-23 → 2026-12-24 is a public holiday (Christmas Eve), 2026-12-25 is a public holiday (Christmas Day) → moved to 2026-12-28',
    ],
    // Fixed days.
    [
      '2026-12-18',
      15,
      'calendar-nomove',
      'CZ',
      'cs',
      '15 dní od 2026-12-18 → 2027-01-02 je sobota → neposouvá se',
    ],
    [
      '2026-12-18',
      15,
      'calendar-nomove',
      'CZ',
      'en',
      '15 days from 2026-12-18 → 2027-01-02 is a Saturday → not moved',
    ],
    [
      '2026-12-18',
      15,
      'calendar-nomove',
      'PL',
      'pl',
      '15 dni od 2026-12-18 → 2027-01-02 przypada w sobotę → bez przesunięcia',
    ],
    // Working days.
    [
      '2026-12-18',
      10,
      'working',
      'CZ',
      'cs',
      '10 pracovních dní od 2026-12-18 → 2027-01-06; nepočítají se svátky: 2026-12-24 (Štědrý den), 2026-12-25 (1. svátek vánoční), 2027-01-01 (Nový rok a Den obnovy samostatného českého státu)',
    ],
    [
      '2026-03-31',
      5,
      'working',
      'PL',
      'pl',
      '5 dni roboczych od 2026-03-31 → 2026-04-08; nie licząc dni ustawowo wolnych od pracy: 2026-04-06 (Drugi dzień Wielkanocy)',
    ],
    [
      '2026-03-31',
      5,
      'working',
      'CZ',
      'en',
      '5 working days from 2026-03-31 → 2026-04-09; public holidays not counted: 2026-04-03 (Good Friday), 2026-04-06 (Easter Monday)',
    ],
    ['2026-10-05', 2, 'working', 'CZ', 'pl', '2 dni robocze od 2026-10-05 → 2026-10-07'],
    ['2026-10-05', 3, 'working', 'CZ', 'cs', '3 pracovní dny od 2026-10-05 → 2026-10-08'],
    ['2026-12-18', 1, 'working', 'CZ', 'en', '1 working day from 2026-12-18 → 2026-12-21'],
  ])('%s + %i %s (%s) in %s', (start, days, rule, country, locale, expected) => {
    expect(formatExplanation(deadline(start, days, rule, country).explanation, locale)).toBe(expected);
  });

  it('refuses an unknown locale', () => {
    const { explanation } = deadline('2026-12-18', 15, 'calendar', 'CZ');
    expect(() => formatExplanation(explanation, 'de' as Locale)).toThrow(CalendarError);
  });
});

describe('formatDayCount: plurals', () => {
  it.each<[number, string, string, string, string, string, string]>([
    // n, cs, cs working, pl, pl working, en, en working
    [0, '0 dní', '0 pracovních dní', '0 dni', '0 dni roboczych', '0 days', '0 working days'],
    [1, '1 den', '1 pracovní den', '1 dzień', '1 dzień roboczy', '1 day', '1 working day'],
    [2, '2 dny', '2 pracovní dny', '2 dni', '2 dni robocze', '2 days', '2 working days'],
    [3, '3 dny', '3 pracovní dny', '3 dni', '3 dni robocze', '3 days', '3 working days'],
    [4, '4 dny', '4 pracovní dny', '4 dni', '4 dni robocze', '4 days', '4 working days'],
    [5, '5 dní', '5 pracovních dní', '5 dni', '5 dni roboczych', '5 days', '5 working days'],
    [11, '11 dní', '11 pracovních dní', '11 dni', '11 dni roboczych', '11 days', '11 working days'],
    [12, '12 dní', '12 pracovních dní', '12 dni', '12 dni roboczych', '12 days', '12 working days'],
    [15, '15 dní', '15 pracovních dní', '15 dni', '15 dni roboczych', '15 days', '15 working days'],
    [21, '21 dní', '21 pracovních dní', '21 dni', '21 dni roboczych', '21 days', '21 working days'],
    [22, '22 dní', '22 pracovních dní', '22 dni', '22 dni robocze', '22 days', '22 working days'],
    [30, '30 dní', '30 pracovních dní', '30 dni', '30 dni roboczych', '30 days', '30 working days'],
    [104, '104 dní', '104 pracovních dní', '104 dni', '104 dni robocze', '104 days', '104 working days'],
    [112, '112 dní', '112 pracovních dní', '112 dni', '112 dni roboczych', '112 days', '112 working days'],
  ])('%i', (n, cs, csWorking, pl, plWorking, en, enWorking) => {
    expect(formatDayCount(n, 'cs')).toBe(cs);
    expect(formatDayCount(n, 'cs', 'working')).toBe(csWorking);
    expect(formatDayCount(n, 'pl')).toBe(pl);
    expect(formatDayCount(n, 'pl', 'working')).toBe(plWorking);
    expect(formatDayCount(n, 'en')).toBe(en);
    expect(formatDayCount(n, 'en', 'working')).toBe(enWorking);
  });

  it('refuses negative and fractional counts', () => {
    expect(() => formatDayCount(-1, 'cs')).toThrow(CalendarError);
    expect(() => formatDayCount(2.5, 'pl')).toThrow(CalendarError);
  });
});
