/**
 * Stand-ins (zastupování): a handler, or the head for a handler of their unit, records that a
 * colleague handles the handler's documents and files for a range of days (an absence). Pure.
 */
import { addDays, type IsoDate, isIsoDate } from '../../../platform/calendar/index.js';
import type { FieldError } from '../../../platform/errors.js';

/** A longer absence is a change of handler, not a stand-in. */
export const MAX_DELEGATION_DAYS = 366;
export const MAX_DELEGATION_NOTE = 1000;

export interface DelegationInput {
  from?: string | null;
  to?: string | null;
  note?: string | null;
}

export interface DelegationRange {
  from: IsoDate;
  to: IsoDate;
  note: string | null;
}

/**
 * Checks the range of days (inclusive, in the tenant's zone): real dates, the end not before the
 * start, not wholly in the past (it would grant nothing), at most a year; the note ≤ 1000.
 */
export function checkDelegation(
  input: DelegationInput,
  today: IsoDate,
): { value: DelegationRange | null; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const from = (input.from ?? '').trim();
  const to = (input.to ?? '').trim();
  if (!isIsoDate(from)) errors.push({ field: 'from', message: 'Use a date YYYY-MM-DD.' });
  if (!isIsoDate(to)) errors.push({ field: 'to', message: 'Use a date YYYY-MM-DD.' });
  if (isIsoDate(from) && isIsoDate(to)) {
    if (to < from) errors.push({ field: 'to', message: 'The last day is before the first day.' });
    else if (to < today) errors.push({ field: 'to', message: 'The range is already over.' });
    else if (addDays(from, MAX_DELEGATION_DAYS - 1) < to)
      errors.push({ field: 'to', message: `A stand-in lasts at most ${MAX_DELEGATION_DAYS} days.` });
  }
  const note = (input.note ?? '').trim();
  if (note.length > MAX_DELEGATION_NOTE)
    errors.push({ field: 'note', message: `At most ${MAX_DELEGATION_NOTE} characters.` });
  if (errors.length) return { value: null, errors };
  return { value: { from: from as IsoDate, to: to as IsoDate, note: note || null }, errors };
}

/** A stand-in applies on the days of its range (both ends included) unless it was ended early. */
export function delegationActive(d: { from: string; to: string; revoked: boolean }, today: IsoDate): boolean {
  return !d.revoked && d.from <= today && today <= d.to;
}
