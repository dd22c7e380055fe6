import { describe, expect, it } from 'vitest';
import type { IsoDate } from '../../../platform/calendar/index.js';
import { checkNoticeTiming, invitationMail, isEmail, isStartTime, latestNoticeDay } from './announce.js';
import { checkRefs, clauseRefs, type Referenced } from './links.js';
import { type Clause, checkClauses, cleanClauses } from './material.js';
import { afterVote, applyAmendments, type Motion, nextVote, settle, votingOrder } from './motions.js';
import { checkClose, type ReportTask, taskReportSections } from './task-report.js';

describe('public notice of an assembly meeting: at least 7 days ahead (§93(1) zákon o obcích)', () => {
  it.each([
    // meeting, posting, today, ok / code
    ['2026-04-15', '2026-04-08', '2026-04-01', 'ok'],
    ['2026-04-15', '2026-04-01', '2026-04-01', 'ok'],
    ['2026-04-15', '2026-04-09', '2026-04-01', 'tooLate'],
    ['2026-04-08', '2026-04-01', '2026-04-01', 'ok'],
    ['2026-04-07', '2026-04-01', '2026-04-01', 'tooLate'],
    ['2026-04-02', '2026-04-01', '2026-04-01', 'tooLate'],
    ['2026-03-30', '2026-04-01', '2026-04-01', 'tooLate'],
    ['2026-04-15', '2026-03-31', '2026-04-01', 'postingInPast'],
    ['2026-04-15', '2026-04-31', '2026-04-01', 'badDate'],
  ])('meeting %s, posted %s (today %s) → %s', (meeting, posting, today, expected) => {
    const r = checkNoticeTiming(meeting as IsoDate, posting, today as IsoDate);
    expect(r.ok ? 'ok' : r.code).toBe(expected);
  });
  it('names the last day and the days left', () => {
    expect(latestNoticeDay('2026-03-05')).toBe('2026-02-26');
    const r = checkNoticeTiming('2026-04-05', '2026-04-01', '2026-04-01');
    expect(r).toMatchObject({ ok: false, latest: '2026-03-29' });
    expect(!r.ok && r.message).toContain('4 days remain');
  });
  it.each([
    ['16:00', true],
    ['09:30', true],
    ['24:00', false],
    ['9:30', false],
    ['16.00', false],
  ])('start time %s valid: %s', (v, ok) => expect(isStartTime(v)).toBe(ok));
  it.each([
    ['starosta@hlucin.cz', true],
    ['a b@x.cz', false],
    ['x@cz', false],
    ['@x.cz', false],
  ])('e-mail %s valid: %s', (v, ok) => expect(isEmail(v)).toBe(ok));
  it('the invitation names the meeting, the time, the place and the agenda', () => {
    const m = invitationMail(
      {
        bodyName: 'Zastupitelstvo města Hlučína',
        tenantName: 'Město Hlučín',
        number: 3,
        year: 2026,
        date: '2026-04-15',
        startTime: '16:00',
        place: 'Hlučín, zasedací místnost radnice',
        items: [
          { position: 1, title: 'Zahájení', reference: null },
          { position: 2, title: 'Rozpočtové opatření č. 2', reference: 'ZM-3-2026-1' },
        ],
      },
      'Řehoř Žák',
    );
    expect(m.subject).toBe('Pozvánka na 3. zasedání – Zastupitelstvo města Hlučína, 15. 4. 2026 v 16:00');
    expect(m.text).toContain('Řehoř Žák');
    expect(m.text).toContain('místo konání: Hlučín, zasedací místnost radnice');
    expect(m.text).toContain('2. Rozpočtové opatření č. 2 (ZM-3-2026-1)');
  });
});

