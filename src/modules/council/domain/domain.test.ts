import { describe, expect, it } from 'vitest';
import { DEFAULT_LOCALE } from '../../../platform/i18n/index.js';
import {
  type Clause,
  canMove,
  checkClauses,
  isEditable,
  type MaterialState,
  stateAfter,
} from './material.js';
import {
  checkResolutionTemplate,
  DEFAULT_RESOLUTION_TEMPLATE,
  formatResolutionNumber,
  materialReference,
  POLISH_RESOLUTION_TEMPLATE,
  parseMaterialReference,
} from './numbering.js';
import { checkTaskDeadline, describeNonWorking, taskUrgency } from './task.js';
import {
  type AttendanceEvent,
  type Ballot,
  checkVote,
  hasQuorum,
  isAdopted,
  majorityOf,
  presentAt,
} from './voting.js';

describe('majority of all members (§87/§92 zákon o obcích, §40/§44 zákon o krajích)', () => {
  it.each([
    // seats, majority, quorum with …, no quorum with …
    [5, 3, 3, 2],
    [9, 5, 5, 4],
    [10, 6, 6, 5],
    [11, 6, 6, 5],
    [15, 8, 8, 7],
    [45, 23, 23, 22],
  ])('%i seats: majority %i; quorum at %i present, none at %i', (seats, majority, enough, tooFew) => {
    expect(majorityOf(seats)).toBe(majority);
    expect(hasQuorum(seats, enough)).toBe(true);
    expect(hasQuorum(seats, tooFew)).toBe(false);
  });

  it.each([
    // seats, votes for, adopted — counted from all seats, never from those present
    [9, 5, true],
    [9, 4, false],
    [10, 5, false], // half of an even body is not a majority
    [10, 6, true],
    [45, 22, false],
    [45, 23, true],
    [5, 3, true],
  ])('%i seats, %i for → adopted %s', (seats, votesFor, adopted) => {
    expect(isAdopted(seats, votesFor)).toBe(adopted);
  });

  it('rejects a nonsense seat count', () => {
    expect(() => majorityOf(0)).toThrow(RangeError);
    expect(() => majorityOf(2.5)).toThrow(RangeError);
  });
});

const members = (n: number) => Array.from({ length: n }, (_, i) => `m${i + 1}`);
const arriveAll = (ids: string[], fromItem = 1): AttendanceEvent[] =>
  ids.map((memberId) => ({ memberId, kind: 'arrive', fromItem }));

describe('attendance per agenda item', () => {
  const nine = members(9);
  const events: AttendanceEvent[] = [
    ...arriveAll(nine.slice(0, 6)), // six at the start
    { memberId: 'm7', kind: 'arrive', fromItem: 2 }, // late
    { memberId: 'm1', kind: 'leave', fromItem: 3 }, // leaves after item 2
    { memberId: 'm2', kind: 'leave', fromItem: 3 },
    { memberId: 'm1', kind: 'arrive', fromItem: 5 }, // comes back
  ];
  it.each([
    [1, 6],
    [2, 7],
    [3, 5],
    [4, 5],
    [5, 6],
  ])('item %i: %i present', (item, count) => {
    expect(presentAt(events, item).size).toBe(count);
  });

  it('a member leaving mid-meeting can cost the quorum for later items (9 seats)', () => {
    const e: AttendanceEvent[] = [
      ...arriveAll(nine.slice(0, 5)),
      { memberId: 'm3', kind: 'leave', fromItem: 4 },
    ];
    expect(hasQuorum(9, presentAt(e, 3).size)).toBe(true);
    expect(hasQuorum(9, presentAt(e, 4).size)).toBe(false);
  });
});

