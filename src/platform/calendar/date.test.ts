import { describe, expect, it } from 'vitest';
import {
  addDays,
  CalendarError,
  compare,
  daysBetween,
  type IsoDate,
  isIsoDate,
  isLeapYear,
  isWeekend,
  parseIsoDate,
  todayIn,
  weekday,
} from './index.js';

// Expected values below were worked out by hand from the calendar and checked with GNU `date`.

describe('isIsoDate / parseIsoDate', () => {
  it.each([
    ['2026-12-18', true],
    ['2024-02-29', true], // 2024 is a leap year
    ['2000-02-29', true], // divisible by 400: leap
    ['2023-02-29', false],
    ['2100-02-29', false], // divisible by 100, not by 400: not leap
    ['2026-04-31', false],
    ['2026-13-01', false],
    ['2026-00-10', false],
    ['2026-01-00', false],
    ['0000-01-01', false],
    ['0001-01-01', true],
    ['9999-12-31', true],
    ['2026-1-1', false],
    ['26-01-01', false],
    ['2026/01/01', false],
    ['2026-01-01T00:00:00Z', false],
    [' 2026-01-01', false],
    ['', false],
    ['tomorrow', false],
  ])('%j → %s', (value, valid) => {
    expect(isIsoDate(value)).toBe(valid);
    if (valid) expect(parseIsoDate(value)).toBe(value);
    else expect(() => parseIsoDate(value)).toThrow(CalendarError);
  });

  it.each([[null], [undefined], [20261218], [new Date('2026-12-18')]])('rejects non-strings: %j', (value) => {
    expect(isIsoDate(value)).toBe(false);
    expect(() => parseIsoDate(value)).toThrow(/Invalid date/);
  });

  it('says what was wrong', () => {
    expect(() => parseIsoDate('2026-02-30')).toThrow(
      'Invalid date "2026-02-30": expected an existing calendar day as YYYY-MM-DD',
    );
    try {
      parseIsoDate('2026-02-30');
    } catch (e) {
      expect(e).toBeInstanceOf(CalendarError);
      expect((e as CalendarError).code).toBe('invalid-date');
      expect((e as CalendarError).name).toBe('CalendarError');
    }
  });
});

describe('isLeapYear', () => {
  it.each([
    [2024, true],
    [2025, false],
    [2028, true],
    [2000, true],
    [1900, false],
    [2100, false],
  ])('%i → %s', (year, leap) => {
    expect(isLeapYear(year)).toBe(leap);
  });
});

describe('addDays', () => {
  it.each<[IsoDate, number, IsoDate]>([
    ['2026-12-18', 15, '2027-01-02'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2027-01-01', -1, '2026-12-31'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2024-02-29', 1, '2024-03-01'],
    ['2023-02-28', 1, '2023-03-01'],
    ['2024-03-01', -1, '2024-02-29'],
    ['2000-02-28', 1, '2000-02-29'],
    ['2100-02-28', 1, '2100-03-01'],
    ['2026-01-01', 365, '2027-01-01'],
    ['2024-01-01', 366, '2025-01-01'],
    ['2024-01-31', 30, '2024-03-01'],
    // Across the DST changes in Europe (29 Mar and 25 Oct 2026): dates do not care.
    ['2026-03-28', 1, '2026-03-29'],
    ['2026-03-29', 1, '2026-03-30'],
    ['2026-10-24', 2, '2026-10-26'],
    ['2026-07-15', 0, '2026-07-15'],
    ['1970-01-01', -1, '1969-12-31'],
  ])('%s + %i → %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
  });

  it.each([
    ['2026-02-30' as IsoDate, 1, /Invalid date "2026-02-30"/],
    ['2026-01-01' as IsoDate, 1.5, /Invalid number of days 1.5/],
    ['2026-01-01' as IsoDate, Number.NaN, /Invalid number of days NaN/],
    ['9999-12-31' as IsoDate, 1, /Date out of range/],
    ['0001-01-01' as IsoDate, -1, /Date out of range/],
  ])('%s + %s is refused', (date, days, message) => {
    expect(() => addDays(date, days)).toThrow(CalendarError);
    expect(() => addDays(date, days)).toThrow(message);
  });
});

