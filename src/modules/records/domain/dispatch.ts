/**
 * Dispatch (vypravení) of a final own document to one recipient. Pure rules: the methods, the
 * states per method, who takes which step, the recipient's address each method needs, dates,
 * and the content of the post envelope sheet with its delivery note (dodejka).
 *
 *   prepared ──hand_over──▶ handed_over ──send──▶ sent ──deliver──────▶ delivered
 *   (handler)  (PredaniVypravne)  (registry)  (Vypraveno) ──undeliverable──▶ undeliverable
 *
 * in_person skips the dispatch office: prepared / handed_over ──in_person──▶ delivered (the date
 * it was handed to the recipient is both the dispatch and the delivery date).
 */
import { type IsoDate, isIsoDate } from '../../../platform/calendar/index.js';
import type { FieldError } from '../../../platform/errors.js';
import type { PdfBlock } from '../../../platform/pdf/index.js';

export const DISPATCH_METHODS = ['post', 'email', 'databox', 'in_person'] as const;
export type DispatchMethod = (typeof DISPATCH_METHODS)[number];

export const DISPATCH_STATES = ['prepared', 'handed_over', 'sent', 'delivered', 'undeliverable'] as const;
export type DispatchState = (typeof DISPATCH_STATES)[number];

export type DispatchAction = 'hand_over' | 'send' | 'deliver' | 'undeliverable' | 'in_person';

/** The job that sends one e-mail dispatch (payload: dispatchId); its singleton key adds the dispatch id and round. */
export const EMAIL_DISPATCH_JOB = 'records.dispatch-email';

/** The singleton key of one round of sending a dispatch by e-mail. */
export const emailJobKey = (dispatchId: string, round: number) =>
  `${EMAIL_DISPATCH_JOB}:${dispatchId}:${round}`;

/** Not yet sent: a file waits for these before it may be closed. */
export const PENDING_DISPATCH_STATES: readonly DispatchState[] = ['prepared', 'handed_over'];

export function isDispatchMethod(v: unknown): v is DispatchMethod {
  return typeof v === 'string' && (DISPATCH_METHODS as readonly string[]).includes(v);
}

const TRANSITIONS: Record<DispatchAction, Partial<Record<DispatchState, DispatchState>>> = {
  hand_over: { prepared: 'handed_over' },
  send: { handed_over: 'sent' },
  deliver: { sent: 'delivered' },
  undeliverable: { sent: 'undeliverable' },
  in_person: { prepared: 'delivered', handed_over: 'delivered' },
};

/** Which steps each method knows (in person never passes through the dispatch office's sending). */
const METHOD_ACTIONS: Record<DispatchMethod, readonly DispatchAction[]> = {
  post: ['hand_over', 'send', 'deliver', 'undeliverable'],
  email: ['hand_over', 'send', 'deliver', 'undeliverable'],
  // Sent by the data-box connector (not built yet); the office records delivery as for post.
  databox: ['hand_over', 'send', 'deliver', 'undeliverable'],
  in_person: ['in_person'],
};

/** The state after the step, or null when the method or the state does not allow it. */
export function nextDispatchState(
  method: DispatchMethod,
  state: DispatchState,
  action: DispatchAction,
): DispatchState | null {
  if (!METHOD_ACTIONS[method].includes(action)) return null;
  return TRANSITIONS[action][state] ?? null;
}

/** Who takes a step: the handler side prepares and hands over; the registry (výpravna) sends and records delivery. */
export function mayTakeDispatchStep(
  action: DispatchAction | 'prepare' | 'retry',
  who: { handles: boolean; dispatchOffice: boolean },
): boolean {
  switch (action) {
    case 'prepare':
    case 'hand_over':
      return who.handles;
    case 'send':
    case 'deliver':
    case 'undeliverable':
    case 'retry':
      return who.dispatchOffice;
    case 'in_person':
      return who.handles || who.dispatchOffice;
  }
}

export interface RecipientLike {
  name: string;
  address: string | null;
  email: string | null;
  databoxId: string | null;
}

