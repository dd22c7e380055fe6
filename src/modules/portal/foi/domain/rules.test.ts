import { describe, expect, it } from 'vitest';
import { formatExplanation, type IsoDate } from '../../../../platform/calendar/index.js';
import {
  answerDeadline,
  applyFoiAction,
  checkReceivedOn,
  type FoiAction,
  type FoiFacts,
  FoiRuleError,
  foiDeadlines,
  newFoiFacts,
  nextDue,
} from './rules.js';

const d = (s: string) => s as IsoDate;
const FAR = d('2030-01-01');

/** Runs actions in order from a request received on `received`. */
function run(received: string, actions: FoiAction[], today: IsoDate = FAR): FoiFacts {
  let f = newFoiFacts(d(received));
  for (const a of actions) f = applyFoiAction(f, a, today, 'CZ').facts;
  return f;
}

function refusal(fn: () => unknown): FoiRuleError {
  try {
    fn();
  } catch (e) {
    if (e instanceof FoiRuleError) return e;
    throw e;
  }
  throw new Error('expected the rules to refuse');
}

describe('answer deadline (15 days, §14(5)(d), moved off weekends and holidays)', () => {
  it.each([
    ['plain weekday', '2026-03-02', [], '2026-03-17', '15 dní od 2026-03-02 → 2026-03-17'],
    ['ends on Saturday', '2026-03-06', [], '2026-03-23', 'je sobota → posunuto na 2026-03-23'],
    [
      'ends on Christmas Day',
      '2026-12-10',
      [],
      '2026-12-28',
      '2026-12-25 je svátek (1. svátek vánoční) → posunuto na 2026-12-28',
    ],
    [
      'ends on Good Friday 2027, passes Easter Monday',
      '2027-03-11',
      [],
      '2027-03-30',
      '2027-03-29 je svátek (Velikonoční pondělí) → posunuto na 2027-03-30',
    ],
    [
      'extension by 10 days',
      '2026-03-02',
      [{ type: 'extend', on: d('2026-03-10'), days: 10, reason: 'rozsáhlé dokumenty' }],
      '2026-03-27',
      '25 dní od 2026-03-02 → 2026-03-27',
    ],
    [
      'clarification restarts the clock (and Easter 2026 moves it)',
      '2026-03-02',
      [
        { type: 'ask-clarification', on: d('2026-03-05'), text: 'Upřesněte období.' },
        { type: 'clarification-received', on: d('2026-03-20'), text: 'Rok 2025.' },
      ],
      '2026-04-07',
      '15 dní od 2026-03-20 → 2026-04-04 je sobota, 2026-04-06 je svátek (Velikonoční pondělí) → posunuto na 2026-04-07',
    ],
    [
      'clarification restart keeps an earlier extension',
      '2026-03-02',
      [
        { type: 'extend', on: d('2026-03-03'), days: 5, reason: 'konzultace' },
        { type: 'ask-clarification', on: d('2026-03-05'), text: 'Upřesněte.' },
        { type: 'clarification-received', on: d('2026-03-06'), text: 'OK' },
      ],
      '2026-03-26',
      '20 dní od 2026-03-06 → 2026-03-26',
    ],
    [
      'fee notice stops the clock; the rest runs from payment',
      '2026-03-02',
      [
        { type: 'request-fee', on: d('2026-03-12'), amount: 150, text: 'Kopie 300 stran' },
        { type: 'record-payment', on: d('2026-04-01') },
      ],
      '2026-04-07',
      '5 dní od 2026-04-01 → 2026-04-06 je svátek (Velikonoční pondělí) → posunuto na 2026-04-07',
    ],
  ] as [string, string, FoiAction[], string, string][])(
    '%s',
    (_name, received, actions, due, explanation) => {
      const f = run(received, actions);
      expect(f.state).toBe('received');
      const dl = answerDeadline(f, 'CZ');
      expect(dl.due).toBe(due);
      expect(formatExplanation(dl.explanation, 'cs')).toContain(explanation);
    },
  );
});