describe('weekday / isWeekend', () => {
  it.each<[IsoDate, number, boolean]>([
    ['1970-01-01', 4, false],
    ['2000-01-01', 6, true],
    ['2024-02-29', 4, false],
    ['2026-10-28', 3, false],
    ['2026-11-17', 2, false],
    ['2026-12-18', 5, false],
    ['2026-12-24', 4, false],
    ['2027-01-02', 6, true],
    ['2027-01-03', 7, true],
    ['2027-01-04', 1, false],
    ['2028-01-01', 6, true],
    ['1969-12-31', 3, false],
  ])('%s → ISO weekday %i', (date, wd, weekend) => {
    expect(weekday(date)).toBe(wd);
    expect(isWeekend(date)).toBe(weekend);
  });
});

describe('daysBetween / compare', () => {
  it.each<[IsoDate, IsoDate, number]>([
    ['2026-01-01', '2026-01-02', 1],
    ['2026-01-01', '2026-12-31', 364],
    ['2024-01-01', '2025-01-01', 366],
    ['2026-12-18', '2027-01-04', 17],
    ['2027-01-04', '2026-12-18', -17],
    ['2024-02-28', '2024-03-01', 2],
    ['2023-02-28', '2023-03-01', 1],
    ['2026-05-05', '2026-05-05', 0],
  ])('%s → %s = %i days', (a, b, days) => {
    expect(daysBetween(a, b)).toBe(days);
    expect(compare(a, b)).toBe(days > 0 ? -1 : days < 0 ? 1 : 0);
  });

  it('sorts dates', () => {
    const dates: IsoDate[] = ['2027-01-04', '2026-12-18', '2026-12-31', '2024-02-29'];
    expect(dates.sort(compare)).toEqual(['2024-02-29', '2026-12-18', '2026-12-31', '2027-01-04']);
  });

  it('refuses invalid dates', () => {
    expect(() => daysBetween('2026-01-01', '2026-02-29')).toThrow(CalendarError);
    expect(() => compare('2026-1-1' as IsoDate, '2026-01-01')).toThrow(CalendarError);
  });
});

describe('todayIn', () => {
  it.each<[string, string, IsoDate]>([
    // Winter: Prague and Warsaw are UTC+1.
    ['Europe/Prague', '2026-12-31T22:59:59Z', '2026-12-31'],
    ['Europe/Prague', '2026-12-31T23:00:00Z', '2027-01-01'],
    ['Europe/Warsaw', '2026-12-31T23:30:00Z', '2027-01-01'],
    ['UTC', '2026-12-31T23:30:00Z', '2026-12-31'],
    // Summer: UTC+2.
    ['Europe/Prague', '2026-06-30T21:59:59Z', '2026-06-30'],
    ['Europe/Prague', '2026-06-30T22:00:00Z', '2026-07-01'],
    // The night clocks go forward (29 Mar 2026, 01:00 UTC) and back (25 Oct 2026, 01:00 UTC).
    ['Europe/Prague', '2026-03-28T23:30:00Z', '2026-03-29'],
    ['Europe/Prague', '2026-03-28T22:59:00Z', '2026-03-28'],
    ['Europe/Warsaw', '2026-10-24T22:30:00Z', '2026-10-25'],
    ['Europe/Warsaw', '2026-10-24T21:59:00Z', '2026-10-24'],
    // Leap day.
    ['Europe/Prague', '2028-02-28T23:00:00Z', '2028-02-29'],
    ['America/New_York', '2026-01-01T03:00:00Z', '2025-12-31'],
  ])('%s at %s → %s', (zone, instant, expected) => {
    expect(todayIn(zone, new Date(instant))).toBe(expected);
  });

  it('refuses an unknown zone and an invalid instant', () => {
    expect(() => todayIn('Mars/Olympus_Mons', new Date())).toThrow('Unknown time zone "Mars/Olympus_Mons"');
    expect(() => todayIn('Europe/Prague', new Date('not a date'))).toThrow(CalendarError);
  });
});
