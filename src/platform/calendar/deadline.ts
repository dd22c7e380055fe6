import { addDays, daysBetween, type IsoDate, parseIsoDate, weekday } from './date.js';
import { CalendarError } from './errors.js';
import type { Explanation, ExplanationStep, NonWorkingDayStep } from './explain.js';
import { assertCountry, type Country, type Holiday, holidayOn, isWorkingDay } from './holidays.js';

/**
 * How a period is counted. In every rule the day of the triggering event is not counted:
 * day 1 is the day after `start` (§40(1)(a) správní řád; art. 57 §1 KPA).
 *
 * - `calendar`: count calendar days; if the last day is a Saturday, Sunday or public holiday, the
 *   period ends on the next working day (§40(1)(c) správní řád; art. 57 §4 KPA). The default for
 *   procedural periods: appeal (15 days), FOI answer (15 days), clarification (30 days) …
 * - `working`: count only working days (Mon–Fri, not public holidays), for laws that say
 *   "pracovní dny" / "dni robocze". The last day is a working day by construction.
 * - `calendar-nomove`: count calendar days and never move the end. For days fixed by law rather
 *   than periods for someone to act: deemed delivery by posting a public notice on the 15th day
 *   (§25(2) správní řád), the 10-day deemed delivery of an uncollected document (§24(1)), and the
 *   end of a minimum posting period on a notice board.
 */
export const DEADLINE_RULES = ['calendar', 'working', 'calendar-nomove'] as const;
export type DeadlineRule = (typeof DEADLINE_RULES)[number];

/** A hundred years: far beyond any statutory period, and it keeps a typo from looping for long. */
export const MAX_DEADLINE_DAYS = 36_600;

export interface Deadline {
  readonly start: IsoDate;
  readonly days: number;
  readonly rule: DeadlineRule;
  readonly country: Country;
  /** The day the count reaches, before any move to a working day. */
  readonly lastCountedDay: IsoDate;
  /** The last day on which the act is still in time. */
  readonly due: IsoDate;
  /** How `due` was reached, as data (store it with the case) and renderable with formatExplanation. */
  readonly explanation: Explanation;
}

function assertRule(value: unknown): DeadlineRule {
  if (typeof value !== 'string' || !(DEADLINE_RULES as readonly string[]).includes(value)) {
    throw new CalendarError(
      'invalid-rule',
      `Unknown deadline rule ${JSON.stringify(value)}: expected one of ${DEADLINE_RULES.join(', ')}`,
    );
  }
  return value as DeadlineRule;
}

function assertDays(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_DEADLINE_DAYS) {
    throw new CalendarError(
      'invalid-days',
      `Invalid length of period ${String(value)}: expected a whole number of days from 1 to ${MAX_DEADLINE_DAYS}`,
    );
  }
  return value;
}

function nonWorkingDay(country: Country, date: IsoDate): NonWorkingDayStep {
  const wd = weekday(date);
  return {
    kind: 'non-working',
    date,
    weekend: wd === 6 ? 'saturday' : wd === 7 ? 'sunday' : null,
    holiday: holidayOn(country, date)?.name ?? null,
  };
}

/** The last day of a period of `days` days starting after `start` (see DeadlineRule). */
export function deadline(start: IsoDate, days: number, rule: DeadlineRule, country: Country): Deadline {
  parseIsoDate(start);
  assertDays(days);
  assertRule(rule);
  assertCountry(country);

  const steps: ExplanationStep[] = [];
  let lastCountedDay: IsoDate;
  let due: IsoDate;

  if (rule === 'working') {
    const notCounted: Holiday[] = [];
    let day = start;
    for (let counted = 0; counted < days; ) {
      day = addDays(day, 1);
      if (isWorkingDay(country, day)) {
        counted++;
        continue;
      }
      // Weekends are obviously skipped; holidays on weekdays are what a reader needs named.
      const holiday = holidayOn(country, day);
      if (holiday && weekday(day) <= 5) notCounted.push(holiday);
    }
    lastCountedDay = day;
    due = day;
    steps.push({ kind: 'count', rule, days, from: start, to: day, holidaysNotCounted: notCounted });
  } else {
    lastCountedDay = addDays(start, days);
    due = lastCountedDay;
    steps.push({ kind: 'count', rule, days, from: start, to: lastCountedDay, holidaysNotCounted: [] });
    if (!isWorkingDay(country, lastCountedDay)) {
      if (rule === 'calendar-nomove') {
        steps.push(nonWorkingDay(country, lastCountedDay), { kind: 'not-moved', date: lastCountedDay });
      } else {
        while (!isWorkingDay(country, due)) {
          steps.push(nonWorkingDay(country, due));
          due = addDays(due, 1);
        }
        steps.push({ kind: 'moved', to: due });
      }
    }
  }

  return { start, days, rule, country, lastCountedDay, due, explanation: { steps } };
}

/** True once the day after `due` has begun: the last day itself is still in time (§40(1)(d) správní řád). */
export function isOverdue(due: IsoDate, today: IsoDate): boolean {
  return daysBetween(due, today) > 0;
}

/** True when `due` is today or within the next `days` days, and not yet past. */
export function dueWithin(due: IsoDate, today: IsoDate, days: number): boolean {
  if (!Number.isSafeInteger(days) || days < 0) {
    throw new CalendarError(
      'invalid-days',
      `Invalid number of days ${String(days)}: expected a whole number of 0 or more`,
    );
  }
  const left = daysBetween(today, due);
  return left >= 0 && left <= days;
}
