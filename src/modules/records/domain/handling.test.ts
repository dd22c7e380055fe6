import { describe, expect, it } from 'vitest';
import { nextStatus } from './handling.js';

describe('handling transitions', () => {
  it.each([
    ['registered', 'assign', 'assigned'],
    ['returned', 'assign', 'assigned'],
    ['assigned', 'assign', 'assigned'],
    ['accepted', 'assign', null],
    ['settled', 'assign', null],
    ['assigned', 'accept', 'accepted'],
    ['registered', 'accept', null],
    ['accepted', 'accept', null],
    ['assigned', 'return', 'returned'],
    ['accepted', 'return', 'returned'],
    ['registered', 'return', null],
    ['settled', 'return', null],
    ['accepted', 'settle', 'settled'],
    ['assigned', 'settle', null],
    ['registered', 'settle', null],
    ['returned', 'settle', null],
    ['settled', 'settle', null],
  ] as const)('%s --%s--> %s', (from, action, to) => {
    expect(nextStatus(from, action)).toBe(to);
  });
});
