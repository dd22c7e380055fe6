import type { Locale } from '../i18n/index.js';
import type { IsoDate } from './date.js';
import type { DeadlineRule } from './deadline.js';
import { CalendarError } from './errors.js';
import type { Holiday, HolidayNames } from './holidays.js';

/**
 * How a deadline was computed, as plain JSON-safe data: it can be stored beside the case and
 * rendered later in the reader's language. Holiday names are carried in every locale so that
 * rendering needs no lookup.
 */
export interface Explanation {
  readonly steps: readonly ExplanationStep[];
}

/** "N days from START → TO"; for `working`, the public holidays on weekdays that were skipped. */
export interface CountStep {
  readonly kind: 'count';
  readonly rule: DeadlineRule;
  readonly days: number;
  readonly from: IsoDate;
  readonly to: IsoDate;
  readonly holidaysNotCounted: readonly Holiday[];
}

/** A day on which the period cannot end; the first one is the last counted day. */
export interface NonWorkingDayStep {
  readonly kind: 'non-working';
  readonly date: IsoDate;
  readonly weekend: 'saturday' | 'sunday' | null;
  readonly holiday: HolidayNames | null;
}

/** The end moved to the next working day (§40(1)(c) správní řád). */
export interface MovedStep {
  readonly kind: 'moved';
  readonly to: IsoDate;
}

/** The end falls on a day off but stays (rule `calendar-nomove`). */
export interface NotMovedStep {
  readonly kind: 'not-moved';
  readonly date: IsoDate;
}

export type ExplanationStep = CountStep | NonWorkingDayStep | MovedStep | NotMovedStep;

interface Phrases {
  from: string;
  saturday: string;
  sunday: string;
  holiday: (name: string) => string;
  weekendAndHoliday: (weekend: 'saturday' | 'sunday', name: string) => string;
  movedTo: string;
  notMoved: string;
  holidaysNotCounted: string;
}

const PHRASES: Readonly<Record<Locale, Phrases>> = {
  cs: {
    from: 'od',
    saturday: 'je sobota',
    sunday: 'je neděle',
    holiday: (name) => `je svátek (${name})`,
    weekendAndHoliday: (w, name) => `je ${w === 'saturday' ? 'sobota' : 'neděle'} a svátek (${name})`,
    movedTo: 'posunuto na',
    notMoved: 'neposouvá se',
    holidaysNotCounted: 'nepočítají se svátky',
  },
  en: {
    from: 'from',
    saturday: 'is a Saturday',
    sunday: 'is a Sunday',
    holiday: (name) => `is a public holiday (${name})`,
    weekendAndHoliday: (w, name) =>
      `is a ${w === 'saturday' ? 'Saturday' : 'Sunday'} and a public holiday (${name})`,
    movedTo: 'moved to',
    notMoved: 'not moved',
    holidaysNotCounted: 'public holidays not counted',
  },
  pl: {
    from: 'od',
    saturday: 'przypada w sobotę',
    sunday: 'przypada w niedzielę',
    // KPA art. 57 §4 speaks of "dzień uznany ustawowo za wolny od pracy".
    holiday: (name) => `jest dniem ustawowo wolnym od pracy (${name})`,
    weekendAndHoliday: (w, name) =>
      `przypada w ${w === 'saturday' ? 'sobotę' : 'niedzielę'} i jest dniem ustawowo wolnym od pracy (${name})`,
    movedTo: 'przesunięto na',
    notMoved: 'bez przesunięcia',
    holidaysNotCounted: 'nie licząc dni ustawowo wolnych od pracy',
  },
};

function phrasesFor(locale: Locale): Phrases {
  const phrases = PHRASES[locale];
  if (!phrases) {
    throw new CalendarError(
      'invalid-locale',
      `Unsupported locale ${JSON.stringify(locale)}: expected cs, en or pl`,
    );
  }
  return phrases;
}

/**
 * "5 days", "5 dní", "5 dni" — with the grammatical number each language needs:
 * cs 1 den, 2–4 dny, 0 and 5+ dní (also 22 dní: the form for compound numerals);
 * pl 1 dzień, otherwise dni, but the adjective follows the few/many rule: 2 dni robocze, 5 dni roboczych, 22 dni robocze.
 */
export function formatDayCount(n: number, locale: Locale, unit: 'calendar' | 'working' = 'calendar'): string {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new CalendarError(
      'invalid-days',
      `Invalid number of days ${String(n)}: expected a whole number of 0 or more`,
    );
  }
  phrasesFor(locale);
  const working = unit === 'working';
  if (locale === 'cs') {
    const form = n === 1 ? 'one' : n >= 2 && n <= 4 ? 'few' : 'many';
    const words = working
      ? { one: 'pracovní den', few: 'pracovní dny', many: 'pracovních dní' }
      : { one: 'den', few: 'dny', many: 'dní' };
    return `${n} ${words[form]}`;
  }
  if (locale === 'pl') {
    if (n === 1) return working ? '1 dzień roboczy' : '1 dzień';
    if (!working) return `${n} dni`;
    const few = n % 10 >= 2 && n % 10 <= 4 && !(n % 100 >= 12 && n % 100 <= 14);
    return `${n} ${few ? 'dni robocze' : 'dni roboczych'}`;
  }
  return `${n} ${working ? 'working ' : ''}${n === 1 ? 'day' : 'days'}`;
}

function describeDay(step: NonWorkingDayStep, locale: Locale, p: Phrases): string {
  const name = step.holiday?.[locale];
  if (step.weekend && name !== undefined) return p.weekendAndHoliday(step.weekend, name);
  if (name !== undefined) return p.holiday(name);
  return step.weekend === 'sunday' ? p.sunday : p.saturday;
}

/**
 * One line for people, e.g. en "15 days from 2026-12-18 → 2027-01-02 is a Saturday → moved to 2027-01-04".
 * The last counted day always says why it is a day off; further days passed over are named only
 * when they are holidays on weekdays — a weekend after a Saturday needs no comment, but
 * "2026-04-06 is a public holiday (Easter Monday)" explains why the end is not that Monday.
 */
export function formatExplanation(explanation: Explanation, locale: Locale): string {
  const p = phrasesFor(locale);
  let out = '';
  let firstDayOff = true;
  for (const step of explanation.steps) {
    switch (step.kind) {
      case 'count': {
        out += `${formatDayCount(step.days, locale, step.rule === 'working' ? 'working' : 'calendar')} ${p.from} ${step.from} → ${step.to}`;
        if (step.holidaysNotCounted.length > 0) {
          const list = step.holidaysNotCounted.map((h) => `${h.date} (${h.name[locale]})`).join(', ');
          out += `; ${p.holidaysNotCounted}: ${list}`;
        }
        break;
      }
      case 'non-working': {
        if (firstDayOff) {
          out += ` ${describeDay(step, locale, p)}`;
          firstDayOff = false;
        } else if (step.holiday && !step.weekend) {
          out += `, ${step.date} ${describeDay(step, locale, p)}`;
        }
        break;
      }
      case 'moved':
        out += ` → ${p.movedTo} ${step.to}`;
        break;
      case 'not-moved':
        out += ` → ${p.notMoved}`;
        break;
    }
  }
  return out;
}
