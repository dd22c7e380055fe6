/**
 * Redaction (anonymizace) of personal data in published council texts. The secretary marks spans
 * of a text — {field, start, end, category} — and every public rendition replaces each span by a
 * label of its category; the original stays internal. Pure: values in, values out.
 *
 * Offsets count Unicode code points (what PostgreSQL's `substr` and most languages' string
 * indices outside JavaScript count), not UTF-16 units, so "č" and "😀" are one position each. A
 * mark must not cut a user-perceived character in two (a letter and its combining háček, an emoji
 * sequence joined by ZWJ): that would leave half of it visible.
 */
import { createHash } from 'node:crypto';

export const REDACTION_CATEGORIES = ['name', 'address', 'birthDate', 'other'] as const;
export type RedactionCategory = (typeof REDACTION_CATEGORIES)[number];

export interface Mark {
  field: string;
  /** First code point of the span (0-based). */
  start: number;
  /** One past the last code point of the span. */
  end: number;
  category: RedactionCategory;
}

/** A stored mark also remembers the text it was made for (SHA-256 of the field's text). */
export interface StoredMark extends Mark {
  textSha256: string;
}

export type RedactionLabels = Record<RedactionCategory, string> & { withheld: string };

/** What replaces a span, by the tenant's language. Fixed labels: they do not reveal the length. */
export const REDACTION_LABELS: Record<'cs' | 'pl' | 'en', RedactionLabels> = {
  cs: {
    name: '[jméno a příjmení]',
    address: '[adresa]',
    birthDate: '[datum narození]',
    other: '[osobní údaj]',
    withheld: '[text se připravuje ke zveřejnění]',
  },
  pl: {
    name: '[imię i nazwisko]',
    address: '[adres]',
    birthDate: '[data urodzenia]',
    other: '[dane osobowe]',
    withheld: '[tekst w przygotowaniu do publikacji]',
  },
  en: {
    name: '[name]',
    address: '[address]',
    birthDate: '[date of birth]',
    other: '[personal data]',
    withheld: '[text being prepared for publication]',
  },
};

export const MAX_MARKS = 500;

export const textSha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** The text as code points. */
const codePoints = (text: string): string[] => Array.from(text);

function groupBy<T>(list: readonly T[], key: (x: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const x of list) {
    const k = key(x);
    const l = out.get(k);
    if (l) l.push(x);
    else out.set(k, [x]);
  }
  return out;
}

const segmenter = new Intl.Segmenter('cs', { granularity: 'grapheme' });

/** Code-point offsets where a user-perceived character begins, plus the end of the text. */
export function graphemeBoundaries(text: string): Set<number> {
  const out = new Set<number>();
  let cp = 0;
  for (const { segment } of segmenter.segment(text)) {
    out.add(cp);
    cp += codePoints(segment).length;
  }
  out.add(cp);
  return out;
}

export const codePointLength = (text: string): number => codePoints(text).length;

export interface MarkIssue {
  field: string;
  code:
    | 'unknownField'
    | 'badCategory'
    | 'badOffset'
    | 'outside'
    | 'empty'
    | 'splitsCharacter'
    | 'overlap'
    | 'tooMany';
  message: string;
}

/**
 * Checks marks against the texts they are for: a known field, whole-number offsets inside the
 * text, a non-empty span on character boundaries, a known category, and no two spans of one field
 * overlapping (adjacent spans are fine). Issues name the mark as `marks/<index>/<part>`.
 */
export function checkMarks(texts: Readonly<Record<string, string>>, marks: readonly Mark[]): MarkIssue[] {
  const issues: MarkIssue[] = [];
  if (marks.length > MAX_MARKS)
    return [{ field: 'marks', code: 'tooMany', message: `At most ${MAX_MARKS} marks.` }];
  const bounds = new Map<string, Set<number>>();
  const ok: { i: number; m: Mark }[] = [];
  marks.forEach((m, i) => {
    const f = `marks/${i}`;
    const text = Object.hasOwn(texts, m.field) ? texts[m.field] : undefined;
    if (text === undefined) {
      issues.push({ field: `${f}/field`, code: 'unknownField', message: 'No such text to redact.' });
      return;
    }
    if (!(REDACTION_CATEGORIES as readonly string[]).includes(m.category))
      issues.push({ field: `${f}/category`, code: 'badCategory', message: 'Unknown category.' });
    if (!Number.isInteger(m.start) || !Number.isInteger(m.end)) {
      issues.push({ field: `${f}/start`, code: 'badOffset', message: 'Offsets are whole numbers.' });
      return;
    }
    const len = codePointLength(text);
    if (m.start < 0 || m.end > len) {
      issues.push({
        field: `${f}/${m.start < 0 ? 'start' : 'end'}`,
        code: 'outside',
        message: `The mark lies outside the text (0–${len}).`,
      });
      return;
    }
    if (m.end <= m.start) {
      issues.push({
        field: `${f}/end`,
        code: 'empty',
        message: 'The mark must cover at least one character.',
      });
      return;
    }
    let b = bounds.get(m.field);
    if (!b) {
      b = graphemeBoundaries(text);
      bounds.set(m.field, b);
    }
    if (!b.has(m.start) || !b.has(m.end)) {
      issues.push({
        field: `${f}/${b.has(m.start) ? 'end' : 'start'}`,
        code: 'splitsCharacter',
        message: 'The mark cuts a character in two (e.g. a letter and its accent, or an emoji).',
      });
      return;
    }
    ok.push({ i, m });
  });
  const byField = groupBy(ok, (x) => x.m.field);
  for (const list of byField.values()) {
    list.sort((a, b) => a.m.start - b.m.start || a.m.end - b.m.end);
    for (let k = 1; k < list.length; k++) {
      const prev = list[k - 1]!;
      const cur = list[k]!;
      if (cur.m.start < prev.m.end)
        issues.push({
          field: `marks/${cur.i}/start`,
          code: 'overlap',
          message: `The mark overlaps mark ${prev.i + 1} of the same text.`,
        });
    }
  }
  return issues;
}

