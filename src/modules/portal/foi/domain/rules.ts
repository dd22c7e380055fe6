/**
 * FOI requests (žádosti o informace, zákon č. 106/1999 Sb.): states, the actions that move a
 * request between them, and the statutory deadlines. Pure: values in, values out; the caller
 * passes the day of the act (`on`) and the tenant's `today`.
 *
 * Periods (all counted by the platform calendar, rule `calendar`, §40 správní řád):
 * - answer 15 days from receipt (§14(5)(d)); extension by at most 10 days, once, with a reason (§14(7));
 * - clarification asked within 7 days of receipt (§14(5)(b)); the applicant has 30 days; when the
 *   clarification comes, the 15 days start again from that day;
 * - outside competence: set aside and inform within 7 days (§14(5)(c));
 * - fee (§17(3)): the period does not run from the fee notice until payment; paid within 60 days,
 *   otherwise the request is set aside (§17(5));
 * - appeal against a refusal decision 15 days (§16, §83 správní řád); complaint 30 days (§16a(3));
 * - provided information published within 15 days (§5(3)).
 */
import {
  addDays,
  type Country,
  compare,
  type Deadline,
  daysBetween,
  deadline,
  type IsoDate,
} from '../../../../platform/calendar/index.js';

export const FOI_STATES = [
  'received',
  'clarification_requested',
  'fee_requested',
  'set_aside',
  'provided',
  'partially_refused',
  'refused',
  'appealed',
  'complained',
] as const;
export type FoiState = (typeof FOI_STATES)[number];

/** States in which the office has finished (for now): no answer may be given. */
export const CLOSED_STATES: readonly FoiState[] = ['set_aside', 'provided', 'partially_refused', 'refused'];
export type FoiOutcome = 'set_aside' | 'provided' | 'partially_refused' | 'refused';

export const SET_ASIDE_REASONS = ['competence', 'no-clarification', 'fee-unpaid'] as const;
export type SetAsideReason = (typeof SET_ASIDE_REASONS)[number];
export const REMEDY_OUTCOMES = ['dismissed', 'granted'] as const;
export type RemedyOutcome = (typeof REMEDY_OUTCOMES)[number];

export const ANSWER_DAYS = 15;
export const MAX_EXTENSION_DAYS = 10;
export const CLARIFY_ASK_DAYS = 7;
export const SET_ASIDE_INFORM_DAYS = 7;
export const CLARIFICATION_DAYS = 30;
export const FEE_PAYMENT_DAYS = 60;
export const APPEAL_DAYS = 15;
export const COMPLAINT_DAYS = 30;
export const PUBLISH_DAYS = 15;

/** What the rules need to know about a request (a projection of its row). */
export interface FoiFacts {
  state: FoiState;
  receivedOn: IsoDate;
  /** The day the answer period counts from: receipt, the clarification, the payment or a reopening. */
  clockStart: IsoDate;
  /** Length of the answer period from clockStart (15, 15 + extension, or what was left at a fee notice). */
  answerPeriodDays: number;
  extensionDays: number | null;
  clarificationAskedOn: IsoDate | null;
  feeRequestedOn: IsoDate | null;
  outcome: FoiOutcome | null;
  outcomeOn: IsoDate | null;
  publishedOn: IsoDate | null;
  /** The state a pending appeal or complaint returns to when it is dismissed. */
  remedyReturnState: FoiState | null;
}

export type FoiAction =
  | { type: 'ask-clarification'; on: IsoDate; text: string }
  | { type: 'clarification-received'; on: IsoDate; text: string }
  | { type: 'set-aside'; on: IsoDate; reason: SetAsideReason; text: string }
  | { type: 'extend'; on: IsoDate; days: number; reason: string }
  | { type: 'provide'; on: IsoDate; answer: string }
  | { type: 'partially-refuse'; on: IsoDate; answer: string; decision: string }
  | { type: 'refuse'; on: IsoDate; decision: string }
  | { type: 'request-fee'; on: IsoDate; amount: number; text: string }
  | { type: 'record-payment'; on: IsoDate }
  | { type: 'appeal'; on: IsoDate; text: string }
  | { type: 'complaint'; on: IsoDate; text: string }
  | { type: 'decide-remedy'; on: IsoDate; outcome: RemedyOutcome; text: string }
  | { type: 'publish'; on: IsoDate; title: string; text: string };
