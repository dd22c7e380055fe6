import { CalendarError } from './errors.js';

/**
 * A calendar date as 'YYYY-MM-DD' (proleptic Gregorian, years 0001–9999). Deadlines are about
 * days, not instants: a date has no time zone, so arithmetic on it never shifts across DST or
 * midnight. The template type catches obvious mix-ups at compile time; every public function
 * still validates at run time, because values arrive from forms and the database as plain strings.
 */
export type IsoDate = `${number}-${number}-${number}`;

/** ISO 8601 weekday: 1 = Monday … 7 = Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

// Day numbers are counted from 1970-01-01 = 0; these bound the four-digit years ISO allows here.
const MIN_DAY = daysFromCivil(1, 1, 1);
const MAX_DAY = daysFromCivil(9999, 12, 31);

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** True for a real calendar day written exactly as 'YYYY-MM-DD' (so '2023-02-29' is false). */
export function isIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string') return false;
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** Narrows an untrusted string (form field, database value) to an IsoDate, or throws CalendarError. */
export function parseIsoDate(value: unknown): IsoDate {
  if (!isIsoDate(value)) {
    throw new CalendarError(
      'invalid-date',
      `Invalid date ${JSON.stringify(value)}: expected an existing calendar day as YYYY-MM-DD`,
    );
  }
  return value;
}

export interface DateParts {
  year: number;
  month: number;
  day: number;
}

/** Splits a date into numbers (validating it first). */
export function dateParts(date: IsoDate): DateParts {
  const valid = parseIsoDate(date);
  return {
    year: Number(valid.slice(0, 4)),
    month: Number(valid.slice(5, 7)),
    day: Number(valid.slice(8, 10)),
  };
}

/**
 * Day number of a civil date (1970-01-01 = 0). Integer arithmetic after H. Hinnant's
 * `days_from_civil`, so no Date object and no host time zone is involved.
 */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(dayNumber: number): IsoDate {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}` as IsoDate;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** The date's day number (1970-01-01 = 0); validates the date. */
export function toDayNumber(date: IsoDate): number {
  const { year, month, day } = dateParts(date);
  return daysFromCivil(year, month, day);
}

/** The date of a day number; refuses results outside 0001-01-01 … 9999-12-31. */
export function fromDayNumber(dayNumber: number): IsoDate {
  if (!Number.isSafeInteger(dayNumber) || dayNumber < MIN_DAY || dayNumber > MAX_DAY) {
    throw new CalendarError(
      'invalid-date',
      `Date out of range: day number ${dayNumber} is outside 0001–9999`,
    );
  }
  return civilFromDays(dayNumber);
}

/** `date` plus `days` calendar days (negative goes back). */
export function addDays(date: IsoDate, days: number): IsoDate {
  if (!Number.isSafeInteger(days)) {
    throw new CalendarError(
      'invalid-days',
      `Invalid number of days ${String(days)}: expected a whole number`,
    );
  }
  return fromDayNumber(toDayNumber(date) + days);
}

/** Signed number of days from `a` to `b`: daysBetween('2026-01-01', '2026-01-02') = 1. */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return toDayNumber(b) - toDayNumber(a);
}

/** -1, 0 or 1, for sorting (`dates.sort(compare)`). */
export function compare(a: IsoDate, b: IsoDate): -1 | 0 | 1 {
  const d = daysBetween(b, a);
  return d < 0 ? -1 : d > 0 ? 1 : 0;
}

export function weekday(date: IsoDate): Weekday {
  // Day 0 (1970-01-01) was a Thursday, ISO weekday 4.
  return (((((toDayNumber(date) + 3) % 7) + 7) % 7) + 1) as Weekday;
}

export function isWeekend(date: IsoDate): boolean {
  return weekday(date) >= 6;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    try {
      // en-US with latn digits and the Gregorian calendar gives plain numeric parts in every runtime.
      f = new Intl.DateTimeFormat('en-US', {
        timeZone,
        calendar: 'gregory',
        numberingSystem: 'latn',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
      });
    } catch {
      throw new CalendarError('invalid-time-zone', `Unknown time zone ${JSON.stringify(timeZone)}`);
    }
    formatters.set(timeZone, f);
  }
  return f;
}

/**
 * The calendar date at instant `now` in `timeZone` (e.g. 'Europe/Prague'). The caller passes
 * `now`, so domain code stays pure and tests need no fake clock.
 */
export function todayIn(timeZone: string, now: Date): IsoDate {
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) {
    throw new CalendarError('invalid-instant', `Invalid instant ${String(now)}: expected a valid Date`);
  }
  const parts = formatterFor(timeZone).formatToParts(now);
  const get = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  return parseIsoDate(`${get('year').padStart(4, '0')}-${get('month')}-${get('day')}`);
}
