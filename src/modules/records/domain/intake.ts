/** Intake (podatelna) rules: accepted file types, identifiers, incoming metadata. Pure. */
import type { FieldError } from '../../../platform/errors.js';
import { formatNumber, TemplateError } from '../../../platform/numbering/index.js';

/** Scans of paper mail: the only component types the registry accepts from the paper channel. */
export const ACCEPTED_SCAN_TYPES: Record<string, string> = {
  'application/pdf': 'PDF',
  'image/jpeg': 'JPEG',
  'image/png': 'PNG',
  'image/tiff': 'TIFF',
};

export type FileVerdict = { ok: true } | { ok: false; problem: string };

/** Judges a file by its sniffed content type (never by its name or the client's claim). */
export function judgeScan(sniffedMime: string, filename: string): FileVerdict {
  if (Object.hasOwn(ACCEPTED_SCAN_TYPES, sniffedMime)) return { ok: true };
  return {
    ok: false,
    problem: `"${filename}" is not a PDF, JPEG, PNG or TIFF file (its content is ${sniffedMime}); it was kept but not accepted as a component.`,
  };
}

export const DELIVERY_METHODS = [
  'post',
  'in_person',
  'courier',
  'email',
  'databox',
  'internal',
  'portal',
] as const;
/** What a clerk may enter by hand: 'portal' is set only by the portal's own forms (FOI, e-forms). */
export const MANUAL_DELIVERY_METHODS = DELIVERY_METHODS.filter((m) => m !== 'portal');
export type DeliveryMethod = (typeof DELIVERY_METHODS)[number];
export const ACCESS_LEVELS = ['public', 'internal', 'restricted'] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];
export const CHANNELS = ['paper', 'email', 'databox', 'internal', 'portal'] as const;
export type Channel = (typeof CHANNELS)[number];

export const MAX_REF_NUMBER = 50;
export const DEFAULT_REF_TEMPLATE = '{seq}/{year}';

/** The tenant's reference-number template (tenant.settings.referenceNumberTemplate). */
export function refTemplate(settings: Record<string, unknown>): string {
  const t = settings.referenceNumberTemplate;
  // {seq} may carry a format ({seq:04}), as the tenant form allows.
  return typeof t === 'string' && /\{seq(:[^}]*)?\}/.test(t) ? t : DEFAULT_REF_TEMPLATE;
}

/** The reference number (číslo jednací) of the seq-th document of a year; ≤ 50 characters. */
export function formatRefNumber(template: string, seq: number, year: number): string {
  let s: string;
  try {
    s = formatNumber(template, { seq, year });
  } catch (e) {
    if (e instanceof TemplateError)
      throw new TemplateError(`The tenant's reference-number template is broken: ${e.message}`);
    throw e;
  }
  if (s.length > MAX_REF_NUMBER)
    throw new TemplateError(`Reference number "${s}" is longer than ${MAX_REF_NUMBER} characters.`);
  return s;
}

/**
 * The PID prefix: tenant.settings.pidPrefix, else the leading letters of the reference-number
 * template (MUHL/{seq}/{year} → MUHL), else the slug in capitals.
 */
export function pidPrefix(settings: Record<string, unknown>, slug: string): string {
  const explicit = settings.pidPrefix;
  if (typeof explicit === 'string' && /^[A-Z0-9]{1,20}$/.test(explicit)) return explicit;
  const lead = /^([A-Za-z0-9]{1,20})[^A-Za-z0-9{]/.exec(refTemplate(settings));
  if (lead) return lead[1]!.toUpperCase();
  return (
    slug
      .replace(/[^a-z0-9]/g, '')
      .toUpperCase()
      .slice(0, 20) || 'DOC'
  );
}

/** A PID: prefix + 8-digit sequence, permanent and unique within the tenant. */
export function formatPid(prefix: string, seq: number): string {
  return `${prefix}${String(seq).padStart(8, '0')}`;
}

const ICO_RE = /^[0-9]{8}$/;
const DATABOX_RE = /^[a-z0-9]{7}$/;

/** The Czech IČO check digit (mod 11). */
export function isValidIco(ico: string): boolean {
  if (!ICO_RE.test(ico)) return false;
  const digits = [...ico].map(Number);
  const sum = digits.slice(0, 7).reduce((acc, d, i) => acc + d * (8 - i), 0);
  const check = (11 - (sum % 11)) % 10;
  return check === digits[7];
}

export interface PersonInput {
  kind?: string;
  name?: string;
  ico?: string | null;
  databoxId?: string | null;
  address?: string | null;
  email?: string | null;
}

export interface CleanPerson {
  kind: 'natural' | 'legal';
  name: string;
  ico: string | null;
  databoxId: string | null;
  address: string | null;
  email: string | null;
}

export function checkPerson(
  p: PersonInput,
  prefix = 'sender',
): { value: CleanPerson | null; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const kind = p.kind === 'legal' ? 'legal' : p.kind === 'natural' || p.kind === undefined ? 'natural' : null;
  if (!kind) errors.push({ field: `${prefix}.kind`, message: 'A person is natural or legal.' });
  const name = (p.name ?? '').trim();
  if (!name || name.length > 255)
    errors.push({ field: `${prefix}.name`, message: 'The name is required (at most 255 characters).' });
  const ico = (p.ico ?? '').replace(/\s/g, '') || null;
  if (ico && !isValidIco(ico))
    errors.push({
      field: `${prefix}.ico`,
      message: 'This is not a valid IČO (8 digits with a check digit).',
    });
  const databoxId = (p.databoxId ?? '').trim().toLowerCase() || null;
  if (databoxId && !DATABOX_RE.test(databoxId))
    errors.push({ field: `${prefix}.databoxId`, message: 'A data-box ID has 7 letters or digits.' });
  const address = (p.address ?? '').trim() || null;
  if (address && address.length > 500)
    errors.push({ field: `${prefix}.address`, message: 'At most 500 characters.' });
  const email = (p.email ?? '').trim() || null;
  if (email && (email.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)))
    errors.push({ field: `${prefix}.email`, message: 'This is not an e-mail address.' });
  if (errors.length) return { value: null, errors };
  return { value: { kind: kind!, name, ico, databoxId, address, email }, errors };
}

