/**
 * The platform calendar: calendar dates as 'YYYY-MM-DD', CZ/PL public holidays and deadline
 * arithmetic per §40 správní řád, with explanations in cs/en/pl. Pure: no I/O, no clock
 * (callers pass `now`). Rules and legal references: ./README.md.
 */
export {
  addDays,
  compare,
  daysBetween,
  type IsoDate,
  isIsoDate,
  isLeapYear,
  isWeekend,
  parseIsoDate,
  todayIn,
  type Weekday,
  weekday,
} from './date.js';
export {
  DEADLINE_RULES,
  type Deadline,
  type DeadlineRule,
  deadline,
  dueWithin,
  isOverdue,
  MAX_DEADLINE_DAYS,
} from './deadline.js';
export { CalendarError, type CalendarErrorCode } from './errors.js';
export {
  type CountStep,
  type Explanation,
  type ExplanationStep,
  formatDayCount,
  formatExplanation,
  type MovedStep,
  type NonWorkingDayStep,
  type NotMovedStep,
} from './explain.js';
export {
  COUNTRIES,
  COUNTRY_LOCALE,
  type Country,
  FIRST_SUPPORTED_YEAR,
  type Holiday,
  type HolidayNames,
  holidayOn,
  holidaysIn,
  isCountry,
  isHoliday,
  isWorkingDay,
  nextWorkingDay,
} from './holidays.js';
