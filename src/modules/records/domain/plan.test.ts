import { describe, expect, it } from 'vitest';
import { checkFullCode, checkSimpleCode, compareCodes, fullCode } from './plan.js';

describe('subject group codes', () => {
  it.each([
    ['1', []],
    ['2a', []],
    ['ZP-3', []],
    ['x'.repeat(50), []],
    ['', ['required']],
    ['x'.repeat(51), ['at most 50']],
    ['1.2', ['no dots']],
    ['1 2', ['no dots or spaces']],
    ['-1', ['Use letters']],
  ])('simple code %j', (code, expected) => {
    const errors = checkSimpleCode(code);
    expect(errors.length).toBe(expected.length);
    for (const [i, e] of expected.entries()) expect(errors[i]!.message).toContain(e);
  });

  it.each([
    [null, '1', '1'],
    ['1', '2', '1.2'],
    ['3.1', 'a', '3.1.a'],
  ])('full code of %s + %s = %s', (parent, code, expected) => {
    expect(fullCode(parent, code)).toBe(expected);
  });

  it.each([
    ['x'.repeat(255), 0],
    ['x'.repeat(256), 1],
  ])('full code of length %#', (full, n) => {
    expect(checkFullCode(full)).toHaveLength(n);
  });

  it('sorts codes numerically segment by segment', () => {
    expect(['10', '2', '1.10', '1.2', '1'].sort(compareCodes)).toEqual(['1', '1.2', '1.10', '2', '10']);
  });
});
