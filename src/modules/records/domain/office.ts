/**
 * Records office (spisovna), loans (výpůjčky) and the disposal procedure (skartační řízení) per
 * NSESSS and vyhláška 259/2012 Sb. Pure functions, no I/O.
 *
 * A closed file is handed over to the records office by the records manager; from then on it stays
 * closed. When its year of disposal has come it can go into a disposal proposal (skartační návrh),
 * which is sent to the archive as SIP packages; the archive decides per item: A (select as archival
 * records: transfer to the archive) or S (destroy). Its decision comes back as `nsesss-DA.xsd` XML.
 */
import { addDays, type IsoDate, isIsoDate } from '../../../platform/calendar/index.js';
import type { FieldError } from '../../../platform/errors.js';
import type { FileStatus } from './files.js';
import { disposalYear, type RetentionMark } from './retention.js';

/**
 * An item of the records office:
 * stored ──propose──▶ proposed ──(decision S) destroy──▶ destroyed
 *                        └──────(decision A) transfer──▶ archived
 */
export const OFFICE_STATUSES = ['stored', 'proposed', 'destroyed', 'archived'] as const;
export type OfficeStatus = (typeof OFFICE_STATUSES)[number];

/** The archive's decision on an item: A = transfer to the archive, S = destroy. */
export type Decision = 'A' | 'S';

/** Proposal: open (built, exportable) → decided (the archive's decision imported) → done (all executed). */
export const PROPOSAL_STATUSES = ['open', 'decided', 'done'] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

/** LABEL of the METS document of a SIP, exactly as NSESSS prescribes. */
export const SIP_LABEL = {
  disposal: 'Datový balíček pro provedení skartačního řízení',
  transfer: 'Datový balíček pro předávání dokumentů a jejich metadat do archivu',
} as const;
export type SipKind = keyof typeof SIP_LABEL;

/** Numbers of disposal proposals: `SN 1/2026` (a yearly series). */
export const proposalNumber = (seq: number, year: number) => `SN ${seq}/${year}`;

/**
 * The year of disposal of an item handed over to the records office: the regime's period runs
 * from 1 January after the trigger year (the one recorded when the file was closed).
 */
export function officeDisposalYear(triggerYear: number, period: number): number {
  return disposalYear(triggerYear, period);
}

/** Why a file cannot be handed over to the records office, or null. */
export function handOverProblem(file: {
  status: FileStatus;
  fileNumber: string;
  triggerYear: number | null;
  inOffice: boolean;
}): string | null {
  if (file.inOffice) return `File ${file.fileNumber} is already in the records office.`;
  if (file.status !== 'closed' || file.triggerYear === null)
    return `File ${file.fileNumber} is not closed; only closed files go to the records office.`;
  return null;
}

/** Whether an item's year of disposal has come (it may go into a disposal proposal this year). */
export const isDue = (disposalYearOf: number, currentYear: number) => disposalYearOf <= currentYear;

/** Why an item cannot go into a disposal proposal, or null. */
export function proposalProblem(
  item: { label: string; status: OfficeStatus; disposalYear: number; onLoan: boolean },
  currentYear: number,
): string | null {
  if (item.status !== 'stored')
    return item.status === 'proposed'
      ? `${item.label} is already in a disposal proposal.`
      : `${item.label} has left the records office (${item.status}).`;
  if (!isDue(item.disposalYear, currentYear))
    return `The year of disposal of ${item.label} is ${item.disposalYear}; it has not come yet.`;
  if (item.onLoan) return `${item.label} is on loan; it must be returned first.`;
  return null;
}

/** `tOperace` of nsesss-DA.xsd → the decision it means (null: not a decision on the item). */
export const DA_OPERATIONS: Record<string, Decision | null> = {
  'vybrat za archiválii': 'A',
  zničit: 'S',
  // "Excluded from the selection": the archive does not take it, so it is destroyed.
  'vyřadit z výběru': 'S',
  // The archive asks to see the item first: no decision yet.
  'předložit k výběru': null,
};