export type FoiActionType = FoiAction['type'];

export const FOI_ACTIONS: readonly FoiActionType[] = [
  'ask-clarification',
  'clarification-received',
  'set-aside',
  'extend',
  'provide',
  'partially-refuse',
  'refuse',
  'request-fee',
  'record-payment',
  'appeal',
  'complaint',
  'decide-remedy',
  'publish',
];

/**
 * A rule the action breaks. `conflict`: the request is not in a state for it (nothing to fix in
 * the form); `invalid`: a field is wrong. `code` is the message key, `params` fill it in.
 */
export class FoiRuleError extends Error {
  override name = 'FoiRuleError';
  constructor(
    readonly kind: 'conflict' | 'invalid',
    readonly code: string,
    readonly field: string | null,
    readonly params: Record<string, string | number> = {},
  ) {
    super(`${code}${Object.keys(params).length ? ` ${JSON.stringify(params)}` : ''}`);
  }
}

const conflictErr = (code: string, params: Record<string, string | number> = {}) =>
  new FoiRuleError('conflict', code, null, params);
const invalidErr = (field: string, code: string, params: Record<string, string | number> = {}) =>
  new FoiRuleError('invalid', code, field, params);

// --- deadlines ---------------------------------------------------------------------------------

export type FoiDeadlineKind =
  | 'answer'
  | 'clarify-ask'
  | 'set-aside-inform'
  | 'clarification'
  | 'payment'
  | 'publish'
  | 'appeal'
  | 'complaint';

export interface FoiDeadline {
  kind: FoiDeadlineKind;
  /** Who must act by then. */
  party: 'office' | 'applicant';
  deadline: Deadline;
}

const calendarDeadline = (start: IsoDate, days: number, country: Country) =>
  deadline(start, days, 'calendar', country);

export function answerDeadline(f: FoiFacts, country: Country): Deadline {
  return calendarDeadline(f.clockStart, f.answerPeriodDays, country);
}

/** The deadlines that matter in the request's current state, each with its explanation. */
export function foiDeadlines(f: FoiFacts, country: Country): FoiDeadline[] {
  const out: FoiDeadline[] = [];
  const add = (kind: FoiDeadlineKind, party: 'office' | 'applicant', start: IsoDate, days: number) =>
    out.push({ kind, party, deadline: calendarDeadline(start, days, country) });
  switch (f.state) {
    case 'received':
      out.push({ kind: 'answer', party: 'office', deadline: answerDeadline(f, country) });
      add('clarify-ask', 'office', f.clockStart, CLARIFY_ASK_DAYS);
      add('set-aside-inform', 'office', f.clockStart, SET_ASIDE_INFORM_DAYS);
      break;
    case 'clarification_requested':
      if (f.clarificationAskedOn)
        add('clarification', 'applicant', f.clarificationAskedOn, CLARIFICATION_DAYS);
      break;
    case 'fee_requested':
      if (f.feeRequestedOn) {
        add('payment', 'applicant', f.feeRequestedOn, FEE_PAYMENT_DAYS);
        add('complaint', 'applicant', f.feeRequestedOn, COMPLAINT_DAYS);
      }
      break;
    case 'provided':
    case 'partially_refused':
    case 'refused':
      if (f.outcomeOn) {
        if (f.state !== 'refused' && !f.publishedOn) add('publish', 'office', f.outcomeOn, PUBLISH_DAYS);
        if (f.state !== 'provided') add('appeal', 'applicant', f.outcomeOn, APPEAL_DAYS);
        if (f.state !== 'refused') add('complaint', 'applicant', f.outcomeOn, COMPLAINT_DAYS);
      }
      break;
    default:
      break;
  }
  return out;
}

