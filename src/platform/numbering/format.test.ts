import { describe, expect, it } from 'vitest';
import { formatNumber, TemplateError, toRoman, validateTemplate } from './format.js';

describe('formatNumber', () => {
  it.each([
    ['MUHL/{seq}/{year}', { seq: 1234, year: 2026 }, 'MUHL/1234/2026'],
    ['MUHL/{seq:05}/{year}', { seq: 42, year: 2026 }, 'MUHL/00042/2026'],
    [
      '{seq:04}/{meeting:02}/{year}/{body}',
      { seq: 208, meeting: 3, year: 2009, body: 'ZK' },
      '0208/03/2009/ZK',
    ],
    ['{session:roman}/{seq}/{year}', { session: 12, seq: 123, year: 2024 }, 'XII/123/2024'],
    ['RK-{meeting}-{year}-{seq}', { meeting: 18, year: 2009, seq: 22 }, 'RK-18-2009-22'],
    // Padding never truncates a number that has outgrown it.
    ['{seq:02}', { seq: 12345 }, '12345'],
    ['plain text {seq}', { seq: 7 }, 'plain text 7'],
  ])('%s with %j → %s', (template, values, expected) => {
    expect(formatNumber(template, values)).toBe(expected);
  });

  it('names the placeholder that has no value', () => {
    expect(() => formatNumber('MUHL/{seq}/{year}', { seq: 1 })).toThrow(/\{year\}/);
  });

  it.each(['MUHL/{seq/{year}', 'MUHL/{Seq}', 'x}{seq}'])('refuses the malformed template %s', (t) => {
    expect(() => formatNumber(t, { seq: 1 })).toThrow(TemplateError);
  });
});

describe('toRoman', () => {
  it.each([
    [1, 'I'],
    [4, 'IV'],
    [9, 'IX'],
    [12, 'XII'],
    [14, 'XIV'],
    [40, 'XL'],
    [49, 'XLIX'],
    [90, 'XC'],
    [2024, 'MMXXIV'],
    [3999, 'MMMCMXCIX'],
  ])('%i → %s', (n, r) => {
    expect(toRoman(n)).toBe(r);
  });
  it.each([0, -1, 4000, 1.5])('refuses %s', (n) => {
    expect(() => toRoman(n)).toThrow(TemplateError);
  });
});

describe('validateTemplate', () => {
  const opts = {
    allowed: ['seq', 'year', 'unit'],
    maxLength: 50,
    sample: { seq: 999999, year: 2026, unit: 'ODBOR-VYSTAVBY' },
  };
  it.each([
    ['MUHL/{seq}/{year}', []],
    ['MUHL/{unit}/{seq}/{year}', []],
    ['MUHL/{year}', ['The template must contain {seq}']],
    ['MUHL/{seq}/{meeting}', ['Unknown placeholder {meeting}']],
    ['{seq}/'.padEnd(60, 'X'), ['Numbers can reach 61 characters']],
  ])('%s → %j', (template, expected) => {
    const errors = validateTemplate(template, opts);
    expect(errors.length).toBe(expected.length);
    for (const [i, e] of expected.entries()) expect(errors[i]).toContain(e);
  });
});
