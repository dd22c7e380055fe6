import { describe, expect, it } from 'vitest';
import type { IsoDate } from '../../../platform/calendar/index.js';
import {
  checkLoan,
  DA_OPERATIONS,
  type Decision,
  destroyProblem,
  handOverProblem,
  isDue,
  isOverdue,
  type OfficeStatus,
  officeDisposalYear,
  proposalNumber,
  proposalProblem,
  proposalStatusAfter,
  SIP_LABEL,
  transferProblem,
} from './office.js';

describe('year of disposal in the records office', () => {
  it.each([
    // trigger year, period, year of disposal = trigger + period + 1
    [2026, 5, 2032],
    [2026, 0, 2027],
    [2019, 10, 2030],
    [2000, 999, 3000],
    [2020, 3, 2024],
  ])('trigger %i, period %i → %i', (trigger, period, year) => {
    expect(officeDisposalYear(trigger, period)).toBe(year);
  });

  it.each([
    [2024, 2026, true],
    [2026, 2026, true],
    [2027, 2026, false],
  ])('year of disposal %i in %i: due %s', (year, now, due) => {
    expect(isDue(year, now)).toBe(due);
  });
});

describe('hand-over to the records office', () => {
  const file = { status: 'closed' as const, fileNumber: 'MUHL/1/2026', triggerYear: 2026, inOffice: false };
  it.each([
    [{}, null],
    [{ status: 'open' as const, triggerYear: null }, /not closed/],
    [{ inOffice: true }, /already in the records office/],
  ])('%j → %s', (change, problem) => {
    const p = handOverProblem({ ...file, ...change });
    if (problem === null) expect(p).toBeNull();
    else expect(p).toMatch(problem);
  });
});

describe('eligibility for a disposal proposal', () => {
  const item = { label: 'SZ 1/2020', status: 'stored' as OfficeStatus, disposalYear: 2026, onLoan: false };
  it.each([
    [{}, 2026, null],
    [{ disposalYear: 2020 }, 2026, null],
    [{ disposalYear: 2027 }, 2026, /has not come yet/],
    [{ status: 'proposed' as OfficeStatus }, 2026, /already in a disposal proposal/],
    [{ status: 'destroyed' as OfficeStatus }, 2026, /left the records office/],
    [{ status: 'archived' as OfficeStatus }, 2026, /left the records office/],
    [{ onLoan: true }, 2026, /on loan/],
  ])('%j in %i → %s', (change, year, problem) => {
    const p = proposalProblem({ ...item, ...change }, year);
    if (problem === null) expect(p).toBeNull();
    else expect(p).toMatch(problem);
  });
});

describe('the archive decides: A is transferred, S destroyed', () => {
  const base = { label: 'SZ 1/2020', status: 'proposed' as OfficeStatus, onLoan: false };
  it.each<[Decision | null, OfficeStatus, boolean, RegExp | null, RegExp | null]>([
    // decision, status, on loan, destroy problem, transfer problem
    ['S', 'proposed', false, null, /marked S/],
    ['A', 'proposed', false, /marked A .* never destroyed/, null],
    [null, 'proposed', false, /not decided/, /not decided/],
    ['S', 'destroyed', false, /already destroyed/, /not in a decided/],
    ['A', 'archived', false, /not in a decided/, /already transferred/],
    ['S', 'stored', false, /not in a decided/, /not in a decided/],
    ['S', 'proposed', true, /on loan/, /marked S/],
    ['A', 'proposed', true, /never destroyed/, /on loan/],
  ])('decision %s, %s, on loan %s', (decision, status, onLoan, destroy, transfer) => {
    const item = { ...base, decision, status, onLoan };
    const d = destroyProblem(item);
    const t = transferProblem(item);
    if (destroy === null) expect(d).toBeNull();
    else expect(d).toMatch(destroy);
    if (transfer === null) expect(t).toBeNull();
    else expect(t).toMatch(transfer);
  });

  it.each([
    ['vybrat za archiválii', 'A'],
    ['zničit', 'S'],
    ['vyřadit z výběru', 'S'],
    ['předložit k výběru', null],
  ])('operation "%s" of nsesss-DA.xsd → %s', (operation, decision) => {
    expect(DA_OPERATIONS[operation]).toBe(decision);
  });

  it.each<[(OfficeStatus | null)[], string]>([
    [['destroyed', 'archived'], 'done'],
    [['destroyed', 'proposed'], 'decided'],
    [[null], 'decided'],
  ])('outcomes %j → proposal %s', (outcomes, status) => {
    expect(proposalStatusAfter(outcomes)).toBe(status);
  });
});

describe('loans', () => {
  const today = '2026-03-10' as IsoDate;
  it.each([
    [{ borrowerId: 'u1', dueOn: '2026-03-10' }, []],
    [{ borrowerId: 'u1', dueOn: '2027-03-11' }, []],
    [{ borrowerId: 'u1', dueOn: '2027-03-12' }, ['dueOn']],
    [{ borrowerId: 'u1', dueOn: '2026-03-09' }, ['dueOn']],
    [{ borrowerId: 'u1', dueOn: '2026-02-30' }, ['dueOn']],
    [{ borrowerId: ' ', dueOn: '2026-04-01' }, ['borrowerId']],
    [{ borrowerId: 'u1', dueOn: '2026-04-01', note: 'x'.repeat(501) }, ['note']],
    [{ borrowerId: 'u1', dueOn: '2026-04-01', note: 5 }, ['note']],
    [{}, ['borrowerId', 'dueOn']],
  ])('%j → errors on %j', (input, fields) => {
    const r = checkLoan(input, today);
    expect(r.errors.map((e) => e.field)).toEqual(fields);
    expect(r.value === null).toBe(fields.length > 0);
  });

  it.each([
    [{ dueOn: '2026-03-09', returnedOn: null }, true],
    [{ dueOn: '2026-03-10', returnedOn: null }, false],
    [{ dueOn: '2026-03-01', returnedOn: '2026-03-05' }, false],
  ])('%j overdue on 2026-03-10: %s', (loan, overdue) => {
    expect(isOverdue(loan, today)).toBe(overdue);
  });
});

describe('names', () => {
  it('numbers proposals in a yearly series and labels packages as NSESSS prescribes', () => {
    expect(proposalNumber(3, 2026)).toBe('SN 3/2026');
    expect(SIP_LABEL.disposal).toBe('Datový balíček pro provedení skartačního řízení');
    expect(SIP_LABEL.transfer).toBe('Datový balíček pro předávání dokumentů a jejich metadat do archivu');
  });
});
