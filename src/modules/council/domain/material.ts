/**
 * A council material (materiál) and its draft resolution (návrh usnesení): the workflow and the
 * structured clauses. Pure rules; the service stores what they allow.
 */
import { compare, type IsoDate, isIsoDate } from '../../../platform/calendar/index.js';

export const MATERIAL_STATES = ['draft', 'opinions_requested', 'ready', 'on_agenda', 'decided'] as const;
export type MaterialState = (typeof MATERIAL_STATES)[number];

/** How the meeting decided (a material in state `decided` has exactly one). */
export const OUTCOMES = ['adopted', 'adopted_amended', 'rejected', 'withdrawn', 'postponed'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** Which state may follow which; `decided` is final (a postponed material goes back to ready). */
const TRANSITIONS: Record<MaterialState, readonly MaterialState[]> = {
  draft: ['opinions_requested', 'ready'],
  opinions_requested: ['ready', 'draft'],
  ready: ['on_agenda', 'draft'],
  on_agenda: ['decided', 'ready'],
  decided: [],
};

export function canMove(from: MaterialState, to: MaterialState): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Texts may change only before the material is put on an agenda. */
export function isEditable(state: MaterialState): boolean {
  return state === 'draft' || state === 'opinions_requested' || state === 'ready';
}

/** After a decision: postponed materials return to `ready` for a later meeting; the others stay decided. */
export function stateAfter(outcome: Outcome): MaterialState {
  return outcome === 'postponed' ? 'ready' : 'decided';
}

export const VERBS = [
  'schvaluje',
  'neschvaluje',
  'bere_na_vedomi',
  'uklada',
  'doporucuje',
  'revokuje',
  'meni',
  'zmocnuje',
  'voli',
  'jmenuje',
  'odvolava',
  'vydava',
  'zrizuje',
  'rusi',
  'souhlasi',
  'nesouhlasi',
] as const;
export type Verb = (typeof VERBS)[number];

/** How each verb reads in a resolution (Czech; the law's wording). */
export const VERB_TEXT: Record<Verb, string> = {
  schvaluje: 'schvaluje',
  neschvaluje: 'neschvaluje',
  bere_na_vedomi: 'bere na vědomí',
  uklada: 'ukládá',
  doporucuje: 'doporučuje',
  revokuje: 'revokuje',
  meni: 'mění',
  zmocnuje: 'zmocňuje',
  voli: 'volí',
  jmenuje: 'jmenuje',
  odvolava: 'odvolává',
  vydava: 'vydává',
  zrizuje: 'zřizuje',
  rusi: 'ruší',
  souhlasi: 'souhlasí',
  nesouhlasi: 'nesouhlasí',
};

export interface Clause {
  verb: Verb;
  text: string;
  /** Only for `uklada`: who must do it (a person or a body) … */
  responsible?: string | null;
  /** … and by when (YYYY-MM-DD). */
  due?: string | null;
  /** Only for `revokuje` / `meni`: the number of the earlier resolution it revokes or amends. */
  ref?: string | null;
}

/** Verbs whose clause points at an earlier resolution (linked both ways once adopted). */
export const LINKING_VERBS = ['revokuje', 'meni'] as const;
export const isLinkingVerb = (v: string): v is (typeof LINKING_VERBS)[number] =>
  (LINKING_VERBS as readonly string[]).includes(v);

export interface ClauseIssue {
  field: string;
  code:
    | 'required'
    | 'badVerb'
    | 'tooLong'
    | 'noResponsible'
    | 'noDue'
    | 'badDate'
    | 'duePast'
    | 'noClauses'
    | 'noRef';
  message: string;
}

/**
 * Checks the draft resolution: at least one clause, known verbs, text present; an "ukládá"
 * clause names who is responsible and a due date not in the past.
 */
export function checkClauses(clauses: readonly Clause[], today: IsoDate): ClauseIssue[] {
  const issues: ClauseIssue[] = [];
  if (clauses.length === 0) {
    issues.push({ field: 'clauses', code: 'noClauses', message: 'Add at least one clause.' });
  }
  clauses.forEach((c, i) => {
    const f = `clauses/${i}`;
    if (!(VERBS as readonly string[]).includes(c.verb)) {
      issues.push({ field: `${f}/verb`, code: 'badVerb', message: 'Unknown verb.' });
    }
    const text = c.text.trim();
    if (!text) issues.push({ field: `${f}/text`, code: 'required', message: 'This field is required.' });
    else if (text.length > 10_000)
      issues.push({ field: `${f}/text`, code: 'tooLong', message: 'The text is too long.' });
    if (c.verb === 'uklada') {
      if (!c.responsible?.trim()) {
        issues.push({
          field: `${f}/responsible`,
          code: 'noResponsible',
          message: 'An "ukládá" clause must name the responsible person or body.',
        });
      }
      if (!c.due) {
        issues.push({ field: `${f}/due`, code: 'noDue', message: 'An "ukládá" clause needs a deadline.' });
      } else if (!isIsoDate(c.due)) {
        issues.push({ field: `${f}/due`, code: 'badDate', message: 'Use a date as YYYY-MM-DD.' });
      } else if (compare(c.due, today) < 0) {
        issues.push({ field: `${f}/due`, code: 'duePast', message: 'The deadline is in the past.' });
      }
    }
    if (isLinkingVerb(c.verb)) {
      const ref = c.ref?.trim() ?? '';
      if (!ref)
        issues.push({
          field: `${f}/ref`,
          code: 'noRef',
          message: 'A "revokuje" or "mění" clause must give the number of the earlier resolution.',
        });
      else if (ref.length > 50)
        issues.push({ field: `${f}/ref`, code: 'tooLong', message: 'The value is too long.' });
    }
  });
  return issues;
}

/** Normalises clauses for storage: trimmed text; responsible/due kept only on "ukládá". */
export function cleanClauses(clauses: readonly Clause[]): Clause[] {
  return clauses.map((c) =>
    c.verb === 'uklada'
      ? { verb: c.verb, text: c.text.trim(), responsible: c.responsible?.trim() ?? null, due: c.due ?? null }
      : isLinkingVerb(c.verb)
        ? { verb: c.verb, text: c.text.trim(), ref: c.ref?.trim() ?? null }
        : { verb: c.verb, text: c.text.trim() },
  );
}

/** The resolution as one text, e.g. "Rada kraje schvaluje …; ukládá … (odpovídá: …, termín: …)". */
export function clauseLine(c: Clause): string {
  const tail = c.verb === 'uklada' ? ` (${c.responsible ?? ''}, ${c.due ?? ''})` : '';
  return `${VERB_TEXT[c.verb]} ${c.text}${tail}`;
}
