import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { standardsDir } from '../../../platform/audit/xsd.js';
import type { IsoDate } from '../../../platform/calendar/index.js';
import { TemplateError } from '../../../platform/numbering/index.js';
import {
  checkSettlement,
  closingProblems,
  fileRegime,
  fileTemplate,
  formatFileNumber,
  nextFileStatus,
  numberInFile,
  type RegimeLike,
  removalProblem,
  SETTLEMENT_METHODS,
  triggerYear,
} from './files.js';

describe('file numbers', () => {
  it.each([
    [{}, 12, 2026, 'SZ 12/2026'],
    [{ fileNumberTemplate: 'MUHL/SZ/{seq}/{year}' }, 3, 2026, 'MUHL/SZ/3/2026'],
    [{ fileNumberTemplate: 'SZ-{seq:04}-{year}' }, 7, 2027, 'SZ-0007-2027'],
    [{ fileNumberTemplate: 'no placeholder' }, 1, 2026, 'SZ 1/2026'],
    [{ fileNumberTemplate: 42 }, 1, 2026, 'SZ 1/2026'],
  ])('template from settings %j, file %i of %i → %s', (settings, seq, year, expected) => {
    expect(formatFileNumber(fileTemplate(settings), seq, year)).toBe(expected);
  });

  it.each([
    ['{seq}/{year}/{colour}', /broken/],
    [`${'X'.repeat(45)}/{seq}/{year}`, /longer than 50/],
  ])('refuses the template %s', (template, message) => {
    expect(() => formatFileNumber(template, 1, 2026)).toThrow(TemplateError);
    expect(() => formatFileNumber(template, 1, 2026)).toThrow(message);
  });

  it.each([
    ['sberny_arch', 12, 2026, 1, '12/2026-1'],
    ['sberny_arch', 12, 2026, 3, '12/2026-3'],
    ['sberny_arch', 1, 2027, 10, '1/2027-10'],
    ['priorace', null, 2026, 2, null],
    ['priorace', 5, 2026, 2, null],
  ] as const)('%s file %s/%i, position %i → %s', (method, seq, year, position, expected) => {
    expect(numberInFile(method, seq, year, position)).toBe(expected);
  });
});

describe('file status', () => {
  it.each([
    ['open', 'insert', 'open'],
    ['open', 'remove', 'open'],
    ['open', 'close', 'closed'],
    ['open', 'reopen', null],
    ['closed', 'insert', null],
    ['closed', 'remove', null],
    ['closed', 'close', null],
    ['closed', 'reopen', 'open'],
  ] as const)('%s --%s--> %s', (from, action, to) => {
    expect(nextFileStatus(from, action)).toBe(to);
  });

  it.each([
    ['priorace', 'd1', 'open', 'd1', /initial document/],
    ['priorace', 'd1', 'open', 'd2', null],
    ['sberny_arch', null, 'open', 'd1', null],
    ['sberny_arch', null, 'closed', 'd1', /closed file/],
    ['priorace', 'd1', 'closed', 'd2', /closed file/],
  ] as const)('%s file (initial %s, %s): removing %s → %s', (method, initial, status, doc, expected) => {
    const p = removalProblem({ method, initialDocumentId: initial, status }, doc);
    if (expected === null) expect(p).toBeNull();
    else expect(p).toMatch(expected);
  });
});

describe('the stricter regime wins in a file', () => {
  const r = (id: string, mark: 'A' | 'S', period: number): RegimeLike => ({
    id,
    mark,
    period,
    trigger: 'closing',
  });
  const S5 = r('S5', 'S', 5);
  const S10 = r('S10', 'S', 10);
  const A5 = r('A5', 'A', 5);
  const A10 = r('A10', 'A', 10);
  const S5b = r('S5b', 'S', 5);
  it.each([
    ['no other documents', S5, [], 'S5'],
    ['documents without a group', S5, [null, null], 'S5'],
    ['a longer S period', S5, [S10], 'S10'],
    ['a shorter S period', S10, [S5], 'S10'],
    ['A beats a longer S', S10, [A5], 'A5'],
    ['A stays against S', A5, [S10, S5], 'A5'],
    ['the longer of two As', A5, [S10, A10, A5], 'A10'],
    ['an equal regime keeps the group’s', S5, [S5b], 'S5'],
    ['the order of documents does not matter', S5, [A5, S10, A10], 'A10'],
  ])('%s', (_name, group, members, expected) => {
    expect(fileRegime(group, members).id).toBe(expected);
  });
});

