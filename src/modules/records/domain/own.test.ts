import { describe, expect, it } from 'vitest';
import {
  checkOwnDraft,
  checkReturnReason,
  mayTakeOwnStep,
  nextOwnState,
  OWN_STATES,
  type OwnAction,
  type OwnState,
  submitProblem,
} from './own.js';

describe('own document approval states', () => {
  const table: [OwnState, OwnAction, OwnState | null][] = [
    ['draft', 'edit', 'draft'],
    ['draft', 'submit', 'submitted'],
    ['draft', 'approve', null],
    ['draft', 'return', null],
    ['submitted', 'edit', null],
    ['submitted', 'submit', null],
    ['submitted', 'approve', 'final'],
    ['submitted', 'return', 'returned'],
    ['returned', 'edit', 'returned'],
    ['returned', 'submit', 'submitted'],
    ['returned', 'approve', null],
    ['returned', 'return', null],
    ['final', 'edit', null],
    ['final', 'submit', null],
    ['final', 'approve', null],
    ['final', 'return', null],
  ];
  it.each(table)('%s --%s--> %s', (state, action, next) => {
    expect(nextOwnState(state, action)).toBe(next);
  });
  it('covers every state and action', () => {
    expect(new Set(table.map((r) => r[0]))).toEqual(new Set(OWN_STATES));
  });
});

describe('who takes which step', () => {
  const table: [OwnAction, { handles: boolean; headOfUnit: boolean }, boolean][] = [
    ['edit', { handles: true, headOfUnit: false }, true],
    ['edit', { handles: false, headOfUnit: true }, false],
    ['submit', { handles: true, headOfUnit: false }, true],
    ['submit', { handles: false, headOfUnit: false }, false],
    ['approve', { handles: true, headOfUnit: false }, false],
    ['approve', { handles: false, headOfUnit: true }, true],
    ['return', { handles: true, headOfUnit: false }, false],
    ['return', { handles: true, headOfUnit: true }, true],
  ];
  it.each(table)('%s by %o → %s', (action, who, allowed) => {
    expect(mayTakeOwnStep(action, who)).toBe(allowed);
  });
});

describe('draft checks', () => {
  it.each([
    [{ subject: ' Odpověď na žádost ' }, { subject: 'Odpověď na žádost', accessLevel: 'internal' }, []],
    [{ subject: 'X', accessLevel: 'public' }, { subject: 'X', accessLevel: 'public' }, []],
    [{ subject: '' }, null, ['subject']],
    [{ subject: 'x'.repeat(256) }, null, ['subject']],
    [{ subject: 'X', accessLevel: 'secret' }, null, ['accessLevel']],
    [{}, null, ['subject']],
  ])('%o', (input, value, fields) => {
    const r = checkOwnDraft(input);
    expect(r.value).toEqual(value);
    expect(r.errors.map((e) => e.field)).toEqual(fields);
  });
  it('submitting needs a component', () => {
    expect(submitProblem(0)).toMatch(/component/);
    expect(submitProblem(2)).toBeNull();
  });
  it.each([
    ['', 1],
    ['   ', 1],
    ['Doplňte odůvodnění.', 0],
    ['x'.repeat(1001), 1],
  ])('return reason %j → %i errors', (reason, n) => {
    expect(checkReturnReason(reason)).toHaveLength(n);
  });
});