/**
 * The address a method sends to, taken from the register of persons when the dispatch is
 * prepared (and kept with the dispatch: a later change of the person does not move a letter
 * already on its way).
 */
export function dispatchAddress(
  method: DispatchMethod,
  p: RecipientLike,
): { value: string } | { error: FieldError } {
  const missing = (what: string): { error: FieldError } => ({
    error: { field: 'method', message: `${p.name} has no ${what} in the register of persons.` },
  });
  switch (method) {
    case 'post':
      return p.address?.trim() ? { value: p.address.trim() } : missing('postal address');
    case 'email':
      return p.email?.trim() ? { value: p.email.trim() } : missing('e-mail address');
    case 'databox':
      return p.databoxId ? { value: p.databoxId } : missing('data-box ID');
    case 'in_person':
      return { value: p.name };
  }
}

/** A date of dispatch or delivery: a real date, not in the future, not before `notBefore`. */
export function checkDispatchDate(
  date: string | null | undefined,
  today: IsoDate,
  notBefore: IsoDate | null,
  field = 'date',
): { value: IsoDate | null; errors: FieldError[] } {
  const d = (date ?? '').trim() || today;
  if (!isIsoDate(d)) return { value: null, errors: [{ field, message: 'Not a date (YYYY-MM-DD).' }] };
  if (d > today) return { value: null, errors: [{ field, message: 'The date is in the future.' }] };
  if (notBefore && d < notBefore)
    return { value: null, errors: [{ field, message: `The date is before ${notBefore}.` }] };
  return { value: d, errors: [] };
}

export const MAX_UNDELIVERABLE_REASON = 1000;

// ---------------------------------------------------------------------------------------------
// Post: the envelope sheet with the delivery note (dodejka)

export interface EnvelopeInput {
  sender: { name: string; address: string | null };
  recipient: { name: string; address: string };
  refNumber: string;
  pid: string;
  subject: string;
  preparedOn: IsoDate;
}

/** Address lines as written on an envelope: the name, then the address split at commas or new lines. */
export function addressLines(name: string, address: string): string[] {
  const parts = address
    .split(/\r?\n|,/)
    .map((s) => s.trim())
    .filter(Boolean);
  return [name, ...parts];
}

/**
 * The blocks of the post PDF: an address block for a window envelope (sender, recipient), then
 * the delivery note the post office returns (dodejka: who sends, to whom, which číslo jednací,
 * and the fields the deliverer fills in: date, signature).
 */
export function envelopeBlocks(e: EnvelopeInput): PdfBlock[] {
  const recipient = addressLines(e.recipient.name, e.recipient.address);
  const sender = e.sender.address ? addressLines(e.sender.name, e.sender.address) : [e.sender.name];
  return [
    { kind: 'paragraph', text: `Odesílatel: ${sender.join(', ')}` },
    { kind: 'spacer', height: 20 },
    { kind: 'heading', text: 'Adresát' },
    ...recipient.map((line, i): PdfBlock => ({ kind: 'paragraph', text: line, bold: i === 0 })),
    { kind: 'spacer', height: 8 },
    { kind: 'paragraph', text: `Č. j.: ${e.refNumber}` },
    { kind: 'spacer', height: 40 },
    { kind: 'title', text: 'Doručenka (dodejka)' },
    {
      kind: 'facts',
      rows: [
        ['Odesílatel', sender.join(', ')],
        ['Adresát', recipient.join(', ')],
        ['Číslo jednací', e.refNumber],
        ['PID', e.pid],
        ['Věc', e.subject],
        ['Připraveno k odeslání', e.preparedOn],
      ],
    },
    { kind: 'spacer', height: 12 },
    { kind: 'paragraph', text: 'Zásilka byla doručena dne: ____________________' },
    { kind: 'paragraph', text: 'Převzal(a) (jméno, podpis): ______________________________' },
    { kind: 'paragraph', text: 'Zásilka nebyla doručena, důvod: ______________________________' },
    { kind: 'paragraph', text: 'Podpis doručovatele: ____________________' },
  ];
}