describe('other deadlines of a state', () => {
  it.each([
    ['clarify-ask 7 days over Christmas', '2026-12-17', [], 'clarify-ask', '2026-12-28'],
    ['set-aside-inform 7 days', '2027-03-18', [], 'set-aside-inform', '2027-03-25'],
    [
      'applicant has 30 days to clarify',
      '2026-03-02',
      [{ type: 'ask-clarification', on: d('2026-03-05'), text: 'x' }],
      'clarification',
      '2026-04-07',
    ],
    [
      'fee payment 60 days',
      '2026-03-02',
      [{ type: 'request-fee', on: d('2026-03-10'), amount: 100, text: 'x' }],
      'payment',
      '2026-05-11',
    ],
    [
      'publishing provided information 15 days',
      '2026-12-01',
      [{ type: 'provide', on: d('2026-12-10'), answer: 'Odpověď' }],
      'publish',
      '2026-12-28',
    ],
    [
      'appeal 15 days from a refusal',
      '2026-12-01',
      [{ type: 'refuse', on: d('2026-12-28'), decision: '§11' }],
      'appeal',
      '2027-01-12',
    ],
    [
      'complaint 30 days from a partial answer',
      '2026-11-20',
      [{ type: 'partially-refuse', on: d('2026-12-01'), answer: 'část', decision: '§7' }],
      'complaint',
      '2026-12-31',
    ],
  ] as [string, string, FoiAction[], string, string][])('%s', (_n, received, actions, kind, due) => {
    const f = run(received, actions);
    const found = foiDeadlines(f, 'CZ').find((x) => x.kind === kind);
    expect(found?.deadline.due).toBe(due);
  });

  it.each([
    ['received → answer', [], 'answer', '2026-03-17'],
    [
      'clarification asked → applicant’s period',
      [{ type: 'ask-clarification', on: d('2026-03-05'), text: 'x' }],
      'clarification',
      '2026-04-07',
    ],
    ['provided → publish', [{ type: 'provide', on: d('2026-03-04'), answer: 'a' }], 'publish', '2026-03-19'],
    [
      'refused → nothing for the office',
      [{ type: 'refuse', on: d('2026-03-04'), decision: 'b' }],
      null,
      null,
    ],
  ] as [string, FoiAction[], string | null, string | null][])(
    'next due for the handler: %s',
    (_n, actions, kind, due) => {
      const n = nextDue(run('2026-03-02', actions), 'CZ');
      expect(n?.kind ?? null).toBe(kind);
      expect(n?.due ?? null).toBe(due);
    },
  );
});

describe('transitions', () => {
  it.each([
    ['provide', { type: 'provide', on: d('2026-03-10'), answer: 'a' }, 'provided'],
    [
      'partially refuse',
      { type: 'partially-refuse', on: d('2026-03-10'), answer: 'a', decision: 'b' },
      'partially_refused',
    ],
    ['refuse', { type: 'refuse', on: d('2026-03-10'), decision: 'b' }, 'refused'],
    [
      'ask clarification',
      { type: 'ask-clarification', on: d('2026-03-09'), text: 'x' },
      'clarification_requested',
    ],
    [
      'set aside (competence)',
      { type: 'set-aside', on: d('2026-03-04'), reason: 'competence', text: 'KÚ' },
      'set_aside',
    ],
    ['request fee', { type: 'request-fee', on: d('2026-03-04'), amount: 50, text: 'x' }, 'fee_requested'],
  ] as [string, FoiAction, string][])('%s from received', (_n, action, state) => {
    expect(applyFoiAction(newFoiFacts(d('2026-03-02')), action, FAR, 'CZ').facts.state).toBe(state);
  });

  it('a late answer is recorded but flagged', () => {
    const r = applyFoiAction(
      newFoiFacts(d('2026-03-02')),
      { type: 'provide', on: d('2026-03-18'), answer: 'pozdě' },
      FAR,
      'CZ',
    );
    expect(r.late).toBe(true);
    expect(r.facts.outcomeOn).toBe('2026-03-18');
  });

  it('appeal, dismissed: the refusal stands; granted: a new 15-day period', () => {
    const appealed = run('2026-03-02', [
      { type: 'refuse', on: d('2026-03-10'), decision: '§11' },
      { type: 'appeal', on: d('2026-03-20'), text: 'Nesouhlasím' },
    ]);
    expect(appealed.state).toBe('appealed');
    const dismissed = applyFoiAction(
      appealed,
      { type: 'decide-remedy', on: d('2026-04-10'), outcome: 'dismissed', text: 'KÚ potvrdil' },
      FAR,
      'CZ',
    );
    expect(dismissed.facts.state).toBe('refused');
    const granted = applyFoiAction(
      appealed,
      { type: 'decide-remedy', on: d('2026-04-10'), outcome: 'granted', text: 'vráceno' },
      FAR,
      'CZ',
    );
    expect(granted.facts.state).toBe('received');
    expect(answerDeadline(granted.facts, 'CZ').due).toBe('2026-04-27');
  });

  it('a late appeal is recorded as not in time', () => {
    const r = applyFoiAction(
      run('2026-03-02', [{ type: 'refuse', on: d('2026-03-10'), decision: 'x' }]),
      { type: 'appeal', on: d('2026-04-01'), text: 'x' },
      FAR,
      'CZ',
    );
    expect(r.remedy).toEqual({ kind: 'appeal', inTime: false });
  });

  it('complaint about inaction only after the answer period ended', () => {
    const f = newFoiFacts(d('2026-03-02'));
    expect(
      refusal(() => applyFoiAction(f, { type: 'complaint', on: d('2026-03-17'), text: 'x' }, FAR, 'CZ')).code,
    ).toBe('officeStillInTime');
    expect(
      applyFoiAction(f, { type: 'complaint', on: d('2026-03-18'), text: 'x' }, FAR, 'CZ').facts.state,
    ).toBe('complained');
  });
});

