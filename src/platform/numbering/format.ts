/**
 * Number templates, e.g. `MUHL/{seq}/{year}`, `{seq:04}/{meeting:02}/{year}/{body}`,
 * `{session:roman}/{seq}/{year}`. A placeholder is `{name}`, `{name:NN}` (zero-padded to NN
 * digits) or `{name:roman}`. Pure functions; the database only hands out the sequence value.
 */
export class TemplateError extends Error {
  override name = 'TemplateError';
}

export type TemplateValues = Record<string, string | number>;

interface Part {
  literal?: string;
  name?: string;
  pad?: number;
  roman?: boolean;
}

const PLACEHOLDER = /\{([a-z][a-z_]*)(?::(\d{1,2}|roman))?\}/g;

export function parseTemplate(template: string): Part[] {
  const parts: Part[] = [];
  let last = 0;
  for (const m of template.matchAll(PLACEHOLDER)) {
    if (m.index > last) parts.push({ literal: template.slice(last, m.index) });
    const mod = m[2];
    parts.push({
      name: m[1]!,
      ...(mod === 'roman' ? { roman: true } : mod ? { pad: Number(mod) } : {}),
    });
    last = m.index + m[0].length;
  }
  if (last < template.length) parts.push({ literal: template.slice(last) });
  for (const p of parts) {
    if (p.literal && /[{}]/.test(p.literal)) {
      throw new TemplateError(
        `Malformed placeholder in "${template}": use {name}, {name:04} or {name:roman}`,
      );
    }
  }
  return parts;
}

export function toRoman(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 3999)
    throw new TemplateError(`${n} cannot be written in Roman numerals`);
  const table: [number, string][] = [
    [1000, 'M'],
    [900, 'CM'],
    [500, 'D'],
    [400, 'CD'],
    [100, 'C'],
    [90, 'XC'],
    [50, 'L'],
    [40, 'XL'],
    [10, 'X'],
    [9, 'IX'],
    [5, 'V'],
    [4, 'IV'],
    [1, 'I'],
  ];
  let out = '';
  let rest = n;
  for (const [value, digits] of table) {
    while (rest >= value) {
      out += digits;
      rest -= value;
    }
  }
  return out;
}

export function formatNumber(template: string, values: TemplateValues): string {
  return parseTemplate(template)
    .map((p) => {
      if (p.literal !== undefined) return p.literal;
      const v = values[p.name!];
      if (v === undefined) throw new TemplateError(`The template uses {${p.name}}, which has no value here`);
      if (p.roman) return toRoman(Number(v));
      return p.pad ? String(v).padStart(p.pad, '0') : String(v);
    })
    .join('');
}

/**
 * Checks a template before a tenant saves it: only the allowed placeholders, {seq} present
 * (or the numbers would repeat), and the longest number it can produce fits maxLength.
 */
export function validateTemplate(
  template: string,
  opts: { allowed: readonly string[]; maxLength: number; sample: TemplateValues },
): string[] {
  const errors: string[] = [];
  let parts: Part[];
  try {
    parts = parseTemplate(template);
  } catch (e) {
    return [(e as Error).message];
  }
  const names = parts.filter((p) => p.name).map((p) => p.name!);
  if (!names.includes('seq')) errors.push('The template must contain {seq}');
  for (const n of names) if (!opts.allowed.includes(n)) errors.push(`Unknown placeholder {${n}}`);
  if (errors.length === 0) {
    const longest = formatNumber(template, opts.sample);
    if (longest.length > opts.maxLength) {
      errors.push(
        `Numbers can reach ${longest.length} characters ("${longest}"); at most ${opts.maxLength} are allowed`,
      );
    }
  }
  return errors;
}
