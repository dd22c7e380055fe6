/** File plan (spisový plán) rules: codes of subject groups and their numbering method. Pure. */
import type { FieldError } from '../../../platform/errors.js';

export const MAX_SIMPLE_CODE = 50;
export const MAX_FULL_CODE = 255;
/** Separator between the codes of a group's ancestors in its fully qualified code (spisový znak). */
export const CODE_SEPARATOR = '.';

/** How documents of files in a group are numbered: priorace or sběrný arch (NSESSS 3.1.2). */
export const NUMBERING_METHODS = ['priorace', 'sberny_arch'] as const;
export type NumberingMethod = (typeof NUMBERING_METHODS)[number];
/** The XSD's tZpusobVedeni values. */
export const NUMBERING_XML: Record<NumberingMethod, 'Priorace' | 'SbernyArch'> = {
  priorace: 'Priorace',
  sberny_arch: 'SbernyArch',
};

export function isNumberingMethod(v: unknown): v is NumberingMethod {
  return typeof v === 'string' && (NUMBERING_METHODS as readonly string[]).includes(v);
}

// Letters, digits and a few marks used in real plans (e.g. "1", "A", "2a", "ZP-3"); no dots (they separate
// the parents' codes) and no spaces.
const SIMPLE_CODE = /^[\p{L}\p{N}][\p{L}\p{N}_/-]*$/u;

/** Issues with a simple code, or none. */
export function checkSimpleCode(code: string, field = 'code'): FieldError[] {
  if (code === '') return [{ field, message: 'The code is required.' }];
  if (code.length > MAX_SIMPLE_CODE)
    return [{ field, message: `A simple code has at most ${MAX_SIMPLE_CODE} characters.` }];
  if (!SIMPLE_CODE.test(code))
    return [
      {
        field,
        message: 'Use letters, digits, "-", "_" or "/" (no dots or spaces; dots join the parents’ codes).',
      },
    ];
  return [];
}

/** The fully qualified code: the chain of the ancestors' simple codes joined by dots. */
export function fullCode(parentFullCode: string | null, code: string): string {
  return parentFullCode ? `${parentFullCode}${CODE_SEPARATOR}${code}` : code;
}

/** Issues with the derived fully qualified code, or none. */
export function checkFullCode(full: string, field = 'code'): FieldError[] {
  return full.length > MAX_FULL_CODE
    ? [
        {
          field,
          message: `The fully qualified code would have ${full.length} characters; at most ${MAX_FULL_CODE}.`,
        },
      ]
    : [];
}

/** Sorts codes like people read them: 1, 2, 10 (not 1, 10, 2); segment by segment. */
export function compareCodes(a: string, b: string): number {
  const as = a.split(CODE_SEPARATOR);
  const bs = b.split(CODE_SEPARATOR);
  for (let i = 0; i < Math.max(as.length, bs.length); i++) {
    const x = as[i];
    const y = bs[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const c = x.localeCompare(y, 'cs', { numeric: true });
    if (c !== 0) return c;
  }
  return 0;
}
