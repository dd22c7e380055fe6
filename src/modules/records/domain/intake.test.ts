import { describe, expect, it } from 'vitest';
import { formatRefNumber, refTemplate } from './intake.js';

describe('reference number (číslo jednací) template of the tenant', () => {
  it.each([
    [{ referenceNumberTemplate: 'MUHL/{seq}/{year}' }, 'MUHL/12/2026'],
    [{ referenceNumberTemplate: 'MUHL/{seq:04}/{year}' }, 'MUHL/0012/2026'],
    [{ referenceNumberTemplate: 'OU-{year}-{seq:05}' }, 'OU-2026-00012'],
    [{ referenceNumberTemplate: 'no sequence/{year}' }, '12/2026'], // unusable: the default
    [{}, '12/2026'],
    [{ referenceNumberTemplate: 42 }, '12/2026'],
  ])('%j → %s', (settings, expected) => {
    expect(formatRefNumber(refTemplate(settings), 12, 2026)).toBe(expected);
  });
});
