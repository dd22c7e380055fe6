import Holidays from 'date-holidays';
import type { Locale } from '../i18n/index.js';
import { addDays, dateParts, type IsoDate, isWeekend } from './date.js';
import { CalendarError } from './errors.js';

export const COUNTRIES = ['CZ', 'PL'] as const;
export type Country = (typeof COUNTRIES)[number];

/** A holiday's name in each UI language (Czech names for Czech holidays stay Czech in Polish where no translation exists). */
export type HolidayNames = Readonly<Record<Locale, string>>;

export interface Holiday {
  readonly date: IsoDate;
  readonly name: HolidayNames;
}

/**
 * The first year whose holidays were checked against the statutes. Zákon 245/2000 Sb. took effect
 * on 9 Aug 2000 (before it, 28 Sep and 17 Nov were working days), so 2001 is the first whole year
 * with today's Czech list; earlier years are refused rather than answered wrongly.
 */
export const FIRST_SUPPORTED_YEAR = 2001;
const LAST_SUPPORTED_YEAR = 9999;

/** Each country's own language: the default for holiday names. */
export const COUNTRY_LOCALE: Readonly<Record<Country, Locale>> = { CZ: 'cs', PL: 'pl' };

// date-holidays calls Czech 'cz', not 'cs'.
const LIBRARY_LANGUAGE: Readonly<Record<Locale, string>> = { cs: 'cz', en: 'en', pl: 'pl' };

/**
 * Where date-holidays (3.37) departs from the law, matched by its rule string. The statute
 * table test (holidays.test.ts) compares every supported year against the law, so a change of
 * rule strings in a later library version shows up as a failing test, not as a silent error.
 */
interface Correction {
  readonly country: Country;
  readonly rule: string;
  readonly fromYear?: number;
  readonly toYear?: number;
  /** Drop the day (not a day off in those years) … */
  readonly drop?: true;
  /** … or replace its names with the statute's wording. */
  readonly name?: Partial<HolidayNames>;
}

const CORRECTIONS: readonly Correction[] = [
  // Good Friday (Velký pátek) became an "ostatní svátek" by the 2015 amendment of zákon 245/2000 Sb.
  // and was first a day off on 25 Mar 2016; date-holidays lists it for every year.
  { country: 'CZ', rule: 'easter -2', toYear: 2015, drop: true },
  // 17 November: the amendment in force from 1 Apr 2019 added "a Mezinárodní den studentstva" (§1).
  {
    country: 'CZ',
    rule: '11-17',
    fromYear: 2019,
    name: {
      cs: 'Den boje za svobodu a demokracii a Mezinárodní den studentstva',
      en: "Struggle for Freedom and Democracy Day and International Students' Day",
      pl: 'Dzień Walki o Wolność i Demokrację oraz Międzynarodowy Dzień Studenta',
    },
  },
  // 8 May has been "Den vítězství" (Victory Day) since 2004; the library's English name is the older "Liberation Day".
  { country: 'CZ', rule: '05-08', fromYear: 2004, name: { en: 'Victory Day' } },
];

export function isCountry(value: unknown): value is Country {
  return typeof value === 'string' && (COUNTRIES as readonly string[]).includes(value);
}

export function assertCountry(value: unknown): Country {
  if (!isCountry(value)) {
    throw new CalendarError(
      'invalid-country',
      `Unsupported country ${JSON.stringify(value)}: expected one of ${COUNTRIES.join(', ')}`,
    );
  }
  return value;
}

const libraries = new Map<Country, Holidays>();
const byYear = new Map<string, ReadonlyMap<IsoDate, Holiday>>();

function library(country: Country): Holidays {
  let lib = libraries.get(country);
  if (!lib) {
    lib = new Holidays(country);
    libraries.set(country, lib);
  }
  return lib;
}

function applies(c: Correction, country: Country, rule: string, year: number): boolean {
  return (
    c.country === country &&
    c.rule === rule &&
    (c.fromYear === undefined || year >= c.fromYear) &&
    (c.toYear === undefined || year <= c.toYear)
  );
}

