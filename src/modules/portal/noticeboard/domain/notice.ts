/**
 * Pure rules of the notice board: which fields a notice needs, how long it stays posted, and
 * which state changes are allowed. Values in, values and issues out; no I/O, no clock.
 */
import {
  addDays,
  type Country,
  compare,
  type Deadline,
  deadline,
  type Explanation,
  type IsoDate,
  isIsoDate,
} from '../../../../platform/calendar/index.js';
import type { FieldError } from '../../../../platform/errors.js';
import { startOfDayUtc } from '../../../../platform/time-zone.js';
import type { NoticeState } from '../schema.js';

/**
 * Categories (agendy) of notices. `public-notice` is a veřejná vyhláška: posted at least 15 days,
 * delivered on the 15th day (§25(2) správní řád).
 */
export const CATEGORIES = [
  'public-notice',
  'announcement',
  'decree',
  'council',
  'budget',
  'tender',
  'property',
  'elections',
  'other',
] as const;
export type Category = (typeof CATEGORIES)[number];

export function isCategory(v: unknown): v is Category {
  return typeof v === 'string' && (CATEGORIES as readonly string[]).includes(v);
}

/** Minimum posting period of a public notice, in calendar days after the day of posting. */
export const PUBLIC_NOTICE_DAYS = 15;

/** A field error with a stable code the pages translate (`noticeboard:err.<code>`). */
export interface Issue extends FieldError {
  code: string;
}

const MESSAGES: Record<string, string> = {
  required: 'This field is required.',
  tooLong: 'The value is too long.',
  date: 'Enter a date as YYYY-MM-DD.',
  category: 'Unknown category.',
  ico: 'This is not a valid IČO (8 digits with a correct check digit).',
  originatorNameRequired: 'Give the name of the authority whose IČO this is.',
  removalBeforePosting: 'The removal date is before the posting date.',
  publicNoticeTooShort: 'A public notice must stay posted at least 15 days.',
  removalRequired: 'Give the removal date (only a public notice has one computed).',
  approvalAfterPosting: 'The approval date is after the posting date.',
  postingInPast: 'A notice cannot be scheduled to be posted on a day that has passed.',
  noDocument: 'Attach at least one PDF document.',
  notPdf: 'The file is not a PDF document.',
  state: 'The notice is not in a state that allows this.',
  reasonRequired: 'Give the reason for removing the notice early.',
};

export function issue(field: string, code: string): Issue {
  return { field, code, message: MESSAGES[code] ?? code };
}

export interface NoticeFields {
  title?: string | undefined;
  description?: string | null | undefined;
  category?: string | undefined;
  originatorName?: string | null | undefined;
  originatorIco?: string | null | undefined;
  referenceNumber?: string | null | undefined;
  fileNumber?: string | null | undefined;
  postingDate?: string | undefined;
  /** Last day shown; empty: computed for a public notice, required otherwise. */
  removalDate?: string | null | undefined;
  approvalDate?: string | null | undefined;
}

export interface CleanNotice {
  title: string;
  description: string;
  category: Category;
  originatorName: string | null;
  originatorIco: string | null;
  referenceNumber: string | null;
  fileNumber: string | null;
  postingDate: IsoDate;
  removalDate: IsoDate;
  /** How a computed (or checked) minimum removal date was reached; null for a plain explicit date. */
  removalDeadline: Deadline | null;
  approvalDate: IsoDate | null;
}

/** Czech IČO: 8 digits, the last a mod-11 check digit over the first seven (weights 8…2). */
export function isValidIco(ico: string): boolean {
  if (!/^\d{8}$/.test(ico)) return false;
  let sum = 0;
  for (let i = 0; i < 7; i++) sum += Number(ico[i]) * (8 - i);
  return (11 - (sum % 11)) % 10 === Number(ico[7]);
}

function optText(v: string | null | undefined): string | null {
  const s = v?.trim();
  return s ? s : null;
}

/** The earliest day a public notice posted on `postingDate` may stop being shown, with why. */
export function publicNoticeMinimum(postingDate: IsoDate, country: Country): Deadline {
  return deadline(postingDate, PUBLIC_NOTICE_DAYS, 'calendar-nomove', country);
}

/**
 * Checks and tidies a whole notice. The removal date is the last day the notice is shown
 * (OFN `relevantní_do`); for a public notice it defaults to the 15th day after posting and may
 * not be earlier.
 */
