import { dateIn } from '../time-zone.js';

/** Daily schedules are kept in the Czech offices' zone (ModuleDef.daily). */
export const SCHEDULE_TIME_ZONE = 'Europe/Prague';

/** 'YYYY-MM-DD' plus `days` calendar days. */
export function addDaysIso(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) throw new RangeError(`Not a date: ${isoDate}`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Local wall-clock fields of an instant in a zone. */
function wallClock(instant: Date, timeZone: string): number {
  const f = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  const p = Object.fromEntries(f.formatToParts(instant).map((x) => [x.type, x.value]));
  return Date.UTC(+p.year!, +p.month! - 1, +p.day!, +p.hour!, +p.minute!, +p.second!);
}

/**
 * The instant when the clocks in `timeZone` show `hour`:00 on `isoDate`. An hour skipped by a
 * DST change (02:00 on the spring-forward day in Prague) maps to the instant the clocks jumped
 * past it, i.e. 03:00 local.
 */
export function zonedHour(isoDate: string, hour: number, timeZone: string): Date {
  if (!Number.isInteger(hour) || hour < 0 || hour > 23) throw new RangeError(`Not an hour: ${hour}`);
  const wanted = new Date(`${isoDate}T00:00:00Z`).getTime() + hour * 3600_000;
  if (Number.isNaN(wanted)) throw new RangeError(`Not a date: ${isoDate}`);
  // Offset at the guess, then at the corrected instant (it may lie across a DST change).
  let t = wanted - (wallClock(new Date(wanted), timeZone) - wanted);
  t = wanted - (wallClock(new Date(t), timeZone) - t);
  if (wallClock(new Date(t), timeZone) < wanted) t += 3600_000;
  return new Date(t);
}

/** The first run of a daily schedule strictly after `now`, and its local date. */
export function nextDailyRun(
  now: Date,
  hour: number,
  timeZone = SCHEDULE_TIME_ZONE,
): { day: string; runAt: Date } {
  const today = dateIn(now, timeZone);
  const runToday = zonedHour(today, hour, timeZone);
  if (runToday.getTime() > now.getTime()) return { day: today, runAt: runToday };
  const tomorrow = addDaysIso(today, 1);
  return { day: tomorrow, runAt: zonedHour(tomorrow, hour, timeZone) };
}

export function dailySingletonKey(job: string, day: string): string {
  return `daily:${job}:${day}`;
}

/** Delay before the next attempt after `attempts` failed ones: 30 s, 1 min, 2 min … at most 1 h. */
export function retryDelayMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3600_000);
}