/**
 * The text with every marked span replaced by its category's label. Adjacent spans of the same
 * category become one label ("Jan" + " Novák" → one name). Assumes checked marks of one text.
 */
export function redact(
  text: string,
  marks: readonly Omit<Mark, 'field'>[],
  labels = REDACTION_LABELS.cs,
): string {
  if (marks.length === 0) return text;
  const cps = codePoints(text);
  const sorted = [...marks].sort((a, b) => a.start - b.start);
  const merged: { start: number; end: number; category: RedactionCategory }[] = [];
  for (const m of sorted) {
    const last = merged.at(-1);
    if (last && last.category === m.category && last.end === m.start) last.end = m.end;
    else merged.push({ start: m.start, end: m.end, category: m.category });
  }
  let out = '';
  let at = 0;
  for (const m of merged) {
    out += cps.slice(at, m.start).join('') + labels[m.category];
    at = m.end;
  }
  return out + cps.slice(at).join('');
}

/**
 * The public rendition of a set of texts. A field's marks apply while the field still has the
 * text they were made for; a field whose text has changed since it was marked is withheld as a
 * whole (never shown unredacted) until the secretary marks it again. Fields without marks are
 * shown as they are.
 */
export function publicTexts(
  texts: Readonly<Record<string, string>>,
  marks: readonly StoredMark[],
  labels = REDACTION_LABELS.cs,
): { texts: Record<string, string>; withheld: string[] } {
  const out: Record<string, string> = { ...texts };
  const withheld: string[] = [];
  const byField = groupBy(marks, (m) => m.field);
  for (const [field, list] of byField) {
    const text = texts[field];
    if (text === undefined) continue;
    const hash = textSha256(text);
    if (list.some((m) => m.textSha256 !== hash)) {
      out[field] = labels.withheld;
      withheld.push(field);
    } else out[field] = redact(text, list, labels);
  }
  return { texts: out, withheld };
}

/**
 * Where a phrase occurs in a text, as code-point spans (exact, case-sensitive; Czech names
 * inflect, so each form is added on its own). Lets a form without JavaScript mark "Jan Novák"
 * everywhere instead of asking for offsets.
 */
export function findPhrase(text: string, phrase: string): { start: number; end: number }[] {
  if (!phrase) return [];
  const out: { start: number; end: number }[] = [];
  const plen = codePointLength(phrase);
  let from = 0;
  for (;;) {
    const i = text.indexOf(phrase, from);
    if (i < 0) break;
    const start = codePointLength(text.slice(0, i));
    out.push({ start, end: start + plen });
    from = i + phrase.length;
  }
  return out;
}

/** The marked span's own text (for the staff list of marks). */
export function markedText(text: string, m: Pick<Mark, 'start' | 'end'>): string {
  return codePoints(text).slice(m.start, m.end).join('');
}

/**
 * Marks for `target` texts that hide every phrase marked in `source` (e.g. an adopted
 * resolution's published marks applied to its material, whose texts say the same things in other
 * fields). Only marks still made for their source text count; spans overlapping `keep` (the
 * target's own marks) or each other are left out, so the result can be added to `keep`.
 */
export function carryPhrases(
  source: Readonly<Record<string, string>>,
  sourceMarks: readonly StoredMark[],
  target: Readonly<Record<string, string>>,
  keep: readonly Mark[] = [],
): StoredMark[] {
  const phrases = new Map<string, RedactionCategory>();
  for (const m of sourceMarks) {
    const text = source[m.field];
    if (text === undefined || textSha256(text) !== m.textSha256) continue;
    const phrase = markedText(text, m);
    if (phrase.trim()) phrases.set(phrase, m.category);
  }
  const out: StoredMark[] = [];
  const taken = [...keep];
  // Longer phrases first, so "Jan Novák" wins over a separately marked "Novák".
  for (const [phrase, category] of [...phrases].sort((a, b) => b[0].length - a[0].length)) {
    for (const [field, text] of Object.entries(target)) {
      for (const span of findPhrase(text, phrase)) {
        const clash = taken.some((t) => t.field === field && t.start < span.end && span.start < t.end);
        if (clash) continue;
        const mark = { field, ...span, category, textSha256: textSha256(text) };
        taken.push(mark);
        out.push(mark);
      }
    }
  }
  return out;
}
