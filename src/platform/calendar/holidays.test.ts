import { describe, expect, it } from 'vitest';
import {
  addDays,
  CalendarError,
  type Country,
  FIRST_SUPPORTED_YEAR,
  holidaysIn,
  type IsoDate,
  isHoliday,
  isWorkingDay,
  nextWorkingDay,
} from './index.js';

// The legal lists, written from the statutes, not from the library:
// CZ zákon 245/2000 Sb. §1 (state holidays) and §2 (other holidays), both days off by §3:
//   1 Jan, Good Friday (since 2016), Easter Monday, 1 May, 8 May, 5 Jul, 6 Jul, 28 Sep, 28 Oct,
//   17 Nov, 24 Dec, 25 Dec, 26 Dec.
// PL ustawa z 18 stycznia 1951 r. o dniach wolnych od pracy, art. 1:
//   1 Jan, 6 Jan (since 2011), Easter Sunday, Easter Monday, 1 May, 3 May, Pentecost Sunday
//   (Easter + 49), Corpus Christi (Easter + 60), 15 Aug, 1 Nov, 11 Nov, 24 Dec (since 2025),
//   25 Dec, 26 Dec.
// Easter Sundays used below: 2010-04-04, 2015-04-05, 2016-03-27, 2024-03-31, 2025-04-20,
// 2026-04-05, 2027-03-28 (2016, 2024 and 2027 fall in March).

describe('legal holiday lists', () => {
  it.each<[Country, number, IsoDate[]]>([
    [
      'CZ',
      2015, // before Good Friday became a day off
      [
        '2015-01-01',
        '2015-04-06',
        '2015-05-01',
        '2015-05-08',
        '2015-07-05',
        '2015-07-06',
        '2015-09-28',
        '2015-10-28',
        '2015-11-17',
        '2015-12-24',
        '2015-12-25',
        '2015-12-26',
      ],
    ],
    [
      'CZ',
      2016, // the first Good Friday off; Easter in March
      [
        '2016-01-01',
        '2016-03-25',
        '2016-03-28',
        '2016-05-01',
        '2016-05-08',
        '2016-07-05',
        '2016-07-06',
        '2016-09-28',
        '2016-10-28',
        '2016-11-17',
        '2016-12-24',
        '2016-12-25',
        '2016-12-26',
      ],
    ],
    [
      'CZ',
      2025,
      [
        '2025-01-01',
        '2025-04-18',
        '2025-04-21',
        '2025-05-01',
        '2025-05-08',
        '2025-07-05',
        '2025-07-06',
        '2025-09-28',
        '2025-10-28',
        '2025-11-17',
        '2025-12-24',
        '2025-12-25',
        '2025-12-26',
      ],
    ],
    [
      'CZ',
      2026,
      [
        '2026-01-01',
        '2026-04-03',
        '2026-04-06',
        '2026-05-01',
        '2026-05-08',
        '2026-07-05',
        '2026-07-06',
        '2026-09-28',
        '2026-10-28',
        '2026-11-17',
        '2026-12-24',
        '2026-12-25',
        '2026-12-26',
      ],
    ],
    [
      'CZ',
      2027, // Easter in March
      [
        '2027-01-01',
        '2027-03-26',
        '2027-03-29',
        '2027-05-01',
        '2027-05-08',
        '2027-07-05',
        '2027-07-06',
        '2027-09-28',
        '2027-10-28',
        '2027-11-17',
        '2027-12-24',
        '2027-12-25',
        '2027-12-26',
      ],
    ],
    [
      'PL',
      2010, // before 6 Jan became a day off
      [
        '2010-01-01',
        '2010-04-04',
        '2010-04-05',
        '2010-05-01',
        '2010-05-03',
        '2010-05-23',
        '2010-06-03',
        '2010-08-15',
        '2010-11-01',
        '2010-11-11',
        '2010-12-25',
        '2010-12-26',
      ],
    ],
    [
      'PL',
      2024, // the last year without 24 Dec; Easter in March
      [
        '2024-01-01',
        '2024-01-06',
        '2024-03-31',
        '2024-04-01',
        '2024-05-01',
        '2024-05-03',
        '2024-05-19',
        '2024-05-30',
        '2024-08-15',
        '2024-11-01',
        '2024-11-11',
        '2024-12-25',
        '2024-12-26',
      ],
    ],
    [
      'PL',
      2025, // the first year with 24 Dec
      [
        '2025-01-01',
        '2025-01-06',
        '2025-04-20',
        '2025-04-21',
        '2025-05-01',
        '2025-05-03',
        '2025-06-08',
        '2025-06-19',
        '2025-08-15',
        '2025-11-01',
        '2025-11-11',
        '2025-12-24',
        '2025-12-25',
        '2025-12-26',
      ],
    ],
    [
      'PL',
      2026,
      [
        '2026-01-01',
        '2026-01-06',
        '2026-04-05',
        '2026-04-06',
        '2026-05-01',
        '2026-05-03',
        '2026-05-24',
        '2026-06-04',
        '2026-08-15',
        '2026-11-01',
        '2026-11-11',
        '2026-12-24',
        '2026-12-25',
        '2026-12-26',
      ],
    ],
    [
      'PL',
      2027,
      [
        '2027-01-01',
        '2027-01-06',
        '2027-03-28',
        '2027-03-29',
        '2027-05-01',
        '2027-05-03',
        '2027-05-16',
        '2027-05-27',
        '2027-08-15',
        '2027-11-01',
        '2027-11-11',
        '2027-12-24',
        '2027-12-25',
        '2027-12-26',
      ],
    ],
  ])('%s %i', (country, year, dates) => {
    expect(holidaysIn(country, year).map((h) => h.date)).toEqual(dates);
  });
});

