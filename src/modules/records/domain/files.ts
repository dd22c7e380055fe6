/**
 * Files (spisy), settlement (vyřízení) and closing (uzavření) per NSESSS. Pure functions, no I/O.
 *
 * A file is formed in one of two ways, chosen by the numbering method of its subject group:
 * - priorace: the file grows from its initial document; the file number (spisová značka) is that
 *   document's reference number, and every document keeps its own číslo jednací;
 * - sběrný arch: the file gets its own number from a yearly series (`SZ 12/2026`) and documents
 *   inserted are numbered within it (`12/2026-1`, `12/2026-2`, …).
 * Either way the system keeps the position of each document within the file.
 */
import { type IsoDate, isIsoDate } from '../../../platform/calendar/index.js';
import type { FieldError } from '../../../platform/errors.js';
import { formatNumber, TemplateError } from '../../../platform/numbering/index.js';
import type { DocumentStatus } from '../schema.js';
import type { NumberingMethod } from './plan.js';
import { disposalYear, type RetentionMark, stricterRegime, type TriggerEvent } from './retention.js';

export const FILE_STATUSES = ['open', 'closed'] as const;
export type FileStatus = (typeof FILE_STATUSES)[number];

/** The file number may be at most as long as a reference number (NSESSS tEvidencniCislo). */
export const MAX_FILE_NUMBER = 50;
/** Template of the sběrný arch series; tenant.settings.fileNumberTemplate may replace it. */
export const DEFAULT_FILE_TEMPLATE = 'SZ {seq}/{year}';

/** The tenant's template for numbers of sběrný arch files (must contain {seq}). */
export function fileTemplate(settings: Record<string, unknown>): string {
  const t = settings.fileNumberTemplate;
  // {seq} may carry a format ({seq:04}); without it every file would get the same number.
  return typeof t === 'string' && /\{seq(?::[^}]*)?\}/.test(t) ? t : DEFAULT_FILE_TEMPLATE;
}

/** The file number (spisová značka) of the seq-th sběrný arch file of a year. */
export function formatFileNumber(template: string, seq: number, year: number): string {
  let s: string;
  try {
    s = formatNumber(template, { seq, year });
  } catch (e) {
    if (e instanceof TemplateError)
      throw new TemplateError(`The tenant's file-number template is broken: ${e.message}`);
    throw e;
  }
  if (s.length > MAX_FILE_NUMBER)
    throw new TemplateError(`File number "${s}" is longer than ${MAX_FILE_NUMBER} characters.`);
  return s;
}

/**
 * The number of a document within a sběrný arch file: the file's place in its series and the
 * document's position (`12/2026-3`). Priorace files have none: their documents keep their čj.
 */
export function numberInFile(
  method: NumberingMethod,
  fileSeq: number | null,
  year: number,
  position: number,
) {
  if (method === 'priorace' || fileSeq === null) return null;
  return `${fileSeq}/${year}-${position}`;
}

/** What may be done with a file in which status. */
export type FileAction = 'insert' | 'remove' | 'close' | 'reopen';
const FILE_TRANSITIONS: Record<FileAction, Partial<Record<FileStatus, FileStatus>>> = {
  insert: { open: 'open' },
  remove: { open: 'open' },
  close: { open: 'closed' },
  reopen: { closed: 'open' },
};

export function nextFileStatus(status: FileStatus, action: FileAction): FileStatus | null {
  return FILE_TRANSITIONS[action][status] ?? null;
}

/** Document statuses in which a document may join a file: it is being handled, or settled. */
export const FILEABLE_STATUSES: DocumentStatus[] = ['assigned', 'accepted', 'settled'];

/** Why a document cannot leave a file, or null when it can. */
export function removalProblem(
  file: { method: NumberingMethod; initialDocumentId: string | null; status: FileStatus },
  documentId: string,
): string | null {
  if (file.status !== 'open') return 'Documents cannot be removed from a closed file.';
  if (file.method === 'priorace' && file.initialDocumentId === documentId)
    return 'The initial document of a file formed by priorace cannot be removed from it.';
  return null;
}

// ---------------------------------------------------------------------------------------------
// Retention of a file

export interface RegimeLike {
  id: string;
  mark: RetentionMark;
  period: number;
  trigger: TriggerEvent;
}

/**
 * The regime of a file: the regime of its subject group (set when the file is created), made
 * stricter by the regimes of documents with other groups (A beats S, then the longer period; on a
 * tie the group's own regime stays). Documents with no group, or a group without a regime, do
 * not count.
 */
export function fileRegime<R extends RegimeLike>(groupRegime: R, memberRegimes: readonly (R | null)[]): R {
  let out = groupRegime;
  for (const r of memberRegimes) if (r) out = stricterRegime(out, r);
  return out;
}

export interface TriggerFacts {
  /** Day the file is closed (tenant's zone). */
  closedOn: IsoDate;
  /** Day the file was created (tenant's zone). */
  createdOn: IsoDate;
  /** Settlement days of the file's documents. */
  settledOn: readonly IsoDate[];
}