export interface IncomingMetaInput {
  subject?: string;
  senderRef?: string | null;
  deliveredAt?: string | Date;
  deliveryMethod?: string;
  sheets?: number | string | null;
  attachments?: number | string | null;
  attachmentNote?: string | null;
  accessLevel?: string;
}

export interface IncomingMeta {
  subject: string;
  senderRef: string | null;
  deliveredAt: Date;
  deliveryMethod: DeliveryMethod;
  sheets: number | null;
  attachments: number | null;
  attachmentNote: string | null;
  accessLevel: AccessLevel;
}

const count = (v: unknown): number | null | 'bad' => {
  if (v === null || v === undefined || v === '') return null;
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isInteger(n) && n >= 0 && n <= 100000 ? n : 'bad';
};

/** Checks the metadata of an incoming document; `now` bounds the delivery time (not in the future). */
export function checkIncoming(
  input: IncomingMetaInput,
  now: Date,
): { value: IncomingMeta | null; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const subject = (input.subject ?? '').trim();
  if (!subject) errors.push({ field: 'subject', message: 'The subject (věc) is required.' });
  else if (subject.length > 255) errors.push({ field: 'subject', message: 'At most 255 characters.' });
  const senderRef = (input.senderRef ?? '').trim() || null;
  if (senderRef && senderRef.length > 50)
    errors.push({ field: 'senderRef', message: 'At most 50 characters.' });
  const deliveredAt =
    input.deliveredAt instanceof Date
      ? input.deliveredAt
      : input.deliveredAt
        ? new Date(input.deliveredAt)
        : now;
  if (Number.isNaN(deliveredAt.getTime()))
    errors.push({ field: 'deliveredAt', message: 'Not a date and time.' });
  else if (deliveredAt.getTime() > now.getTime() + 5 * 60_000)
    errors.push({ field: 'deliveredAt', message: 'The delivery time cannot be in the future.' });
  const deliveryMethod = input.deliveryMethod ?? 'post';
  if (!(DELIVERY_METHODS as readonly string[]).includes(deliveryMethod))
    errors.push({ field: 'deliveryMethod', message: 'Unknown delivery method.' });
  const sheets = count(input.sheets);
  if (sheets === 'bad') errors.push({ field: 'sheets', message: 'A whole number of sheets, 0 or more.' });
  const attachments = count(input.attachments);
  if (attachments === 'bad')
    errors.push({ field: 'attachments', message: 'A whole number of attachments, 0 or more.' });
  const attachmentNote = (input.attachmentNote ?? '').trim() || null;
  if (attachmentNote && attachmentNote.length > 255)
    errors.push({ field: 'attachmentNote', message: 'At most 255 characters.' });
  const accessLevel = input.accessLevel ?? 'internal';
  if (!(ACCESS_LEVELS as readonly string[]).includes(accessLevel))
    errors.push({ field: 'accessLevel', message: 'Unknown access level.' });
  if (errors.length) return { value: null, errors };
  return {
    value: {
      subject,
      senderRef,
      deliveredAt,
      deliveryMethod: deliveryMethod as DeliveryMethod,
      sheets: sheets as number | null,
      attachments: attachments as number | null,
      attachmentNote,
      accessLevel: accessLevel as AccessLevel,
    },
    errors,
  };
}

export const MAX_SEARCH_TEXT = 200_000;

/** The text a document is found by: its metadata and the text of its components. */
export function searchText(parts: (string | null | undefined)[]): string {
  return parts
    .filter((p): p is string => typeof p === 'string' && p.trim() !== '')
    .join('\n')
    .replace(/\s+/g, ' ')
    .slice(0, MAX_SEARCH_TEXT);
}

/** Words of a query, each matched as a substring (diacritics and case are folded by the database). */
export function queryTerms(q: string): string[] {
  return q
    .split(/\s+/)
    .map((w) => w.trim())
    .filter((w) => w.length > 0)
    .slice(0, 10)
    .map((w) => w.slice(0, 100));
}

/** Escapes LIKE wildcards so a query for "50%" finds "50%". */
export function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