/** Easter Sunday by the anonymous Gregorian algorithm (Meeus/Jones/Butcher), independent of date-holidays. */
function easterSunday(year: number): IsoDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` as IsoDate;
}

function statuteList(country: Country, year: number): IsoDate[] {
  const easter = easterSunday(year);
  const fixed = (md: string) => `${year}-${md}` as IsoDate;
  const dates: IsoDate[] =
    country === 'CZ'
      ? [
          ...[
            '01-01',
            '05-01',
            '05-08',
            '07-05',
            '07-06',
            '09-28',
            '10-28',
            '11-17',
            '12-24',
            '12-25',
            '12-26',
          ].map(fixed),
          ...(year >= 2016 ? [addDays(easter, -2)] : []),
          addDays(easter, 1),
        ]
      : [
          ...['01-01', '05-01', '05-03', '08-15', '11-01', '11-11', '12-25', '12-26'].map(fixed),
          ...(year >= 2011 ? [fixed('01-06')] : []),
          ...(year >= 2025 ? [fixed('12-24')] : []),
          easter,
          addDays(easter, 1),
          addDays(easter, 49),
          addDays(easter, 60),
        ];
  return dates.sort();
}

describe('date-holidays agrees with the statutes (after our corrections)', () => {
  it.each<[number, IsoDate]>([
    [2008, '2008-03-23'],
    [2011, '2011-04-24'],
    [2016, '2016-03-27'],
    [2019, '2019-04-21'],
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2038, '2038-04-25'],
  ])('the reference computus gives Easter %i = %s', (year, expected) => {
    expect(easterSunday(year)).toBe(expected);
  });

  const years = Array.from({ length: 2099 - FIRST_SUPPORTED_YEAR + 1 }, (_, i) => FIRST_SUPPORTED_YEAR + i);
  it.each(['CZ', 'PL'] as const)('%s, every year 2001–2099', (country) => {
    for (const year of years) {
      expect(
        holidaysIn(country, year).map((h) => h.date),
        `${country} ${year}`,
      ).toEqual(statuteList(country, year));
    }
  });
});

describe('isHoliday names the day', () => {
  it.each<[Country, IsoDate, 'cs' | 'en' | 'pl' | undefined, string | null]>([
    ['CZ', '2026-12-24', undefined, 'Štědrý den'],
    ['CZ', '2026-12-24', 'en', 'Christmas Eve'],
    ['CZ', '2026-12-25', 'cs', '1. svátek vánoční'],
    ['CZ', '2026-12-26', 'cs', '2. svátek vánoční'],
    ['CZ', '2026-10-28', undefined, 'Den vzniku samostatného československého státu'],
    ['CZ', '2026-09-28', undefined, 'Den české státnosti'],
    ['CZ', '2026-07-05', undefined, 'Den slovanských věrozvěstů Cyrila a Metoděje'],
    ['CZ', '2026-07-06', undefined, 'Den upálení mistra Jana Husa'],
    ['CZ', '2026-05-08', undefined, 'Den vítězství'],
    ['CZ', '2026-05-08', 'en', 'Victory Day'], // corrected: not "Liberation Day" since 2004
    ['CZ', '2026-04-03', undefined, 'Velký pátek'],
    ['CZ', '2026-04-06', undefined, 'Velikonoční pondělí'],
    // Corrected: the statute's name since 2019.
    ['CZ', '2026-11-17', undefined, 'Den boje za svobodu a demokracii a Mezinárodní den studentstva'],
    ['CZ', '2018-11-17', undefined, 'Den boje za svobodu a demokracii'],
    ['CZ', '2015-04-03', undefined, null], // Good Friday 2015 was a working day in CZ
    ['CZ', '2026-04-05', undefined, null], // Easter Sunday is no holiday in CZ (just a Sunday)
    ['CZ', '2026-01-06', undefined, null],
    ['CZ', '2026-12-23', undefined, null],
    ['PL', '2026-12-24', undefined, 'Wigilia Bożego Narodzenia'],
    ['PL', '2026-01-06', undefined, 'Święto Trzech Króli'],
    ['PL', '2026-06-04', undefined, 'Dzień Bożego Ciała'],
    ['PL', '2026-06-04', 'en', 'Corpus Christi'],
    ['PL', '2026-11-11', undefined, 'Narodowe Święto Niepodległości'],
    ['PL', '2024-12-24', undefined, null],
    ['PL', '2026-04-03', undefined, null], // Good Friday is a working day in PL
    ['PL', '2026-05-08', undefined, null],
    ['PL', '2026-11-17', undefined, null],
  ])('%s %s (%s) → %s', (country, date, locale, name) => {
    expect(isHoliday(country, date, locale)).toBe(name);
  });
});

describe('isWorkingDay', () => {
  it.each<[Country, IsoDate, boolean]>([
    ['CZ', '2026-10-27', true],
    ['CZ', '2026-10-28', false], // Wednesday, state holiday
    ['CZ', '2026-11-17', false], // Tuesday
    ['CZ', '2025-04-18', false], // Good Friday
    ['CZ', '2015-04-03', true], // Good Friday before 2016
    ['CZ', '2026-01-06', true],
    ['CZ', '2026-06-04', true],
    ['CZ', '2024-12-24', false],
    ['CZ', '2026-12-31', true],
    ['CZ', '2027-01-02', false], // Saturday
    ['CZ', '2027-01-03', false], // Sunday
    ['CZ', '2024-02-29', true],
    ['PL', '2025-04-18', true], // Good Friday is a working day in PL
    ['PL', '2026-01-06', false],
    ['PL', '2024-12-24', true], // before 2025
    ['PL', '2025-12-24', false],
    ['PL', '2026-06-04', false], // Corpus Christi, Thursday
    ['PL', '2026-05-08', true],
    ['PL', '2026-05-01', false],
    ['PL', '2026-08-14', true],
    ['PL', '2025-08-15', false], // Friday
  ])('%s %s → %s', (country, date, working) => {
    expect(isWorkingDay(country, date)).toBe(working);
  });
});

describe('nextWorkingDay', () => {
  it.each<[Country, IsoDate, IsoDate]>([
    ['CZ', '2026-12-21', '2026-12-22'],
    ['CZ', '2026-12-23', '2026-12-28'], // 24, 25 holidays, 26 Sat, 27 Sun
    ['PL', '2026-12-23', '2026-12-28'],
    ['CZ', '2024-12-23', '2024-12-27'], // 24–26 Dec on Tue–Thu
    ['PL', '2024-12-23', '2024-12-24'], // 24 Dec was a working day in PL until 2024
    ['CZ', '2026-12-31', '2027-01-04'], // New Year on Friday, then the weekend
    ['CZ', '2027-03-25', '2027-03-30'], // Good Friday, weekend, Easter Monday
    ['PL', '2027-03-25', '2027-03-26'],
    ['CZ', '2026-12-18', '2026-12-21'], // Friday → Monday
    ['CZ', '2026-12-19', '2026-12-21'], // from a Saturday
    ['PL', '2026-06-03', '2026-06-05'], // Corpus Christi
  ])('%s after %s → %s', (country, date, expected) => {
    expect(nextWorkingDay(country, date)).toBe(expected);
  });
});

describe('invalid input', () => {
  it('refuses a bad date, an unknown country and unverified years', () => {
    expect(() => isHoliday('CZ', '2026-02-30' as IsoDate)).toThrow(/Invalid date "2026-02-30"/);
    expect(() => isWorkingDay('SK' as Country, '2026-01-01')).toThrow(
      'Unsupported country "SK": expected one of CZ, PL',
    );
    expect(() => holidaysIn('CZ', 2000)).toThrow(CalendarError);
    expect(() => isHoliday('CZ', '1999-12-24')).toThrow(/Holidays for 1999 are not supported/);
    expect(() => holidaysIn('PL', 2026.5)).toThrow(/not supported/);
  });
});