describe('revoking and amending earlier resolutions', () => {
  const c = (verb: Clause['verb'], ref?: string): Clause => ({
    verb,
    text: 'usnesení',
    ...(ref ? { ref } : {}),
  });
  it('a "revokuje" or "mění" clause needs the earlier number; other verbs lose a stray ref', () => {
    expect(checkClauses([c('revokuje')], '2026-04-01').map((i) => i.code)).toEqual(['noRef']);
    expect(checkClauses([c('meni')], '2026-04-01').map((i) => i.code)).toEqual(['noRef']);
    expect(checkClauses([c('meni', '0001/01/2026/ZM')], '2026-04-01')).toEqual([]);
    expect(cleanClauses([c('schvaluje', 'X'), c('revokuje', ' 1/2026 ')])).toEqual([
      { verb: 'schvaluje', text: 'usnesení' },
      { verb: 'revokuje', text: 'usnesení', ref: '1/2026' },
    ]);
    expect(clauseRefs([c('schvaluje'), c('revokuje', 'A'), c('meni', 'B')])).toEqual([
      { clauseIndex: 1, kind: 'revokes', number: 'A' },
      { clauseIndex: 2, kind: 'amends', number: 'B' },
    ]);
  });
  const found = new Map<string, Referenced>([
    [
      '0001/01/2026/ZM',
      { id: 'a', number: '0001/01/2026/ZM', bodyId: 'zm', adoptedOn: '2026-01-20', revokedBy: null },
    ],
    [
      '0002/01/2026/ZM',
      {
        id: 'b',
        number: '0002/01/2026/ZM',
        bodyId: 'zm',
        adoptedOn: '2026-01-20',
        revokedBy: '0009/02/2026/ZM',
      },
    ],
    [
      '0001/01/2026/RM',
      { id: 'c', number: '0001/01/2026/RM', bodyId: 'rm', adoptedOn: '2026-01-10', revokedBy: null },
    ],
  ]);
  it.each([
    [[c('revokuje', '0001/01/2026/ZM')], []],
    [[c('meni', '0002/01/2026/ZM')], ['refRevoked']],
    [[c('revokuje', '0002/01/2026/ZM')], ['refRevoked']],
    [[c('revokuje', '0099/01/2026/ZM')], ['refUnknown']],
    [[c('revokuje', '0001/01/2026/RM')], ['refOtherBody']],
    [[c('revokuje', '0003/02/2026/ZM')], ['refSelf']],
    [[c('meni', '0001/01/2026/ZM'), c('meni', '0001/01/2026/ZM')], ['refTwice']],
    [[c('meni', '0001/01/2026/ZM'), c('revokuje', '0001/01/2026/ZM')], []],
  ] as [Clause[], string[]][])('%j → %j', (clauses, codes) => {
    expect(checkRefs(clauseRefs(clauses), found, 'zm', '0003/02/2026/ZM').map((i) => i.code)).toEqual(codes);
  });
});

describe('counter-proposals and amendments: voted before the main proposal', () => {
  const clause = (text: string): Clause => ({ verb: 'schvaluje', text });
  const counter = (id: string, seq: number, state: Motion['state'] = 'pending'): Motion => ({
    id,
    kind: 'counter',
    seq,
    state,
    clauses: [clause(`protinávrh ${id}`)],
  });
  const amendment = (
    id: string,
    seq: number,
    clauseIndex: number | null,
    text: string | null,
    state: Motion['state'] = 'pending',
  ): Motion => ({
    id,
    kind: 'amendment',
    seq,
    state,
    change: { clauseIndex, clause: text ? clause(text) : null },
  });

  it('order: counter-proposals last submitted first, then amendments last submitted first', () => {
    const motions = [
      amendment('a1', 1, 0, 'x'),
      counter('c1', 2),
      amendment('a2', 3, 1, 'y'),
      counter('c2', 4),
    ];
    expect(votingOrder(motions).map((m) => m.id)).toEqual(['c2', 'c1', 'a2', 'a1']);
  });

  it.each([
    // motions (states after the votes so far), what comes next
    [[], 'main'],
    [[counter('c1', 1), counter('c2', 2)], 'c2'],
    [[counter('c1', 1), counter('c2', 2, 'rejected')], 'c1'],
    [[counter('c1', 1, 'rejected'), counter('c2', 2, 'rejected'), amendment('a1', 3, 0, 'x')], 'a1'],
    [[counter('c1', 1, 'rejected'), amendment('a1', 2, 0, 'x', 'adopted')], 'main'],
    [
      [counter('c1', 1, 'adopted'), counter('c2', 2, 'rejected'), amendment('a1', 3, 0, 'x', 'void')],
      'settled:c1',
    ],
  ] as [Motion[], string][])('%# → %s', (motions, expected) => {
    const n = nextVote(motions);
    expect(n.kind === 'motion' ? n.motion.id : n.kind === 'settled' ? `settled:${n.by.id}` : 'main').toBe(
      expected,
    );
  });

  it('an adopted counter-proposal voids every pending motion and ends the item in its wording', () => {
    const motions = [counter('c1', 1), amendment('a1', 2, 0, 'x'), counter('c2', 3)];
    const states = afterVote(motions, 'c2', true);
    expect(Object.fromEntries(states)).toEqual({ c2: 'adopted', c1: 'void', a1: 'void' });
    const after = motions.map((m) => ({ ...m, state: states.get(m.id) ?? m.state }));
    expect(settle([clause('původní')], after)).toMatchObject({
      kind: 'counter',
      clauses: [clause('protinávrh c2')],
    });
  });

  it('a rejected motion voids nothing; voting out of order is refused', () => {
    const motions = [counter('c1', 1), counter('c2', 2)];
    expect(Object.fromEntries(afterVote(motions, 'c2', false))).toEqual({ c2: 'rejected' });
    expect(() => afterVote(motions, 'c1', true)).toThrow(RangeError);
  });

  it('an adopted amendment voids the other pending amendments to the same clause', () => {
    const motions = [amendment('a1', 1, 0, 'x'), amendment('a2', 2, 1, 'y'), amendment('a3', 3, 0, 'z')];
    expect(Object.fromEntries(afterVote(motions, 'a3', true))).toEqual({ a3: 'adopted', a1: 'void' });
  });

  it.each([
    ['replace clause 2', [amendment('a', 1, 1, 'B2', 'adopted')], ['A', 'B2', 'C']],
    ['delete clause 1', [amendment('a', 1, 0, null, 'adopted')], ['B', 'C']],
    ['add a clause', [amendment('a', 1, null, 'D', 'adopted')], ['A', 'B', 'C', 'D']],
    ['rejected ones do nothing', [amendment('a', 1, 1, 'B2', 'rejected')], ['A', 'B', 'C']],
    [
      'delete and replace by the original numbers',
      [amendment('a', 1, 0, null, 'adopted'), amendment('b', 2, 2, 'C2', 'adopted')],
      ['B', 'C2'],
    ],
  ] as [string, Motion[], string[]][])('%s', (_, motions, texts) => {
    expect(applyAmendments([clause('A'), clause('B'), clause('C')], motions).map((c) => c.text)).toEqual(
      texts,
    );
  });

  it('settlement: pending motions hold the main vote; adopted amendments make the wording "amended"', () => {
    expect(settle([clause('A')], [amendment('a', 1, 0, 'A2')]).kind).toBe('pending');
    expect(settle([clause('A')], [amendment('a', 1, 0, 'A2', 'adopted')])).toEqual({
      kind: 'main',
      clauses: [clause('A2')],
      amended: true,
    });
    expect(settle([clause('A')], [amendment('a', 1, 0, 'A2', 'rejected')])).toEqual({
      kind: 'main',
      clauses: [clause('A')],
      amended: false,
    });
  });
});

