import { describe, expect, it } from 'vitest';
import { dateIn, startOfDayUtc } from './time-zone.js';

describe('startOfDayUtc', () => {
  it.each([
    ['2026-01-15', 'Europe/Prague', '2026-01-14T23:00:00.000Z'],
    ['2026-07-15', 'Europe/Prague', '2026-07-14T22:00:00.000Z'],
    // DST starts 2026-03-29 at 02:00 local: the day still starts at 00:00 CET.
    ['2026-03-29', 'Europe/Prague', '2026-03-28T23:00:00.000Z'],
    ['2026-03-30', 'Europe/Prague', '2026-03-29T22:00:00.000Z'],
    ['2026-10-25', 'Europe/Warsaw', '2026-10-24T22:00:00.000Z'],
    ['2026-10-26', 'Europe/Warsaw', '2026-10-25T23:00:00.000Z'],
    ['2026-11-21', 'UTC', '2026-11-21T00:00:00.000Z'],
  ])('%s in %s starts at %s', (day, tz, expected) => {
    expect(startOfDayUtc(day, tz).toISOString()).toBe(expected);
  });

  it.each(['2026-13-01', '21.11.2026', ''])('refuses %j', (bad) => {
    expect(() => startOfDayUtc(bad, 'Europe/Prague')).toThrow(RangeError);
  });
});

describe('dateIn', () => {
  it.each([
    ['2026-11-20T23:30:00Z', 'Europe/Prague', '2026-11-21'],
    ['2026-11-20T22:59:59Z', 'Europe/Prague', '2026-11-20'],
    ['2026-12-31T23:00:00Z', 'Europe/Prague', '2027-01-01'],
  ])('%s is %s local day %s', (instant, tz, expected) => {
    expect(dateIn(new Date(instant), tz)).toBe(expected);
  });
});
