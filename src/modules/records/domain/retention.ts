/**
 * Retention (skartace) rules of NSESSS / vyhláška 259/2012 Sb. Pure functions, no I/O.
 */
import type { FieldError } from '../../../platform/errors.js';

/** A archive (archivovat), S destroy (skartovat), V review (výběr) — V only on old records. */
export const RETENTION_MARKS = ['A', 'S', 'V'] as const;
export type RetentionMark = (typeof RETENTION_MARKS)[number];
/** Marks a new regime may carry: V is refused for entities under the 2023 rules. */
export const NEW_RETENTION_MARKS = ['A', 'S'] as const;

/**
 * Trigger events (spouštěcí události): the year the period counts from. NSESSS keeps the trigger
 * as free text; these are the ones the system computes, with the text written into XML.
 */
export const TRIGGER_EVENTS = {
  settlement: 'Rok vyřízení',
  closing: 'Rok uzavření',
  creation: 'Rok vytvoření',
  validity_end: 'Rok skončení platnosti',
  birth: 'Rok narození',
} as const;
export type TriggerEvent = keyof typeof TRIGGER_EVENTS;

export function isTriggerEvent(v: unknown): v is TriggerEvent {
  return typeof v === 'string' && Object.hasOwn(TRIGGER_EVENTS, v);
}

const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .trim()
    .toLowerCase();

/** The trigger for a code or its Czech text (as found in an imported plan), or null. */
export function parseTriggerEvent(text: string): TriggerEvent | null {
  if (isTriggerEvent(text)) return text;
  const f = fold(text);
  for (const [code, label] of Object.entries(TRIGGER_EVENTS)) {
    if (fold(label) === f || fold(label).replace(/^rok /, '') === f) return code as TriggerEvent;
  }
  return null;
}

export interface RetentionRegime {
  identifier: string;
  name: string;
  justification: string;
  mark: RetentionMark;
  period: number;
  trigger: TriggerEvent;
}

export const MAX_PERIOD = 999;

/** Year of disposal (rok vyřazení): the period runs from 1 January of the year after the trigger. */
export function disposalYear(triggerYear: number, period: number): number {
  return triggerYear + period + 1;
}

/**
 * The stricter of two regimes (NSESSS: conflicting regimes in one file): A beats S (and V);
 * with equal marks the longer period wins; a tie keeps the first.
 */
export function stricterRegime<R extends Pick<RetentionRegime, 'mark' | 'period'>>(a: R, b: R): R {
  const rank = (m: RetentionMark) => (m === 'A' ? 2 : m === 'V' ? 1 : 0);
  if (rank(a.mark) !== rank(b.mark)) return rank(a.mark) > rank(b.mark) ? a : b;
  return b.period > a.period ? b : a;
}

/** The strictest regime of a non-empty list. */
export function strictestRegime<R extends Pick<RetentionRegime, 'mark' | 'period'>>(list: readonly R[]): R {
  if (list.length === 0) throw new Error('strictestRegime needs at least one regime');
  return list.reduce((acc, r) => stricterRegime(acc, r));
}

export interface RegimeInput {
  identifier?: unknown;
  name?: unknown;
  justification?: unknown;
  mark?: unknown;
  period?: unknown;
  trigger?: unknown;
}

/** Checks a regime a user (or an imported plan) wants to create; field names match the input. */
export function checkRegime(input: RegimeInput): { value: RetentionRegime | null; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
  const identifier = str(input.identifier);
  const name = str(input.name);
  const justification = str(input.justification);
  if (!identifier) errors.push({ field: 'identifier', message: 'The identifier is required.' });
  else if (identifier.length > 50) errors.push({ field: 'identifier', message: 'At most 50 characters.' });
  if (!name) errors.push({ field: 'name', message: 'The name is required.' });
  else if (name.length > 500) errors.push({ field: 'name', message: 'At most 500 characters.' });
  if (!justification) errors.push({ field: 'justification', message: 'The justification is required.' });
  else if (justification.length > 2000)
    errors.push({ field: 'justification', message: 'At most 2000 characters.' });
  const mark = str(input.mark).toUpperCase();
  if (mark === 'V') {
    errors.push({
      field: 'mark',
      message: 'Retention mark V is not allowed for new entities (vyhláška 259/2012 Sb. as amended in 2023).',
    });
  } else if (mark !== 'A' && mark !== 'S') {
    errors.push({ field: 'mark', message: 'The retention mark must be A or S.' });
  }
  const period =
    typeof input.period === 'string' && input.period.trim() !== '' ? Number(input.period) : input.period;
  if (typeof period !== 'number' || !Number.isInteger(period) || period < 0 || period > MAX_PERIOD) {
    errors.push({ field: 'period', message: 'The retention period is a whole number of years, 0–999.' });
  }
  const trigger = typeof input.trigger === 'string' ? parseTriggerEvent(input.trigger) : null;
  if (!trigger) errors.push({ field: 'trigger', message: 'Unknown trigger event.' });
  if (errors.length > 0) return { value: null, errors };
  return {
    value: {
      identifier,
      name,
      justification,
      mark: mark as RetentionMark,
      period: period as number,
      trigger: trigger!,
    },
    errors,
  };
}
