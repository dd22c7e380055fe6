import { describe, expect, it } from 'vitest';
import {
  addressLines,
  checkDispatchDate,
  DISPATCH_METHODS,
  DISPATCH_STATES,
  type DispatchAction,
  type DispatchMethod,
  type DispatchState,
  dispatchAddress,
  envelopeBlocks,
  mayTakeDispatchStep,
  nextDispatchState,
  PENDING_DISPATCH_STATES,
} from './dispatch.js';

describe('dispatch states per method', () => {
  const table: [DispatchMethod, DispatchState, DispatchAction, DispatchState | null][] = [
    ['post', 'prepared', 'hand_over', 'handed_over'],
    ['post', 'handed_over', 'send', 'sent'],
    ['post', 'prepared', 'send', null],
    ['post', 'sent', 'deliver', 'delivered'],
    ['post', 'sent', 'undeliverable', 'undeliverable'],
    ['post', 'handed_over', 'deliver', null],
    ['post', 'delivered', 'undeliverable', null],
    ['post', 'undeliverable', 'deliver', null],
    ['post', 'prepared', 'in_person', null],
    ['email', 'prepared', 'hand_over', 'handed_over'],
    ['email', 'handed_over', 'send', 'sent'],
    ['email', 'sent', 'send', null],
    ['email', 'sent', 'undeliverable', 'undeliverable'],
    ['databox', 'prepared', 'hand_over', 'handed_over'],
    ['databox', 'handed_over', 'send', 'sent'],
    ['databox', 'sent', 'deliver', 'delivered'],
    ['in_person', 'prepared', 'in_person', 'delivered'],
    ['in_person', 'handed_over', 'in_person', 'delivered'],
    ['in_person', 'prepared', 'hand_over', null],
    ['in_person', 'delivered', 'in_person', null],
    ['in_person', 'prepared', 'send', null],
  ];
  it.each(table)('%s: %s --%s--> %s', (method, state, action, next) => {
    expect(nextDispatchState(method, state, action)).toBe(next);
  });
  it('nothing leaves delivered or undeliverable', () => {
    for (const m of DISPATCH_METHODS)
      for (const a of ['hand_over', 'send', 'deliver', 'undeliverable', 'in_person'] as DispatchAction[]) {
        expect(nextDispatchState(m, 'delivered', a)).toBeNull();
        expect(nextDispatchState(m, 'undeliverable', a)).toBeNull();
      }
  });
  it('pending = not yet sent', () => {
    expect(PENDING_DISPATCH_STATES).toEqual(['prepared', 'handed_over']);
    expect(DISPATCH_STATES.filter((s) => !PENDING_DISPATCH_STATES.includes(s))).toEqual([
      'sent',
      'delivered',
      'undeliverable',
    ]);
  });
});

describe('who takes which dispatch step', () => {
  const handler = { handles: true, dispatchOffice: false };
  const office = { handles: false, dispatchOffice: true };
  const nobody = { handles: false, dispatchOffice: false };
  const table: [Parameters<typeof mayTakeDispatchStep>[0], typeof handler, boolean][] = [
    ['prepare', handler, true],
    ['prepare', office, false],
    ['hand_over', handler, true],
    ['hand_over', office, false],
    ['send', handler, false],
    ['send', office, true],
    ['deliver', office, true],
    ['deliver', handler, false],
    ['undeliverable', office, true],
    ['retry', office, true],
    ['retry', handler, false],
    ['in_person', handler, true],
    ['in_person', office, true],
    ['in_person', nobody, false],
  ];
  it.each(table)('%s by %o → %s', (action, who, allowed) => {
    expect(mayTakeDispatchStep(action, who)).toBe(allowed);
  });
});

describe('the address a method needs', () => {
  const full = {
    name: 'Jan Novák',
    address: 'Ostravská 1, 748 01 Hlučín',
    email: 'jan@example.cz',
    databoxId: 'abc1234',
  };
  const bare = { name: 'Jan Novák', address: null, email: null, databoxId: null };
  it.each([
    ['post', full, 'Ostravská 1, 748 01 Hlučín'],
    ['email', full, 'jan@example.cz'],
    ['databox', full, 'abc1234'],
    ['in_person', bare, 'Jan Novák'],
  ] as const)('%s → %s', (method, person, value) => {
    expect(dispatchAddress(method, person)).toEqual({ value });
  });
  it.each(['post', 'email', 'databox'] as const)('%s without the address is a field error', (method) => {
    const r = dispatchAddress(method, bare);
    expect('error' in r && r.error.field).toBe('method');
  });
});

describe('dispatch and delivery dates', () => {
  it.each([
    [null, '2026-03-10', null, '2026-03-10', []],
    ['2026-03-09', '2026-03-10', '2026-03-01', '2026-03-09', []],
    ['2026-03-11', '2026-03-10', null, null, ['date']],
    ['2026-02-28', '2026-03-10', '2026-03-01', null, ['date']],
    ['2026-02-30', '2026-03-10', null, null, ['date']],
    ['yesterday', '2026-03-10', null, null, ['date']],
  ] as const)('%s (today %s, not before %s) → %s', (date, today, notBefore, value, fields) => {
    const r = checkDispatchDate(date, today, notBefore);
    expect(r.value).toBe(value);
    expect(r.errors.map((e) => e.field)).toEqual(fields);
  });
});

describe('envelope sheet', () => {
  it('splits the address into lines', () => {
    expect(addressLines('Jan Novák', 'Ostravská 1,\n748 01 Hlučín')).toEqual([
      'Jan Novák',
      'Ostravská 1',
      '748 01 Hlučín',
    ]);
  });
  it('has the address block and the delivery note', () => {
    const blocks = envelopeBlocks({
      sender: { name: 'Město Hlučín', address: 'Mírové nám. 24, 748 01 Hlučín' },
      recipient: { name: 'Jan Novák', address: 'Ostravská 1, 748 01 Hlučín' },
      refNumber: 'MUHL/12/2026',
      pid: 'MUHL00000012',
      subject: 'Odpověď',
      preparedOn: '2026-03-10',
    });
    const text = JSON.stringify(blocks);
    expect(text).toContain('Adresát');
    expect(text).toContain('Doručenka (dodejka)');
    expect(text).toContain('MUHL/12/2026');
    expect(blocks.filter((b) => b.kind === 'paragraph' && b.bold).map((b) => 'text' in b && b.text)).toEqual([
      'Jan Novák',
    ]);
  });
});
