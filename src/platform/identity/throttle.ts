/**
 * Sign-in throttling as pure rules over one `login_throttle` row, counted per (tenant, user name)
 * whether or not the account exists, so a lockout reveals nothing about which names are real.
 * The price is that anyone can lock a known name for 15 minutes; per-address limits belong to
 * the reverse proxy.
 */

export const MAX_FAILURES = 5;
export const FAILURE_WINDOW_MS = 15 * 60 * 1000;
export const LOCK_MS = 15 * 60 * 1000;

export interface ThrottleState {
  failures: number;
  windowStartedAt: Date;
  lockedUntil: Date | null;
}

/** Seconds until the name may try again, or 0 when it may now. */
export function lockedFor(state: ThrottleState | null, now: Date): number {
  if (!state?.lockedUntil) return 0;
  const ms = state.lockedUntil.getTime() - now.getTime();
  return ms > 0 ? Math.ceil(ms / 1000) : 0;
}

/** The state after one more failed attempt at `now`; the MAX_FAILURES-th within the window locks. */
export function afterFailure(state: ThrottleState | null, now: Date): ThrottleState {
  const lockOver = state?.lockedUntil != null && state.lockedUntil.getTime() <= now.getTime();
  const windowOver = !state || now.getTime() - state.windowStartedAt.getTime() >= FAILURE_WINDOW_MS;
  const fresh = !state || lockOver || windowOver;
  const failures = fresh ? 1 : state.failures + 1;
  const windowStartedAt = fresh ? now : state.windowStartedAt;
  const lockedUntil = failures >= MAX_FAILURES ? new Date(now.getTime() + LOCK_MS) : null;
  return { failures, windowStartedAt, lockedUntil };
}