/**
 * The year the retention period counts from. Settlement: the year the last document was settled
 * (the file is settled by its last settlement); closing and creation: from the file; the end of
 * validity or a birth the system cannot know, so the person closing says it (`given`).
 */
export function triggerYear(
  trigger: TriggerEvent,
  facts: TriggerFacts,
  given: number | null,
): { year: number } | { error: FieldError } {
  const year = (d: string) => Number(d.slice(0, 4));
  switch (trigger) {
    case 'closing':
      return { year: year(facts.closedOn) };
    case 'creation':
      return { year: year(facts.createdOn) };
    case 'settlement': {
      if (facts.settledOn.length === 0)
        return { error: { field: 'triggerYear', message: 'No document of the file is settled.' } };
      return { year: year([...facts.settledOn].sort().at(-1)!) };
    }
    default: {
      const max = year(facts.closedOn) + 100;
      if (given === null || !Number.isInteger(given) || given < 1900 || given > max)
        return {
          error: {
            field: 'triggerYear',
            message: `The file's regime counts from an event the system does not know; give its year (1900–${max}).`,
          },
        };
      return { year: given };
    }
  }
}

/** The year of disposal of a file closed with this regime and trigger year. */
export const fileDisposalYear = (trigger: number, period: number) => disposalYear(trigger, period);

// ---------------------------------------------------------------------------------------------
// Closing

export interface MemberState {
  refNumber: string;
  status: DocumentStatus;
}

/**
 * Completeness check before closing (NSESSS): the file has documents and every one is settled.
 * `pendingDispatches` lists outgoing documents not yet dispatched; dispatch (vypravení) is not
 * built yet, so callers pass [] until it is — then "all dispatches done" is checked here too.
 */
export function closingProblems(
  members: readonly MemberState[],
  pendingDispatches: readonly string[],
): string[] {
  const problems: string[] = [];
  if (members.length === 0) problems.push('The file has no documents.');
  const unsettled = members.filter((m) => m.status !== 'settled').map((m) => m.refNumber);
  if (unsettled.length) problems.push(`Documents not settled: ${unsettled.join(', ')}.`);
  if (pendingDispatches.length) problems.push(`Dispatches not done: ${pendingDispatches.join(', ')}.`);
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Settlement (vyřízení)

/** Settlement methods, code → the NSESSS tZpusobVyrizeni value (written into XML as is). */
export const SETTLEMENT_METHODS = {
  document: 'vyřízení dokumentem',
  forwarding: 'postoupení',
  acknowledgement: 'vzetí na vědomí',
  record: 'vyřízení záznamem na dokumentu',
  other: 'jiný způsob',
} as const;
export type SettlementMethod = keyof typeof SETTLEMENT_METHODS;

export function isSettlementMethod(v: unknown): v is SettlementMethod {
  return typeof v === 'string' && Object.hasOwn(SETTLEMENT_METHODS, v);
}

export const MAX_SETTLEMENT_NOTE = 2000;

export interface SettlementInput {
  method?: unknown;
  date?: unknown;
  note?: unknown;
}

export interface Settlement {
  method: SettlementMethod;
  date: IsoDate;
  note: string | null;
}

/**
 * Checks a settlement: a known method; a real date that is not in the future and not before the
 * document was registered; a note (≤ 2000) that "jiný způsob" requires (the XSD then requires
 * ObsahVyrizeni and Oduvodneni).
 */
export function checkSettlement(
  input: SettlementInput,
  today: IsoDate,
  registeredOn: IsoDate,
): { value: Settlement | null; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const method = input.method;
  if (!isSettlementMethod(method)) errors.push({ field: 'method', message: 'Unknown settlement method.' });
  const date = typeof input.date === 'string' ? input.date.trim() : input.date;
  if (!isIsoDate(date))
    errors.push({ field: 'date', message: 'The date of settlement is a date (YYYY-MM-DD).' });
  else if (date > today)
    errors.push({ field: 'date', message: 'The date of settlement cannot be in the future.' });
  else if (date < registeredOn)
    errors.push({
      field: 'date',
      message: `The date of settlement cannot be before the document was registered (${registeredOn}).`,
    });
  const note = typeof input.note === 'string' ? input.note.trim() : '';
  if (input.note !== undefined && input.note !== null && typeof input.note !== 'string')
    errors.push({ field: 'note', message: 'The note is text.' });
  else if (note.length > MAX_SETTLEMENT_NOTE)
    errors.push({ field: 'note', message: `At most ${MAX_SETTLEMENT_NOTE} characters.` });
  else if (method === 'other' && note === '')
    errors.push({ field: 'note', message: 'Settlement "jiný způsob" needs a note saying how and why.' });
  if (errors.length) return { value: null, errors };
  return { value: { method: method as SettlementMethod, date: date as IsoDate, note: note || null }, errors };
}

export const MAX_REASON = 1000;
export const MAX_FILE_SUBJECT = 255;