describe('votes', () => {
  const present = new Set(members(7)); // 7 of 9 present
  const named = (choices: [string, Ballot['choice']][]) => ({
    kind: 'named' as const,
    ballots: choices.map(([memberId, choice]) => ({ memberId, choice })),
  });

  it.each([
    // description, seats, vote, adopted, issue codes
    [
      'named: 5 of 9 for → adopted',
      9,
      named([
        ['m1', 'for'],
        ['m2', 'for'],
        ['m3', 'for'],
        ['m4', 'for'],
        ['m5', 'for'],
        ['m6', 'against'],
      ]),
      true,
      [],
    ],
    [
      'named: 4 of 9 for, majority of those present is not enough',
      9,
      named([
        ['m1', 'for'],
        ['m2', 'for'],
        ['m3', 'for'],
        ['m4', 'for'],
        ['m5', 'abstain'],
        ['m6', 'against'],
      ]),
      false,
      [],
    ],
    [
      'named: a member voting twice is refused',
      9,
      named([
        ['m1', 'for'],
        ['m1', 'against'],
      ]),
      false,
      ['votedTwice'],
    ],
    ['named: an absent member cannot vote', 9, named([['m9', 'for']]), false, ['notPresent']],
    [
      'aggregate: counts add up to 7',
      9,
      { kind: 'aggregate' as const, for: 5, against: 1, abstain: 1, notVoting: 0 },
      true,
      [],
    ],
    [
      'aggregate: counts must add up to those present',
      9,
      { kind: 'aggregate' as const, for: 5, against: 1, abstain: 0, notVoting: 0 },
      false,
      ['countsMismatch'],
    ],
    [
      'aggregate: negative counts refused',
      9,
      { kind: 'aggregate' as const, for: 8, against: -1, abstain: 0, notVoting: 0 },
      false,
      ['negative'],
    ],
    [
      'no quorum: 7 present of 15',
      15,
      { kind: 'aggregate' as const, for: 7, against: 0, abstain: 0, notVoting: 0 },
      false,
      ['noQuorum'],
    ],
  ] as const)('%s', (_d, seats, vote, adopted, codes) => {
    const r = checkVote(seats, present, vote);
    expect(r.adopted).toBe(adopted);
    expect(r.issues.map((i) => i.code)).toEqual(codes);
  });

  it('named: members present without a ballot count as not voting', () => {
    const r = checkVote(9, present, named([['m1', 'for']]));
    expect(r.tally).toEqual({ for: 1, against: 0, abstain: 0, notVoting: 6 });
  });
});

describe('resolution numbers and material references', () => {
  it.each([
    [DEFAULT_RESOLUTION_TEMPLATE, { seq: 208, meeting: 3, year: 2009, body: 'ZK' }, '0208/03/2009/ZK'],
    [DEFAULT_RESOLUTION_TEMPLATE, { seq: 1, meeting: 18, year: 2009, body: 'RK' }, '0001/18/2009/RK'],
    [
      POLISH_RESOLUTION_TEMPLATE,
      { seq: 123, meeting: 5, session: 12, year: 2024, body: 'RG' },
      'XII/123/2024',
    ],
    [POLISH_RESOLUTION_TEMPLATE, { seq: 7, meeting: 4, year: 2024, body: 'RG' }, 'IV/7/2024'],
  ])('%s → %s', (template, parts, expected) => {
    expect(formatResolutionNumber(template, parts)).toBe(expected);
  });

  it.each([
    [DEFAULT_RESOLUTION_TEMPLATE, []],
    [POLISH_RESOLUTION_TEMPLATE, []],
    ['{meeting}/{year}', ['The template must contain {seq}']],
    ['{seq}/{material}', ['Unknown placeholder {material}']],
    ['{seq}/{year', ['Malformed placeholder']],
  ])('template %s → %j', (template, errors) => {
    const got = checkResolutionTemplate(template);
    expect(got.length).toBe(errors.length);
    for (const [i, e] of errors.entries()) expect(got[i]).toContain(e);
  });

  it.each([
    ['RK', 18, 2009, 22, 'RK-18-2009-22'],
    ['ZK', 3, 2009, 1, 'ZK-3-2009-1'],
  ])('material reference %s/%i/%i/%i → %s', (body, meeting, year, material, ref) => {
    expect(materialReference(body, meeting, year, material)).toBe(ref);
    expect(parseMaterialReference(ref)).toEqual({ body, meeting, year, material });
  });

  it('refuses impossible reference parts', () => {
    expect(() => materialReference('RK', 0, 2009, 1)).toThrow(RangeError);
    expect(() => materialReference('R K', 1, 2009, 1)).toThrow(RangeError);
    expect(parseMaterialReference('RK/18/2009/22')).toBeNull();
  });
});