/** The year's public holidays (days off by statute), by date; built once per country and year. */
function holidayMap(country: Country, year: number): ReadonlyMap<IsoDate, Holiday> {
  assertCountry(country);
  if (!Number.isInteger(year) || year < FIRST_SUPPORTED_YEAR || year > LAST_SUPPORTED_YEAR) {
    throw new CalendarError(
      'unsupported-year',
      `Holidays for ${String(year)} are not supported: years ${FIRST_SUPPORTED_YEAR}–${LAST_SUPPORTED_YEAR} only`,
    );
  }
  const key = `${country}:${year}`;
  const cached = byYear.get(key);
  if (cached) return cached;

  // One entry per library rule, with its name in each of our locales.
  const entries = new Map<string, { date: IsoDate; rule: string; name: Partial<Record<Locale, string>> }>();
  for (const locale of Object.keys(LIBRARY_LANGUAGE) as Locale[]) {
    for (const h of library(country).getHolidays(year, LIBRARY_LANGUAGE[locale])) {
      // Only 'public' days are days off; 'observance', 'school' and 'optional' are working days.
      if (h.type !== 'public') continue;
      // `h.date` is the local calendar date ('2026-12-24 00:00:00'); `start` would be a UTC instant.
      const date = h.date.slice(0, 10) as IsoDate;
      const entry = entries.get(`${date}|${h.rule}`) ?? { date, rule: h.rule, name: {} };
      entry.name[locale] = h.name;
      entries.set(`${date}|${h.rule}`, entry);
    }
  }

  const map = new Map<IsoDate, Holiday>();
  for (const { date, rule, name } of entries.values()) {
    const corrections = CORRECTIONS.filter((c) => applies(c, country, rule, year));
    if (corrections.some((c) => c.drop)) continue;
    const corrected = Object.assign({}, name, ...corrections.map((c) => c.name ?? {})) as Partial<
      Record<Locale, string>
    >;
    const own = corrected[COUNTRY_LOCALE[country]] ?? rule;
    const names: HolidayNames = {
      cs: corrected.cs ?? own,
      en: corrected.en ?? own,
      pl: corrected.pl ?? own,
    };
    const previous = map.get(date);
    // Two holidays on one day never happen in CZ/PL today; if they ever do, keep both names.
    map.set(
      date,
      previous
        ? {
            date,
            name: {
              cs: `${previous.name.cs} / ${names.cs}`,
              en: `${previous.name.en} / ${names.en}`,
              pl: `${previous.name.pl} / ${names.pl}`,
            },
          }
        : { date, name: names },
    );
  }
  const sorted = new Map([...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  byYear.set(key, sorted);
  return sorted;
}

/** All public holidays (statutory days off) of a year, in date order. */
export function holidaysIn(country: Country, year: number): readonly Holiday[] {
  return [...holidayMap(country, year).values()];
}

/** The holiday on `date`, or null. */
export function holidayOn(country: Country, date: IsoDate): Holiday | null {
  return holidayMap(country, dateParts(date).year).get(date) ?? null;
}

/**
 * The name of the public holiday on `date` (in `locale`, by default the country's own language),
 * or null when the day is not a public holiday.
 */
export function isHoliday(country: Country, date: IsoDate, locale?: Locale): string | null {
  const holiday = holidayOn(country, date);
  return holiday ? holiday.name[locale ?? COUNTRY_LOCALE[assertCountry(country)]] : null;
}

/** Monday to Friday and not a public holiday. Saturdays count as days off in both countries' procedure codes. */
export function isWorkingDay(country: Country, date: IsoDate): boolean {
  return !isWeekend(date) && holidayOn(country, date) === null;
}

/** The first working day strictly after `date`. */
export function nextWorkingDay(country: Country, date: IsoDate): IsoDate {
  let day = addDays(date, 1);
  while (!isWorkingDay(country, day)) day = addDays(day, 1);
  return day;
}
