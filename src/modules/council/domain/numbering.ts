/**
 * Human numbers of the council: resolution numbers from a template (gap-free sequence per body
 * and year comes from the platform's allocateNumber) and material reference numbers.
 */
import { formatNumber, type TemplateValues, validateTemplate } from '../../../platform/numbering/format.js';

/** Czech default: `0208/03/2009/ZK` = resolution 208 of meeting 3 of 2009 of the ZK. */
export const DEFAULT_RESOLUTION_TEMPLATE = '{seq:04}/{meeting:02}/{year}/{body}';
/** Polish uchwała: `XII/123/2024` = session XII, resolution 123, year 2024. */
export const POLISH_RESOLUTION_TEMPLATE = '{session:roman}/{seq}/{year}';

export const RESOLUTION_PLACEHOLDERS = ['seq', 'meeting', 'session', 'year', 'body'] as const;
export const RESOLUTION_NUMBER_MAX = 60;

export function defaultResolutionTemplate(country: 'CZ' | 'PL'): string {
  return country === 'PL' ? POLISH_RESOLUTION_TEMPLATE : DEFAULT_RESOLUTION_TEMPLATE;
}

/** Errors in a template a tenant wants to use (empty: fine). */
export function checkResolutionTemplate(template: string): string[] {
  return validateTemplate(template, {
    allowed: RESOLUTION_PLACEHOLDERS,
    maxLength: RESOLUTION_NUMBER_MAX,
    // The longest realistic values: meeting and session numbers in the hundreds (MMMDCCCLXXXVIII is long).
    sample: { seq: 99999, meeting: 999, session: 3888, year: 2099, body: 'ABCDEFGHIJ' },
  });
}

export interface ResolutionNumberParts {
  seq: number;
  /** Number of the meeting within the body's year. */
  meeting: number;
  /** Number of the session within the electoral term (Polish "sesja"); defaults to the meeting. */
  session?: number;
  year: number;
  body: string;
}

export function formatResolutionNumber(template: string, p: ResolutionNumberParts): string {
  const values: TemplateValues = {
    seq: p.seq,
    meeting: p.meeting,
    session: p.session ?? p.meeting,
    year: p.year,
    body: p.body,
  };
  return formatNumber(template, values);
}

/** `RK-18-2009-22`: body code, meeting number, year, material number within the meeting. */
export function materialReference(body: string, meeting: number, year: number, material: number): string {
  for (const [name, n] of [
    ['meeting', meeting],
    ['year', year],
    ['material', material],
  ] as const) {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`Invalid ${name} number: ${n}`);
  }
  if (!/^[A-Za-z0-9]{1,10}$/.test(body)) throw new RangeError(`Invalid body code: ${body}`);
  return `${body}-${meeting}-${year}-${material}`;
}

const REFERENCE_RE = /^([A-Za-z0-9]{1,10})-(\d{1,4})-(\d{4})-(\d{1,4})$/;

export function parseMaterialReference(
  ref: string,
): { body: string; meeting: number; year: number; material: number } | null {
  const m = REFERENCE_RE.exec(ref);
  if (!m) return null;
  return { body: m[1]!, meeting: Number(m[2]), year: Number(m[3]), material: Number(m[4]) };
}

/** Body codes are short upper-case abbreviations (RK, ZK, RM, ZM, FV, KV …). */
export function isBodyCode(code: string): boolean {
  return /^[A-Z0-9]{1,10}$/.test(code);
}