describe('refusals (nothing changes)', () => {
  const provided = () => run('2026-03-02', [{ type: 'provide', on: d('2026-03-05'), answer: 'a' }]);
  const extended = () => run('2026-03-02', [{ type: 'extend', on: d('2026-03-05'), days: 5, reason: 'r' }]);
  it.each([
    [
      'answer after close',
      provided,
      { type: 'provide', on: d('2026-03-06'), answer: 'again' },
      'conflict',
      'closed',
    ],
    [
      'refuse after close',
      provided,
      { type: 'refuse', on: d('2026-03-06'), decision: 'x' },
      'conflict',
      'closed',
    ],
    [
      'extend after close',
      provided,
      { type: 'extend', on: d('2026-03-06'), days: 2, reason: 'x' },
      'conflict',
      'closed',
    ],
    [
      'extend twice',
      extended,
      { type: 'extend', on: d('2026-03-06'), days: 2, reason: 'x' },
      'conflict',
      'alreadyExtended',
    ],
    [
      'extend beyond 10 days',
      () => newFoiFacts(d('2026-03-02')),
      { type: 'extend', on: d('2026-03-06'), days: 11, reason: 'x' },
      'invalid',
      'extensionRange',
    ],
    [
      'extend by 0 days',
      () => newFoiFacts(d('2026-03-02')),
      { type: 'extend', on: d('2026-03-06'), days: 0, reason: 'x' },
      'invalid',
      'extensionRange',
    ],
    [
      'extend without a reason',
      () => newFoiFacts(d('2026-03-02')),
      { type: 'extend', on: d('2026-03-06'), days: 5, reason: '  ' },
      'invalid',
      'required',
    ],
    [
      'extend after the period ended',
      () => newFoiFacts(d('2026-03-02')),
      { type: 'extend', on: d('2026-03-18'), days: 5, reason: 'x' },
      'conflict',
      'periodEnded',
    ],
    [
      'clarification asked after 7 days',
      () => newFoiFacts(d('2026-03-02')),
      { type: 'ask-clarification', on: d('2026-03-10'), text: 'x' },
      'conflict',
      'clarifyTooLate',
    ],
    [
      'clarification arriving after 30 days',
      () => run('2026-03-02', [{ type: 'ask-clarification', on: d('2026-03-05'), text: 'x' }]),
      { type: 'clarification-received', on: d('2026-04-08'), text: 'x' },
      'conflict',
      'clarificationTooLate',
    ],
    [
      'set aside for silence while the applicant is in time',
      () => run('2026-03-02', [{ type: 'ask-clarification', on: d('2026-03-05'), text: 'x' }]),
      { type: 'set-aside', on: d('2026-04-07'), reason: 'no-clarification', text: 'x' },
      'conflict',
      'applicantStillInTime',
    ],
    [
      'answer while waiting for clarification',
      () => run('2026-03-02', [{ type: 'ask-clarification', on: d('2026-03-05'), text: 'x' }]),
      { type: 'provide', on: d('2026-03-06'), answer: 'x' },
      'conflict',
      'wrongState',
    ],
    [
      'payment after 60 days',
      () => run('2026-03-02', [{ type: 'request-fee', on: d('2026-03-10'), amount: 100, text: 'x' }]),
      { type: 'record-payment', on: d('2026-05-12') },
      'conflict',
      'paymentTooLate',
    ],
    [
      'appeal against information provided in full',
      provided,
      { type: 'appeal', on: d('2026-03-06'), text: 'x' },
      'conflict',
      'wrongState',
    ],
    [
      'an act dated in the future',
      () => newFoiFacts(d('2026-03-02')),
      { type: 'provide', on: d('2030-01-02'), answer: 'x' },
      'invalid',
      'future',
    ],
    [
      'an answer dated before receipt',
      () => newFoiFacts(d('2026-03-02')),
      { type: 'provide', on: d('2026-03-01'), answer: 'x' },
      'invalid',
      'beforeStart',
    ],
    [
      'a refusal without a decision text',
      () => newFoiFacts(d('2026-03-02')),
      { type: 'refuse', on: d('2026-03-03'), decision: '' },
      'invalid',
      'required',
    ],
    [
      'a negative fee',
      () => newFoiFacts(d('2026-03-02')),
      { type: 'request-fee', on: d('2026-03-03'), amount: -5, text: 'x' },
      'invalid',
      'amountRange',
    ],
  ] as [string, () => FoiFacts, FoiAction, string, string][])('%s', (_n, make, action, kind, code) => {
    const before = make();
    const snapshot = structuredClone(before);
    const e = refusal(() => applyFoiAction(before, action, FAR, 'CZ'));
    expect([e.kind, e.code]).toEqual([kind, code]);
    expect(before).toEqual(snapshot);
  });

  it.each([
    ['2026-03-11', '2026-03-10', 'future'],
    ['2025-03-01', '2026-03-10', 'tooOld'],
  ])('received on %s with today %s is refused (%s)', (on, today, code) => {
    expect(refusal(() => checkReceivedOn(d(on), d(today))).code).toBe(code);
  });
});