/**
 * The day by which the office has to do something next (for the handler's overdue and due-soon
 * lists): the answer, setting aside after the applicant's silence or non-payment, publishing.
 */
export function nextDue(f: FoiFacts, country: Country): { kind: FoiDeadlineKind; due: IsoDate } | null {
  const ds = foiDeadlines(f, country);
  const pick = (kind: FoiDeadlineKind) => ds.find((d) => d.kind === kind);
  const d =
    f.state === 'received'
      ? pick('answer')
      : f.state === 'clarification_requested'
        ? pick('clarification')
        : f.state === 'fee_requested'
          ? pick('payment')
          : pick('publish');
  return d ? { kind: d.kind, due: d.deadline.due } : null;
}

// --- transitions -----------------------------------------------------------------------------

export interface FoiTransition {
  facts: FoiFacts;
  /** Remedy bookkeeping for the caller to store (appeal/complaint rows). */
  remedy?: { kind: 'appeal' | 'complaint'; inTime: boolean } | { decided: RemedyOutcome };
  /** True when the act came after its statutory period (it is still recorded). */
  late?: boolean;
}

function requireText(field: string, value: string, max = 20_000): void {
  if (value.trim() === '') throw invalidErr(field, 'required');
  if (value.length > max) throw invalidErr(field, 'tooLong', { max });
}

function notAfter(on: IsoDate, today: IsoDate): void {
  if (compare(on, today) > 0) throw invalidErr('on', 'future');
}

/** The date of the act may not lie before the day the current stage began. */
function notBefore(on: IsoDate, start: IsoDate): void {
  if (compare(on, start) < 0) throw invalidErr('on', 'beforeStart', { date: start });
}

/**
 * Applies one action. Throws FoiRuleError when the state does not allow it or an input is wrong;
 * otherwise returns the new facts (the caller stores them and the texts of the action).
 */