/** Why an item may not be destroyed, or null. An item the archive marked A is never destroyed. */
export function destroyProblem(item: {
  label: string;
  status: OfficeStatus;
  decision: Decision | null;
  onLoan: boolean;
}): string | null {
  if (item.status === 'destroyed') return `${item.label} is already destroyed.`;
  if (item.status !== 'proposed') return `${item.label} is not in a decided disposal proposal.`;
  if (item.decision === 'A')
    return `${item.label} is marked A by the archive's decision: it is transferred to the archive, never destroyed.`;
  if (item.decision !== 'S') return `The archive has not decided on ${item.label} yet.`;
  if (item.onLoan) return `${item.label} is on loan; it must be returned before it is destroyed.`;
  return null;
}

/** Why an item may not be transferred to the archive, or null. */
export function transferProblem(item: {
  label: string;
  status: OfficeStatus;
  decision: Decision | null;
  onLoan: boolean;
}): string | null {
  if (item.status === 'archived') return `${item.label} is already transferred to the archive.`;
  if (item.status !== 'proposed') return `${item.label} is not in a decided disposal proposal.`;
  if (item.decision !== 'A')
    return item.decision === 'S'
      ? `${item.label} is marked S by the archive's decision; it is destroyed, not transferred.`
      : `The archive has not decided on ${item.label} yet.`;
  if (item.onLoan) return `${item.label} is on loan; it must be returned before it is transferred.`;
  return null;
}

/** The proposal's status once its items have these outcomes. */
export function proposalStatusAfter(outcomes: readonly (OfficeStatus | null)[]): ProposalStatus {
  return outcomes.every((o) => o === 'destroyed' || o === 'archived') ? 'done' : 'decided';
}

export const MAX_LOAN_DAYS = 366;
export const MAX_LOAN_NOTE = 500;

export interface LoanInput {
  borrowerId?: unknown;
  dueOn?: unknown;
  note?: unknown;
}

/** A loan: someone to borrow it, a due date from today up to a year ahead, an optional note. */
export function checkLoan(
  input: LoanInput,
  today: IsoDate,
): { value: { borrowerId: string; dueOn: IsoDate; note: string | null } | null; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const borrowerId = typeof input.borrowerId === 'string' ? input.borrowerId.trim() : '';
  if (!borrowerId) errors.push({ field: 'borrowerId', message: 'Say who borrows the file.' });
  const dueOn = typeof input.dueOn === 'string' ? input.dueOn.trim() : input.dueOn;
  const latest = addDays(today, MAX_LOAN_DAYS);
  if (!isIsoDate(dueOn)) errors.push({ field: 'dueOn', message: 'The due date is a date (YYYY-MM-DD).' });
  else if (dueOn < today) errors.push({ field: 'dueOn', message: 'The due date cannot be in the past.' });
  else if (dueOn > latest)
    errors.push({ field: 'dueOn', message: `A loan lasts at most ${MAX_LOAN_DAYS} days (until ${latest}).` });
  const note = typeof input.note === 'string' ? input.note.trim() : '';
  if (input.note !== undefined && input.note !== null && typeof input.note !== 'string')
    errors.push({ field: 'note', message: 'The note is text.' });
  else if (note.length > MAX_LOAN_NOTE)
    errors.push({ field: 'note', message: `At most ${MAX_LOAN_NOTE} characters.` });
  if (errors.length) return { value: null, errors };
  return { value: { borrowerId, dueOn: dueOn as IsoDate, note: note || null }, errors };
}

/** A loan is overdue the day after its due date, until it is returned. */
export const isOverdue = (loan: { dueOn: string; returnedOn: string | null }, today: IsoDate) =>
  loan.returnedOn === null && loan.dueOn < today;

/** Marks the records office list can be filtered by. */
export type MarkFilter = Extract<RetentionMark, 'A' | 'S'>;
