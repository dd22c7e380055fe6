import { describe, expect, it } from 'vitest';
import { addDaysIso, dailySingletonKey, nextDailyRun, retryDelayMs, zonedHour } from './schedule.js';

describe('zonedHour', () => {
  it.each([
    ['2026-11-21', 1, 'Europe/Prague', '2026-11-21T00:00:00.000Z'], // CET, UTC+1
    ['2026-07-01', 0, 'Europe/Prague', '2026-06-30T22:00:00.000Z'], // CEST, UTC+2
    ['2026-03-29', 1, 'Europe/Prague', '2026-03-29T00:00:00.000Z'], // before the spring change
    // 02:00 does not exist on 2026-03-29 in Prague: the clocks jump to 03:00 CEST.
    ['2026-03-29', 2, 'Europe/Prague', '2026-03-29T01:00:00.000Z'],
    ['2026-03-29', 3, 'Europe/Prague', '2026-03-29T01:00:00.000Z'],
    ['2026-10-25', 3, 'Europe/Prague', '2026-10-25T02:00:00.000Z'], // after the autumn change, CET
    ['2026-03-08', 2, 'America/New_York', '2026-03-08T07:00:00.000Z'], // skipped hour → 03:00 EDT
    ['2026-11-21', 23, 'UTC', '2026-11-21T23:00:00.000Z'],
  ])('%s %i:00 in %s is %s', (day, hour, tz, expected) => {
    expect(zonedHour(day, hour, tz).toISOString()).toBe(expected);
  });

  it.each([-1, 24, 1.5])('refuses hour %s', (hour) => {
    expect(() => zonedHour('2026-11-21', hour, 'Europe/Prague')).toThrow(RangeError);
  });
});

describe('nextDailyRun (01:00 Europe/Prague)', () => {
  it.each([
    // now (UTC)                       next day      run at (UTC)
    ['2026-11-20T12:00:00.000Z', '2026-11-21', '2026-11-21T00:00:00.000Z'],
    ['2026-11-20T23:30:00.000Z', '2026-11-21', '2026-11-21T00:00:00.000Z'], // 00:30 local: today's is ahead
    ['2026-11-20T23:59:59.999Z', '2026-11-21', '2026-11-21T00:00:00.000Z'],
    ['2026-11-21T00:00:00.000Z', '2026-11-22', '2026-11-22T00:00:00.000Z'], // exactly 01:00: strictly after
    ['2026-03-28T12:00:00.000Z', '2026-03-29', '2026-03-29T00:00:00.000Z'],
    ['2026-03-29T12:00:00.000Z', '2026-03-30', '2026-03-29T23:00:00.000Z'], // now CEST
    ['2026-12-31T23:30:00.000Z', '2027-01-01', '2027-01-01T00:00:00.000Z'], // year turns locally first
  ])('at %s the next run is on %s at %s', (now, day, runAt) => {
    const next = nextDailyRun(new Date(now), 1);
    expect(next.day).toBe(day);
    expect(next.runAt.toISOString()).toBe(runAt);
  });
});

describe('helpers', () => {
  it.each([
    ['2026-11-20', 1, '2026-11-21'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2028-03-01', -1, '2028-02-29'],
    ['2026-03-28', 2, '2026-03-30'],
  ])('%s %+i day(s) is %s', (day, n, expected) => {
    expect(addDaysIso(day, n)).toBe(expected);
  });

  it.each([
    [1, 30_000],
    [2, 60_000],
    [3, 120_000],
    [7, 1_920_000],
    [8, 3_600_000], // capped at one hour
    [30, 3_600_000],
  ])('after %i failed attempt(s) the next waits %i ms', (attempts, ms) => {
    expect(retryDelayMs(attempts)).toBe(ms);
  });

  it('names the daily singleton by job and local date', () => {
    expect(dailySingletonKey('audit.render-day', '2026-11-21')).toBe('daily:audit.render-day:2026-11-21');
  });
});
