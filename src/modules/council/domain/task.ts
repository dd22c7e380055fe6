/**
 * Deadlines of tasks imposed by resolutions (úkoly z usnesení), checked with the platform
 * calendar: a deadline in the past is refused; one on a weekend or public holiday is accepted
 * but flagged with the reason, so the secretary sees it before the meeting adopts it.
 */
import {
  type Country,
  compare,
  dueWithin,
  type Explanation,
  formatExplanation,
  holidayOn,
  type IsoDate,
  isIsoDate,
  isOverdue,
  isWorkingDay,
  nextWorkingDay,
  weekday,
} from '../../../platform/calendar/index.js';
import type { Locale } from '../../../platform/i18n/index.js';

export type DeadlineCheck =
  | { ok: false; code: 'badDate' | 'duePast'; message: string }
  | { ok: true; due: IsoDate; nonWorking: null }
  | { ok: true; due: IsoDate; nonWorking: { explanation: Explanation; nextWorkingDay: IsoDate } };

export function checkTaskDeadline(due: string, today: IsoDate, country: Country): DeadlineCheck {
  if (!isIsoDate(due)) return { ok: false, code: 'badDate', message: 'Use a date as YYYY-MM-DD.' };
  if (compare(due, today) < 0) return { ok: false, code: 'duePast', message: 'The deadline is in the past.' };
  if (isWorkingDay(country, due)) return { ok: true, due, nonWorking: null };
  const wd = weekday(due);
  return {
    ok: true,
    due,
    nonWorking: {
      explanation: {
        steps: [
          {
            kind: 'non-working',
            date: due,
            weekend: wd === 6 ? 'saturday' : wd === 7 ? 'sunday' : null,
            holiday: holidayOn(country, due)?.name ?? null,
          },
        ],
      },
      nextWorkingDay: nextWorkingDay(country, due),
    },
  };
}

/** "2026-05-02 je sobota" — the flag shown beside a deadline on a day off. */
export function describeNonWorking(due: IsoDate, explanation: Explanation, locale: Locale): string {
  return `${due} ${formatExplanation(explanation, locale).trim()}`;
}

export const TASK_STATES = ['open', 'done', 'cancelled'] as const;
export type TaskState = (typeof TASK_STATES)[number];

export type TaskUrgency = 'overdue' | 'due_soon' | 'later' | 'closed';

/** Overdue from the day after the deadline; due soon within `soonDays` days (default a week). */
export function taskUrgency(state: TaskState, due: IsoDate, today: IsoDate, soonDays = 7): TaskUrgency {
  if (state !== 'open') return 'closed';
  if (isOverdue(due, today)) return 'overdue';
  if (dueWithin(due, today, soonDays)) return 'due_soon';
  return 'later';
}
