import { describe, expect, it } from 'vitest';
import { afterFailure, LOCK_MS, lockedFor, MAX_FAILURES, type ThrottleState } from './throttle.js';

const T0 = new Date('2026-03-02T08:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

function failures(times: number[]): ThrottleState | null {
  let s: ThrottleState | null = null;
  for (const m of times) s = afterFailure(s, at(m));
  return s;
}

describe('sign-in throttling', () => {
  it.each([
    // [failures at minute, checked at minute, locked for seconds]
    [[], 0, 0],
    [[0, 1, 2, 3], 4, 0],
    [[0, 1, 2, 3, 4], 4, 15 * 60],
    [[0, 1, 2, 3, 4], 10, 9 * 60],
    [[0, 1, 2, 3, 4], 19, 0],
    [[0, 1, 2, 3, 14], 14, 15 * 60],
    // The window (15 min from the first failure) ran out before the 5th: counting starts again.
    [[0, 1, 2, 3, 15], 15, 0],
    [[0, 5, 10, 16, 17, 18, 19], 19, 0],
    [[0, 5, 10, 16, 17, 18, 19, 20], 20, 15 * 60],
  ])('failures at %j, at minute %i → locked %i s', (times, now, seconds) => {
    expect(lockedFor(failures(times), at(now))).toBe(seconds);
  });

  it('locks on the MAX_FAILURES-th failure for LOCK_MS', () => {
    const s = failures([0, 0, 0, 0, 0])!;
    expect(s.failures).toBe(MAX_FAILURES);
    expect(s.lockedUntil!.getTime() - T0.getTime()).toBe(LOCK_MS);
  });

  it('starts counting afresh once a lock is over', () => {
    const s = afterFailure(failures([0, 1, 2, 3, 4]), at(20));
    expect(s).toEqual({ failures: 1, windowStartedAt: at(20), lockedUntil: null });
  });
});