export function applyFoiAction(f: FoiFacts, a: FoiAction, today: IsoDate, country: Country): FoiTransition {
  notAfter(a.on, today);
  const stateIs = (...states: FoiState[]) => {
    if (!states.includes(f.state)) {
      if (
        (CLOSED_STATES.includes(f.state) || f.state === 'appealed' || f.state === 'complained') &&
        ['provide', 'partially-refuse', 'refuse', 'extend', 'ask-clarification', 'request-fee'].includes(
          a.type,
        )
      ) {
        throw conflictErr('closed', { state: f.state });
      }
      throw conflictErr('wrongState', { state: f.state });
    }
  };
  const answerDue = answerDeadline(f, country).due;

  switch (a.type) {
    case 'ask-clarification': {
      stateIs('received');
      requireText('text', a.text);
      notBefore(a.on, f.clockStart);
      const by = calendarDeadline(f.clockStart, CLARIFY_ASK_DAYS, country).due;
      if (compare(a.on, by) > 0) throw conflictErr('clarifyTooLate', { date: by });
      return { facts: { ...f, state: 'clarification_requested', clarificationAskedOn: a.on } };
    }
    case 'clarification-received': {
      stateIs('clarification_requested');
      requireText('text', a.text);
      const asked = f.clarificationAskedOn ?? f.clockStart;
      notBefore(a.on, asked);
      const by = calendarDeadline(asked, CLARIFICATION_DAYS, country).due;
      if (compare(a.on, by) > 0) throw conflictErr('clarificationTooLate', { date: by });
      // The 15 days start again from the day the clarification arrived (§14(5)(d)).
      return {
        facts: {
          ...f,
          state: 'received',
          clockStart: a.on,
          answerPeriodDays: ANSWER_DAYS + (f.extensionDays ?? 0),
        },
      };
    }
    case 'set-aside': {
      requireText('text', a.text);
      if (a.reason === 'competence') {
        stateIs('received', 'clarification_requested');
        notBefore(a.on, f.receivedOn);
        const by = calendarDeadline(f.clockStart, SET_ASIDE_INFORM_DAYS, country).due;
        return {
          facts: { ...f, state: 'set_aside', outcome: 'set_aside', outcomeOn: a.on },
          late: compare(a.on, by) > 0,
        };
      }
      if (a.reason === 'no-clarification') {
        stateIs('clarification_requested');
        const by = calendarDeadline(f.clarificationAskedOn ?? f.clockStart, CLARIFICATION_DAYS, country).due;
        if (compare(a.on, by) <= 0) throw conflictErr('applicantStillInTime', { date: by });
        return { facts: { ...f, state: 'set_aside', outcome: 'set_aside', outcomeOn: a.on } };
      }
      if (a.reason === 'fee-unpaid') {
        stateIs('fee_requested');
        const by = calendarDeadline(f.feeRequestedOn ?? f.clockStart, FEE_PAYMENT_DAYS, country).due;
        if (compare(a.on, by) <= 0) throw conflictErr('applicantStillInTime', { date: by });
        return { facts: { ...f, state: 'set_aside', outcome: 'set_aside', outcomeOn: a.on } };
      }
      throw invalidErr('reason', 'invalidChoice');
    }
    case 'extend': {
      stateIs('received');
      if (f.extensionDays !== null) throw conflictErr('alreadyExtended', { days: f.extensionDays });
      if (!Number.isInteger(a.days) || a.days < 1 || a.days > MAX_EXTENSION_DAYS) {
        throw invalidErr('days', 'extensionRange', { max: MAX_EXTENSION_DAYS });
      }
      requireText('reason', a.reason, 2000);
      // The applicant must learn of the extension before the period ends (§14(7)).
      if (compare(a.on, answerDue) > 0) throw conflictErr('periodEnded', { date: answerDue });
      return {
        facts: { ...f, extensionDays: a.days, answerPeriodDays: f.answerPeriodDays + a.days },
      };
    }
    case 'provide':
    case 'partially-refuse':
    case 'refuse': {
      stateIs('received');
      notBefore(a.on, f.clockStart);
      if (a.type !== 'refuse') requireText('answer', a.answer);
      if (a.type !== 'provide') requireText('decision', a.decision);
      const outcome: FoiOutcome =
        a.type === 'provide' ? 'provided' : a.type === 'refuse' ? 'refused' : 'partially_refused';
      return {
        facts: { ...f, state: outcome, outcome, outcomeOn: a.on },
        late: compare(a.on, answerDue) > 0,
      };
    }
    case 'request-fee': {
      stateIs('received');
      notBefore(a.on, f.clockStart);
      if (!Number.isFinite(a.amount) || a.amount <= 0 || a.amount > 1_000_000) {
        throw invalidErr('amount', 'amountRange');
      }
      requireText('text', a.text);
      if (compare(a.on, answerDue) > 0) throw conflictErr('periodEnded', { date: answerDue });
      // The period stops at the notice (§17(3)); what is left runs again from the payment.
      const used = daysBetween(f.clockStart, a.on);
      const left = Math.max(1, f.answerPeriodDays - used);
      return { facts: { ...f, state: 'fee_requested', feeRequestedOn: a.on, answerPeriodDays: left } };
    }
    case 'record-payment': {
      stateIs('fee_requested');
      const requested = f.feeRequestedOn ?? f.clockStart;
      notBefore(a.on, requested);
      const by = calendarDeadline(requested, FEE_PAYMENT_DAYS, country).due;
      if (compare(a.on, by) > 0) throw conflictErr('paymentTooLate', { date: by });
      return { facts: { ...f, state: 'received', clockStart: a.on } };
    }
    case 'appeal': {
      stateIs('refused', 'partially_refused');
      requireText('text', a.text);
      const start = f.outcomeOn ?? f.clockStart;
      notBefore(a.on, start);
      const inTime = compare(a.on, calendarDeadline(start, APPEAL_DAYS, country).due) <= 0;
      return {
        facts: { ...f, state: 'appealed', remedyReturnState: f.state },
        remedy: { kind: 'appeal', inTime },
        late: !inTime,
      };
    }
    case 'complaint': {
      requireText('text', a.text);
      let start: IsoDate;
      if (f.state === 'received') {
        // §16a(1)(b): the office let the period pass without answering.
        if (compare(a.on, answerDue) <= 0) throw conflictErr('officeStillInTime', { date: answerDue });
        start = answerDue;
      } else if (f.state === 'fee_requested') {
        start = f.feeRequestedOn ?? f.clockStart;
      } else {
        stateIs('provided', 'partially_refused');
        start = f.outcomeOn ?? f.clockStart;
      }
      notBefore(a.on, start);
      const inTime = compare(a.on, calendarDeadline(start, COMPLAINT_DAYS, country).due) <= 0;
      return {
        facts: { ...f, state: 'complained', remedyReturnState: f.state },
        remedy: { kind: 'complaint', inTime },
        late: !inTime,
      };
    }
    case 'decide-remedy': {
      stateIs('appealed', 'complained');
      requireText('text', a.text);
      if (!(REMEDY_OUTCOMES as readonly string[]).includes(a.outcome))
        throw invalidErr('outcome', 'invalidChoice');
      if (a.outcome === 'dismissed') {
        return {
          facts: { ...f, state: f.remedyReturnState ?? f.outcome ?? 'received', remedyReturnState: null },
          remedy: { decided: a.outcome },
        };
      }
      // Granted: the superior body sends the request back (or orders it dealt with); a new 15 days.
      return {
        facts: {
          ...f,
          state: 'received',
          clockStart: a.on,
          answerPeriodDays: ANSWER_DAYS,
          extensionDays: null,
          outcome: null,
          outcomeOn: null,
          remedyReturnState: null,
        },
        remedy: { decided: a.outcome },
      };
    }
    case 'publish': {
      stateIs('provided', 'partially_refused');
      requireText('title', a.title, 300);
      requireText('text', a.text);
      return { facts: { ...f, publishedOn: f.publishedOn ?? a.on } };
    }
  }
}