describe('trigger year of a closed file', () => {
  const facts = {
    closedOn: '2027-02-03' as IsoDate,
    createdOn: '2026-03-10' as IsoDate,
    settledOn: ['2026-11-30', '2027-01-15', '2026-05-01'] as IsoDate[],
  };
  it.each([
    ['closing', null, 2027],
    ['creation', null, 2026],
    ['settlement', null, 2027],
    ['validity_end', 2030, 2030],
    ['birth', 1950, 1950],
  ] as const)('%s (given %s) → %i', (trigger, given, year) => {
    expect(triggerYear(trigger, facts, given)).toEqual({ year });
  });

  it.each([
    ['validity_end', null],
    ['birth', 1800],
    ['birth', 2200],
    ['validity_end', 2030.5],
  ] as const)('%s needs a plausible given year, not %s', (trigger, given) => {
    expect(triggerYear(trigger, facts, given)).toMatchObject({ error: { field: 'triggerYear' } });
  });

  it('settlement needs a settled document', () => {
    expect(triggerYear('settlement', { ...facts, settledOn: [] }, null)).toMatchObject({
      error: { field: 'triggerYear' },
    });
  });
});

describe('closing completeness', () => {
  it.each([
    ['all settled', [{ refNumber: 'A/1', status: 'settled' }], [], []],
    ['an empty file', [], [], [/no documents/]],
    [
      'one accepted',
      [
        { refNumber: 'A/1', status: 'settled' },
        { refNumber: 'A/2', status: 'accepted' },
      ],
      [],
      [/not settled: A\/2\./],
    ],
    [
      'two unsettled',
      [
        { refNumber: 'A/1', status: 'assigned' },
        { refNumber: 'A/2', status: 'accepted' },
      ],
      [],
      [/not settled: A\/1, A\/2\./],
    ],
    ['a pending dispatch', [{ refNumber: 'A/1', status: 'settled' }], ['A/3'], [/Dispatches not done: A\/3/]],
  ] as const)('%s', (_name, members, dispatches, expected) => {
    const problems = closingProblems(members, dispatches);
    expect(problems).toHaveLength(expected.length);
    expected.forEach((re, i) => {
      expect(problems[i]).toMatch(re);
    });
  });
});

describe('settlement', () => {
  const today = '2026-03-10' as IsoDate;
  const registered = '2026-03-01' as IsoDate;
  it.each([
    [
      { method: 'document', date: '2026-03-10' },
      { method: 'document', date: '2026-03-10', note: null },
    ],
    [
      { method: 'acknowledgement', date: '2026-03-01', note: '  Bereme na vědomí. ' },
      { method: 'acknowledgement', date: '2026-03-01', note: 'Bereme na vědomí.' },
    ],
    [
      { method: 'other', date: '2026-03-05', note: 'Vyřízeno telefonicky.' },
      { method: 'other', date: '2026-03-05', note: 'Vyřízeno telefonicky.' },
    ],
    [
      { method: 'forwarding', date: '2026-03-09', note: '' },
      { method: 'forwarding', date: '2026-03-09', note: null },
    ],
    [
      { method: 'record', date: '2026-03-02', note: null },
      { method: 'record', date: '2026-03-02', note: null },
    ],
  ])('accepts %j', (input, expected) => {
    expect(checkSettlement(input, today, registered)).toEqual({ value: expected, errors: [] });
  });

  it.each([
    ['a date in the future', { method: 'document', date: '2026-03-11' }, 'date', /future/],
    ['a date before registration', { method: 'document', date: '2026-02-28' }, 'date', /before/],
    ['no date', { method: 'document' }, 'date', /YYYY-MM-DD/],
    ['an impossible date', { method: 'document', date: '2026-02-30' }, 'date', /YYYY-MM-DD/],
    ['an unknown method', { method: 'lost', date: '2026-03-05' }, 'method', /Unknown/],
    ['the Czech text as method', { method: 'vzetí na vědomí', date: '2026-03-05' }, 'method', /Unknown/],
    ['"other" without a note', { method: 'other', date: '2026-03-05', note: ' ' }, 'note', /needs a note/],
    ['a note too long', { method: 'document', date: '2026-03-05', note: 'x'.repeat(2001) }, 'note', /2000/],
    ['a note that is not text', { method: 'document', date: '2026-03-05', note: 5 }, 'note', /text/],
  ])('refuses %s', (_name, input, field, message) => {
    const r = checkSettlement(input, today, registered);
    expect(r.value).toBeNull();
    expect(r.errors).toEqual([{ field, message: expect.stringMatching(message) }]);
  });

  it('names exactly the methods of the XSD type tZpusobVyrizeni, spelled as there', async () => {
    const xsd = await readFile(path.join(standardsDir(), 'nsesss-2023', 'nsesss-common.xsd'), 'utf8');
    const type = /<xs:simpleType name="tZpusobVyrizeni">([\s\S]*?)<\/xs:simpleType>/.exec(xsd)![1]!;
    const values = [...type.matchAll(/<xs:enumeration value="([^"]+)"/g)].map((m) => m[1]);
    expect(values).toHaveLength(5);
    expect(Object.values(SETTLEMENT_METHODS)).toEqual(values);
  });
});