export function cleanNotice(input: NoticeFields, country: Country): { value: CleanNotice; issues: Issue[] } {
  const issues: Issue[] = [];
  const title = (input.title ?? '').trim();
  if (!title) issues.push(issue('title', 'required'));
  else if (title.length > 500) issues.push(issue('title', 'tooLong'));
  const description = (input.description ?? '').trim();
  if (description.length > 10000) issues.push(issue('description', 'tooLong'));
  const category = input.category ?? '';
  if (!category) issues.push(issue('category', 'required'));
  else if (!isCategory(category)) issues.push(issue('category', 'category'));

  const originatorName = optText(input.originatorName);
  const originatorIco = optText(input.originatorIco)?.replace(/\s+/g, '') ?? null;
  if (originatorName && originatorName.length > 300) issues.push(issue('originatorName', 'tooLong'));
  if (originatorIco && !isValidIco(originatorIco)) issues.push(issue('originatorIco', 'ico'));
  if (originatorIco && !originatorName) issues.push(issue('originatorName', 'originatorNameRequired'));
  const referenceNumber = optText(input.referenceNumber);
  const fileNumber = optText(input.fileNumber);
  if (referenceNumber && referenceNumber.length > 50) issues.push(issue('referenceNumber', 'tooLong'));
  if (fileNumber && fileNumber.length > 50) issues.push(issue('fileNumber', 'tooLong'));

  const postingRaw = (input.postingDate ?? '').trim();
  const posting = isIsoDate(postingRaw) ? postingRaw : null;
  if (!postingRaw) issues.push(issue('postingDate', 'required'));
  else if (!posting) issues.push(issue('postingDate', 'date'));

  const removalRaw = optText(input.removalDate);
  const removalGiven = removalRaw && isIsoDate(removalRaw) ? removalRaw : null;
  if (removalRaw && !removalGiven) issues.push(issue('removalDate', 'date'));

  const approvalRaw = optText(input.approvalDate);
  const approvalDate = approvalRaw && isIsoDate(approvalRaw) ? approvalRaw : null;
  if (approvalRaw && !approvalDate) issues.push(issue('approvalDate', 'date'));
  if (approvalDate && posting && compare(approvalDate, posting) > 0)
    issues.push(issue('approvalDate', 'approvalAfterPosting'));

  let removalDate: IsoDate | null = removalGiven;
  let removalDeadline: Deadline | null = null;
  if (posting) {
    if (removalGiven && compare(removalGiven, posting) < 0) {
      issues.push(issue('removalDate', 'removalBeforePosting'));
    } else if (category === 'public-notice') {
      removalDeadline = publicNoticeMinimum(posting, country);
      if (!removalGiven) removalDate = removalDeadline.due;
      else if (compare(removalGiven, removalDeadline.due) < 0)
        issues.push(issue('removalDate', 'publicNoticeTooShort'));
    } else if (!removalRaw) {
      issues.push(issue('removalDate', 'removalRequired'));
    }
  }

  return {
    value: {
      title,
      description,
      category: category as Category,
      originatorName,
      originatorIco,
      referenceNumber,
      fileNumber,
      postingDate: (posting ?? '1970-01-01') as IsoDate,
      removalDate: (removalDate ?? posting ?? '1970-01-01') as IsoDate,
      removalDeadline,
      approvalDate,
    },
    issues,
  };
}

// --- states -------------------------------------------------------------------------------------

export type NoticeAction =
  | 'edit'
  | 'attach'
  | 'detach'
  | 'delete'
  | 'schedule'
  | 'unschedule'
  | 'post'
  | 'remove';

/**
 * draft → scheduled → posted → removed. Only a draft is edited (what was posted is what the
 * certificate vouches for); a scheduled notice goes back to draft to be changed.
 */
export const TRANSITIONS: Record<NoticeAction, { from: readonly NoticeState[] }> = {
  edit: { from: ['draft'] },
  attach: { from: ['draft'] },
  detach: { from: ['draft'] },
  delete: { from: ['draft'] },
  schedule: { from: ['draft'] },
  unschedule: { from: ['scheduled'] },
  post: { from: ['scheduled'] },
  remove: { from: ['posted'] },
};

export function allows(state: NoticeState, action: NoticeAction): boolean {
  return TRANSITIONS[action].from.includes(state);
}

/** Scheduling a notice whose posting day is `postingDate` on `today`: post now, later, or refuse. */
export function scheduleOutcome(postingDate: IsoDate, today: IsoDate): 'post-now' | 'scheduled' | 'past' {
  const c = compare(postingDate, today);
  return c < 0 ? 'past' : c === 0 ? 'post-now' : 'scheduled';
}

/** The instant the notice goes up: the start of its posting day in the tenant's zone. */
export function postingMoment(postingDate: IsoDate, timeZone: string): Date {
  return startOfDayUtc(postingDate, timeZone);
}

/** The instant the notice comes down: the start of the day after its last day. */
export function removalMoment(removalDate: IsoDate, timeZone: string): Date {
  return startOfDayUtc(addDays(removalDate, 1), timeZone);
}

export type { Explanation };