describe('kontrola plnění usnesení', () => {
  const task = (
    id: string,
    due: string,
    state: ReportTask['state'] = 'open',
    closedOn: string | null = null,
  ): ReportTask => ({
    id,
    resolutionNumber: `R-${id}`,
    text: id,
    responsible: 'starosta',
    due: due as IsoDate,
    state,
    closedOn: closedOn as IsoDate | null,
    reason: null,
    reports: [],
  });
  const tasks = [
    task('late', '2026-03-31'),
    task('dueOnDay', '2026-04-15'),
    task('later', '2026-06-30'),
    task('doneSince', '2026-05-01', 'done', '2026-04-02'),
    task('doneBefore', '2026-02-01', 'done', '2026-01-20'),
    task('cancelledSince', '2026-05-01', 'cancelled', '2026-03-20'),
    task('doneAfterMeeting', '2026-05-01', 'done', '2026-04-20'),
  ];
  it('overdue before the meeting day, open from it on, closed since the previous meeting', () => {
    const s = taskReportSections(tasks, '2026-04-15', '2026-03-18');
    expect(s.overdue.map((t) => t.id)).toEqual(['late']);
    expect(s.open.map((t) => t.id)).toEqual(['dueOnDay', 'later']);
    expect(s.closed.map((t) => t.id)).toEqual(['cancelledSince', 'doneSince']);
  });
  it('without a previous meeting every closed task up to the meeting day is listed', () => {
    expect(taskReportSections(tasks, '2026-04-15', null).closed.map((t) => t.id)).toEqual([
      'doneBefore',
      'cancelledSince',
      'doneSince',
    ]);
  });
  it.each([
    ['done', '', 1, []],
    ['done', '', 0, ['noReport']],
    ['cancelled', 'zrušeno usnesením 0010/04/2026/ZM', 0, []],
    ['cancelled', '  ', 2, ['noReason']],
    ['open', 'x', 1, ['badState']],
  ] as [string, string, number, string[]][])(
    'close as %s (reason "%s", %i reports) → %j',
    (state, reason, n, codes) => {
      expect(checkClose(state, reason, n).map((i) => i.code)).toEqual(codes);
    },
  );
});