describe('task deadlines (platform calendar)', () => {
  const today = '2026-04-01';
  it.each([
    ['2026-03-31', 'CZ', 'duePast', null],
    ['2026-04-01', 'CZ', null, null], // today is still in time
    ['2026-04-15', 'CZ', null, null],
    ['2026-04-18', 'CZ', null, '2026-04-18 je sobota'],
    ['2026-05-01', 'CZ', null, '2026-05-01 je svátek (Svátek práce)'],
    ['2026-05-03', 'PL', null, '2026-05-03 je neděle a svátek'],
    ['31. 12. 2026', 'CZ', 'badDate', null],
  ] as const)('%s (%s) → error %s, flag %s', (due, country, error, flag) => {
    const r = checkTaskDeadline(due, today, country);
    if (error) {
      expect(r).toMatchObject({ ok: false, code: error });
      return;
    }
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    if (flag === null) expect(r.nonWorking).toBeNull();
    else {
      expect(r.nonWorking).not.toBeNull();
      expect(describeNonWorking(r.due, r.nonWorking!.explanation, DEFAULT_LOCALE)).toContain(flag);
    }
  });

  it.each([
    ['open', '2026-03-31', 'overdue'],
    ['open', '2026-04-01', 'due_soon'],
    ['open', '2026-04-08', 'due_soon'],
    ['open', '2026-04-09', 'later'],
    ['done', '2026-03-01', 'closed'],
  ] as const)('task %s due %s → %s', (state, due, urgency) => {
    expect(taskUrgency(state, due, today)).toBe(urgency);
  });
});

describe('material workflow and draft resolution', () => {
  it.each([
    ['draft', 'opinions_requested', true],
    ['draft', 'ready', true],
    ['opinions_requested', 'ready', true],
    ['ready', 'on_agenda', true],
    ['on_agenda', 'decided', true],
    ['draft', 'on_agenda', false],
    ['draft', 'decided', false],
    ['decided', 'draft', false],
    ['decided', 'ready', false],
  ] as [MaterialState, MaterialState, boolean][])('%s → %s allowed: %s', (from, to, ok) => {
    expect(canMove(from, to)).toBe(ok);
  });

  it.each([
    ['draft', true],
    ['ready', true],
    ['on_agenda', false],
    ['decided', false],
  ] as [MaterialState, boolean][])('texts editable in %s: %s', (state, editable) => {
    expect(isEditable(state)).toBe(editable);
  });

  it.each([
    ['adopted', 'decided'],
    ['adopted_amended', 'decided'],
    ['rejected', 'decided'],
    ['withdrawn', 'decided'],
    ['postponed', 'ready'],
  ] as const)('outcome %s leaves the material %s', (outcome, state) => {
    expect(stateAfter(outcome)).toBe(state);
  });

  const today = '2026-04-01';
  it.each([
    ['schvaluje', [{ verb: 'schvaluje', text: 'rozpočet kraje na rok 2027' }], []],
    ['no clauses', [], ['noClauses']],
    ['empty text', [{ verb: 'bere_na_vedomi', text: '  ' }], ['required']],
    ['unknown verb', [{ verb: 'zakazuje', text: 'x' }], ['badVerb']],
    [
      'ukládá with responsible and deadline',
      [
        {
          verb: 'uklada',
          text: 'zajistit smlouvu',
          responsible: 'ředitel krajského úřadu',
          due: '2026-06-30',
        },
      ],
      [],
    ],
    [
      'ukládá without responsible',
      [{ verb: 'uklada', text: 'zajistit', responsible: ' ', due: '2026-06-30' }],
      ['noResponsible'],
    ],
    ['ukládá without deadline', [{ verb: 'uklada', text: 'zajistit', responsible: 'ředitel' }], ['noDue']],
    [
      'ukládá, deadline past',
      [{ verb: 'uklada', text: 'zajistit', responsible: 'ředitel', due: '2026-03-01' }],
      ['duePast'],
    ],
  ] as [string, Clause[], string[]][])('%s → %j', (_d, clauses, codes) => {
    expect(checkClauses(clauses, today).map((i) => i.code)).toEqual(codes);
  });
});