/** The facts of a request just received. */
export function newFoiFacts(receivedOn: IsoDate): FoiFacts {
  return {
    state: 'received',
    receivedOn,
    clockStart: receivedOn,
    answerPeriodDays: ANSWER_DAYS,
    extensionDays: null,
    clarificationAskedOn: null,
    feeRequestedOn: null,
    outcome: null,
    outcomeOn: null,
    publishedOn: null,
    remedyReturnState: null,
  };
}

/** Which actions the detail page should offer in a state (the rules may still refuse one). */
export function actionsFor(state: FoiState): FoiActionType[] {
  switch (state) {
    case 'received':
      return [
        'ask-clarification',
        'extend',
        'provide',
        'partially-refuse',
        'refuse',
        'request-fee',
        'set-aside',
        'complaint',
      ];
    case 'clarification_requested':
      return ['clarification-received', 'set-aside'];
    case 'fee_requested':
      return ['record-payment', 'set-aside', 'complaint'];
    case 'provided':
      return ['publish', 'complaint'];
    case 'partially_refused':
      return ['publish', 'appeal', 'complaint'];
    case 'refused':
      return ['appeal'];
    case 'appealed':
    case 'complained':
      return ['decide-remedy'];
    case 'set_aside':
      return [];
  }
}

/** Intake: the day of receipt may be entered for paper and e-mail, but not in the future or years back. */
export function checkReceivedOn(receivedOn: IsoDate, today: IsoDate): void {
  if (compare(receivedOn, today) > 0) throw invalidErr('receivedOn', 'future');
  if (compare(receivedOn, addDays(today, -366)) < 0) throw invalidErr('receivedOn', 'tooOld');
}
