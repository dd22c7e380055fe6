import { describe, expect, it } from 'vitest';
import {
  checkRegime,
  disposalYear,
  parseTriggerEvent,
  type RetentionMark,
  stricterRegime,
  strictestRegime,
} from './retention.js';

describe('disposalYear = trigger year + period + 1', () => {
  it.each([
    [2026, 5, 2032],
    [2026, 0, 2027],
    [2020, 10, 2031],
    [1999, 999, 2999],
  ])('trigger %i, period %i → %i', (year, period, expected) => {
    expect(disposalYear(year, period)).toBe(expected);
  });
});

describe('stricterRegime', () => {
  it.each([
    [{ mark: 'A', period: 5 }, { mark: 'S', period: 50 }, 'first'],
    [{ mark: 'S', period: 50 }, { mark: 'A', period: 5 }, 'second'],
    [{ mark: 'S', period: 5 }, { mark: 'S', period: 10 }, 'second'],
    [{ mark: 'A', period: 10 }, { mark: 'A', period: 5 }, 'first'],
    [{ mark: 'S', period: 5 }, { mark: 'S', period: 5 }, 'first'],
    [{ mark: 'V', period: 5 }, { mark: 'S', period: 10 }, 'first'],
    [{ mark: 'V', period: 5 }, { mark: 'A', period: 1 }, 'second'],
  ] as const)('%j vs %j → %s', (a, b, winner) => {
    expect(stricterRegime<{ mark: RetentionMark; period: number }>(a, b)).toBe(winner === 'first' ? a : b);
  });

  it('picks the strictest of a list', () => {
    const list = [
      { mark: 'S', period: 10 },
      { mark: 'A', period: 5 },
      { mark: 'A', period: 10 },
      { mark: 'S', period: 50 },
    ] as const;
    expect(strictestRegime(list)).toBe(list[2]);
  });
});

describe('checkRegime', () => {
  const ok = {
    identifier: 'S5',
    name: 'Skartovat po 5 letech',
    justification: 'Běžná agenda',
    mark: 'S',
    period: 5,
    trigger: 'settlement',
  };
  it('accepts a complete regime', () => {
    expect(checkRegime(ok)).toEqual({ value: { ...ok }, errors: [] });
  });
  it.each([
    [{ mark: 'V' }, 'mark', /not allowed/],
    [{ mark: 'X' }, 'mark', /A or S/],
    [{ period: -1 }, 'period', /0–999/],
    [{ period: 1000 }, 'period', /0–999/],
    [{ period: 2.5 }, 'period', /0–999/],
    [{ trigger: 'sometime' }, 'trigger', /Unknown trigger/],
    [{ identifier: '' }, 'identifier', /required/],
    [{ identifier: 'x'.repeat(51) }, 'identifier', /50/],
    [{ name: '  ' }, 'name', /required/],
    [{ justification: '' }, 'justification', /required/],
  ])('%j is refused on %s', (patch, field, message) => {
    const r = checkRegime({ ...ok, ...patch });
    expect(r.value).toBeNull();
    expect(r.errors).toContainEqual({ field, message: expect.stringMatching(message) });
  });
  it.each([
    ['Rok vyřízení', 'settlement'],
    ['rok uzavreni', 'closing'],
    ['vytvoření', 'creation'],
    ['closing', 'closing'],
    ['nic', null],
  ])('trigger text %s → %s', (text, code) => {
    expect(parseTriggerEvent(text)).toBe(code);
  });
});
