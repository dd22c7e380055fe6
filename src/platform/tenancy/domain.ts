/**
 * Pure rules of the tenant register and the org-unit tree: values in, values (or issues) out.
 * No I/O; the services call these before they touch the database.
 */
import type { FieldError } from '../errors.js';
import { LOCALES, type Locale } from '../i18n/index.js';
import { validateTemplate } from '../numbering/format.js';

export const TENANT_KINDS = [
  'municipality',
  'town',
  'statutory_city',
  'orp',
  'region',
  'school',
  'association',
  'other',
] as const;
export type TenantKind = (typeof TENANT_KINDS)[number];

export const TENANT_COUNTRIES = ['CZ', 'PL'] as const;
export type TenantCountry = (typeof TENANT_COUNTRIES)[number];

export const DEFAULT_TIME_ZONE: Record<TenantCountry, string> = { CZ: 'Europe/Prague', PL: 'Europe/Warsaw' };
export const DEFAULT_LOCALE_OF: Record<TenantCountry, Locale> = { CZ: 'cs', PL: 'pl' };

/** A field error with a stable code: the API passes it on, pages translate it (`tenancy:err.<code>`). */
export interface Issue extends FieldError {
  code: IssueCode;
}

export type IssueCode =
  | 'required'
  | 'tooLong'
  | 'slugFormat'
  | 'slugReserved'
  | 'kind'
  | 'country'
  | 'locale'
  | 'timeZone'
  | 'ico'
  | 'regon'
  | 'databox'
  | 'databoxCountry'
  | 'email'
  | 'phone'
  | 'web'
  | 'postcode'
  | 'officeHoursRow'
  | 'officeHoursTooMany'
  | 'template'
  | 'parentSelf'
  | 'parentCycle'
  | 'parentUnknown'
  | 'parentInactive'
  | 'codeFormat'
  | 'codeTaken'
  | 'slugTaken'
  | 'hasActiveChildren';

/** English messages for API clients; pages show the translation of `code` instead. */
const MESSAGES: Record<IssueCode, string> = {
  required: 'This value is required.',
  tooLong: 'This value is too long.',
  slugFormat: 'Use 2–50 lowercase letters a–z, digits and single hyphens inside (e.g. "dolni-lhota").',
  slugReserved: 'This address is used by the application itself.',
  kind: `Use one of: ${TENANT_KINDS.join(', ')}.`,
  country: 'Use CZ or PL.',
  locale: `Use one of: ${LOCALES.join(', ')}.`,
  timeZone: 'Use an IANA time zone such as Europe/Prague.',
  ico: 'An IČO has 8 digits and a valid check digit.',
  regon: 'A REGON has 9 or 14 digits and valid check digits.',
  databox: 'A data-box ID has 7 characters a–z and 0–9.',
  databoxCountry: 'Data boxes (ISDS) exist only for Czech tenants.',
  email: 'This is not a valid e-mail address.',
  phone: 'Use digits, spaces and an optional leading +, 6 to 30 characters.',
  web: 'Use a full address starting with https:// or http://.',
  postcode: 'The postcode does not have the format of the tenant’s country (CZ: 748 01, PL: 00-950).',
  officeHoursRow: 'Fill in both the days and the hours.',
  officeHoursTooMany: 'At most 14 rows of office hours.',
  template: 'The template is not valid.',
  parentSelf: 'An object cannot be its own parent.',
  parentCycle: 'This parent lies below the object itself; the tree would form a cycle.',
  parentUnknown: 'The parent does not exist.',
  parentInactive: 'The parent is deactivated.',
  codeFormat: 'Use 1–20 letters, digits and . _ / - without spaces.',
  codeTaken: 'Another unit already has this code.',
  slugTaken: 'Another tenant already has this address.',
  hasActiveChildren: 'Deactivate or move its active sub-units first.',
};

export function issue(field: string, code: IssueCode, detail?: string): Issue {
  return { field, code, message: detail ? `${MESSAGES[code]} ${detail}` : MESSAGES[code] };
}

// ---------------------------------------------------------------------------------------------
// Identifiers

const SLUG_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export function slugIssue(slug: string, reserved: readonly string[]): IssueCode | null {
  if (slug.length < 2 || slug.length > 50 || !SLUG_RE.test(slug)) return 'slugFormat';
  if (reserved.includes(slug)) return 'slugReserved';
  return null;
}

/** Removes the spaces people type inside numbers ("003 00 063"). */
export function compactDigits(value: string): string {
  return value.replace(/[\s\u00a0]/g, '');
}

/**
 * Czech IČO: 8 digits, the last is a mod-11 check digit over the first 7 with weights 8…2
 * (remainder 0 → 1, remainder 1 → 0, otherwise 11 − remainder).
 */
export function isValidIco(ico: string): boolean {
  if (!/^[0-9]{8}$/.test(ico)) return false;
  let sum = 0;
  for (let i = 0; i < 7; i++) sum += Number(ico[i]) * (8 - i);
  const rem = sum % 11;
  const check = rem === 0 ? 1 : rem === 1 ? 0 : 11 - rem;
  return check === Number(ico[7]);
}

function mod11(digits: string, weights: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += Number(digits[i]) * weights[i]!;
  const rem = sum % 11;
  return rem === 10 ? 0 : rem;
}

/**
 * Polish REGON, the statistical identifier that plays the role of the Czech IČO: 9 digits
 * (weights 8 9 2 3 4 5 6 7) or 14 digits for a local unit (weights 2 4 8 5 0 9 7 3 6 1 2 4 8,
 * whose first 9 digits are themselves a valid REGON). Remainder 10 counts as 0.
 */
export function isValidRegon(regon: string): boolean {
  if (/^[0-9]{9}$/.test(regon)) return mod11(regon, [8, 9, 2, 3, 4, 5, 6, 7]) === Number(regon[8]);
  if (/^[0-9]{14}$/.test(regon)) {
    return (
      isValidRegon(regon.slice(0, 9)) &&
      mod11(regon, [2, 4, 8, 5, 0, 9, 7, 3, 6, 1, 2, 4, 8]) === Number(regon[13])
    );
  }
  return false;
}

/** The registry number a tenant of this country shows: IČO (CZ) or REGON (PL). */
export function isValidRegistryNumber(country: TenantCountry, value: string): boolean {
  return country === 'CZ' ? isValidIco(value) : isValidRegon(value);
}

export function isValidDataboxId(id: string): boolean {
  return /^[a-z0-9]{7}$/.test(id);
}

/** Intl knows the IANA database; returns the canonical spelling or null. */
export function canonicalTimeZone(tz: string): string | null {
  if (!tz || !/^[A-Za-z0-9_+\-/]+$/.test(tz)) return null;
  try {
    return new Intl.DateTimeFormat('en', { timeZone: tz }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// Contacts

const EMAIL_RE = /^[^\s@<>()[\]"',;:\\]+@[^\s@<>()[\]"',;:\\]+\.[^\s@<>()[\]"',;:\\]{2,}$/;

export function isValidEmail(email: string): boolean {
  return email.length <= 254 && EMAIL_RE.test(email);
}

export function isValidPhone(phone: string): boolean {
  return /^\+?[0-9][0-9 ()/-]{4,28}[0-9]$/.test(phone);
}

/** Only http(s): the value ends up in an href, where `javascript:` would run. */
export function isValidWebUrl(web: string): boolean {
  if (web.length > 300) return false;
  try {
    const u = new URL(web);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.hostname.includes('.');
  } catch {
    return false;
  }
}

/** `tel:` link target: digits and a leading +. */
export function telHref(phone: string): string {
  return `tel:${phone.replace(/[^0-9+]/g, '')}`;
}

export function isValidPostcode(country: TenantCountry, postcode: string): boolean {
  return country === 'CZ' ? /^[0-9]{3} ?[0-9]{2}$/.test(postcode) : /^[0-9]{2}-[0-9]{3}$/.test(postcode);
}

// ---------------------------------------------------------------------------------------------
// The tenant record

export interface AddressInput {
  street?: string | null | undefined;
  city?: string | null | undefined;
  postcode?: string | null | undefined;
}
export interface ContactsInput {
  email?: string | null | undefined;
  phone?: string | null | undefined;
  web?: string | null | undefined;
}
export interface OfficeHoursInput {
  days: string;
  hours: string;
}
export interface TenantSettings {
  /**
   * Reference-number (číslo jednací) template, e.g. `MUHL/{seq}/{year}`; placeholders
   * {seq}, {year} and {unit} (the org unit's code). Records uses it; ≤ 50 characters.
   */
  referenceNumberTemplate?: string | null;
  /**
   * Address of the electronic registry (elektronická podatelna): messages the SMTP intake takes
   * for it are registered for this tenant. Unique across tenants by convention of the operator.
   */
  intakeEmail?: string | null;
}

export const REFERENCE_TEMPLATE_PLACEHOLDERS = ['seq', 'year', 'unit'] as const;

/** Everything a tenant record holds, as the services accept it. */
export interface TenantFields {
  slug: string;
  kind: string;
  name: string;
  /** IČO for CZ tenants, REGON for PL tenants. */
  ico?: string | null | undefined;
  databoxId?: string | null | undefined;
  country: string;
  timeZone?: string | null | undefined;
  locale?: string | null | undefined;
  address?: AddressInput | null | undefined;
  contacts?: ContactsInput | null | undefined;
  officeHours?: OfficeHoursInput[] | null | undefined;
  settings?: TenantSettings | null | undefined;
  parentId?: string | null | undefined;
}

/** A validated, normalised tenant record (empty strings become absent). */
export interface CleanTenant {
  slug: string;
  kind: TenantKind;
  name: string;
  ico: string | null;
  databoxId: string | null;
  country: TenantCountry;
  timeZone: string;
  locale: Locale;
  address: { street?: string; city?: string; postcode?: string };
  contacts: { email?: string; phone?: string; web?: string };
  officeHours: OfficeHoursInput[];
  settings: TenantSettings;
  parentId: string | null;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; issues: Issue[] };

function clean(v: string | null | undefined): string | undefined {
  const s = v?.trim();
  return s ? s : undefined;
}

function text(issues: Issue[], field: string, v: string | null | undefined, max: number): string | undefined {
  const s = clean(v);
  if (s !== undefined && s.length > max) issues.push(issue(field, 'tooLong', `At most ${max} characters.`));
  return s;
}

export interface TenantRuleOptions {
  reservedSlugs: readonly string[];
}

/** Checks a whole tenant record; updates merge the patch into the current record first. */
export function checkTenant(input: TenantFields, opts: TenantRuleOptions): Checked<CleanTenant> {
  const issues: Issue[] = [];

  const slug = input.slug.trim();
  const slugProblem = slugIssue(slug, opts.reservedSlugs);
  if (slugProblem) issues.push(issue('slug', slugProblem));

  const name = input.name.trim().replace(/\s+/g, ' ');
  if (!name) issues.push(issue('name', 'required'));
  else if (name.length > 200) issues.push(issue('name', 'tooLong', 'At most 200 characters.'));

  const kind = input.kind as TenantKind;
  if (!TENANT_KINDS.includes(kind)) issues.push(issue('kind', 'kind'));

  const country = input.country as TenantCountry;
  const countryOk = TENANT_COUNTRIES.includes(country);
  if (!countryOk) issues.push(issue('country', 'country'));

  const ico = input.ico ? compactDigits(input.ico) || null : null;
  if (ico && countryOk && !isValidRegistryNumber(country, ico)) {
    issues.push(issue('ico', country === 'CZ' ? 'ico' : 'regon'));
  }

  const databoxId = clean(input.databoxId)?.toLowerCase() ?? null;
  if (databoxId) {
    if (!isValidDataboxId(databoxId)) issues.push(issue('databoxId', 'databox'));
    else if (country === 'PL') issues.push(issue('databoxId', 'databoxCountry'));
  }

  let timeZone = countryOk ? DEFAULT_TIME_ZONE[country] : 'Europe/Prague';
  const tzInput = clean(input.timeZone);
  if (tzInput) {
    const tz = canonicalTimeZone(tzInput);
    if (tz) timeZone = tz;
    else issues.push(issue('timeZone', 'timeZone'));
  }

  let locale: Locale = countryOk ? DEFAULT_LOCALE_OF[country] : 'cs';
  const localeInput = clean(input.locale);
  if (localeInput) {
    if ((LOCALES as readonly string[]).includes(localeInput)) locale = localeInput as Locale;
    else issues.push(issue('locale', 'locale'));
  }

  const address: CleanTenant['address'] = {};
  const street = text(issues, 'address.street', input.address?.street, 200);
  const city = text(issues, 'address.city', input.address?.city, 200);
  const postcode = text(issues, 'address.postcode', input.address?.postcode, 10);
  if (street) address.street = street;
  if (city) address.city = city;
  if (postcode) {
    if (countryOk && !isValidPostcode(country, postcode)) issues.push(issue('address.postcode', 'postcode'));
    address.postcode = postcode;
  }

  const contacts: CleanTenant['contacts'] = {};
  const email = clean(input.contacts?.email);
  const phone = clean(input.contacts?.phone)?.replace(/\s+/g, ' ');
  const web = clean(input.contacts?.web);
  if (email) {
    if (!isValidEmail(email)) issues.push(issue('contacts.email', 'email'));
    contacts.email = email;
  }
  if (phone) {
    if (!isValidPhone(phone)) issues.push(issue('contacts.phone', 'phone'));
    contacts.phone = phone;
  }
  if (web) {
    if (!isValidWebUrl(web)) issues.push(issue('contacts.web', 'web'));
    contacts.web = web;
  }

  const officeHours: OfficeHoursInput[] = [];
  const rows = input.officeHours ?? [];
  if (rows.length > 14) issues.push(issue('officeHours', 'officeHoursTooMany'));
  rows.slice(0, 14).forEach((row, i) => {
    const days = text(issues, `officeHours.${i}.days`, row.days, 100);
    const hours = text(issues, `officeHours.${i}.hours`, row.hours, 100);
    if (!days && !hours) return;
    if (!days || !hours) issues.push(issue(`officeHours.${i}.${days ? 'hours' : 'days'}`, 'officeHoursRow'));
    else officeHours.push({ days, hours });
  });

  const settings: TenantSettings = {};
  const template = clean(input.settings?.referenceNumberTemplate);
  if (template) {
    const errors = checkReferenceTemplate(template);
    if (errors.length) issues.push(issue('settings.referenceNumberTemplate', 'template', errors.join('; ')));
    settings.referenceNumberTemplate = template;
  }
  const intakeEmail = clean(input.settings?.intakeEmail)?.toLowerCase();
  if (intakeEmail) {
    if (!isValidEmail(intakeEmail)) issues.push(issue('settings.intakeEmail', 'email'));
    settings.intakeEmail = intakeEmail;
  }

  const parentId = clean(input.parentId) ?? null;

  if (issues.length) return { ok: false, issues };
  return {
    ok: true,
    value: {
      slug,
      kind,
      name,
      ico,
      databoxId,
      country,
      timeZone,
      locale,
      address,
      contacts,
      officeHours,
      settings,
      parentId,
    },
  };
}

/** A reference number must stay within 50 characters for the largest values it can take. */
export function checkReferenceTemplate(template: string): string[] {
  return validateTemplate(template, {
    allowed: REFERENCE_TEMPLATE_PLACEHOLDERS,
    maxLength: 50,
    sample: { seq: 999_999, year: 2099, unit: 'X'.repeat(20) },
  });
}

/**
 * Who may change which field of a tenant. The operator runs the register: identity and
 * structure (address in URLs, legal name, IČO, kind, country, zone, parent, active). A tenant's
 * own admin keeps its public face current: contacts, address, office hours, data box, the
 * portal's default language and the reference-number template.
 */
export const TENANT_ADMIN_FIELDS = [
  'address',
  'contacts',
  'officeHours',
  'databoxId',
  'locale',
  'settings',
] as const satisfies readonly (keyof TenantFields)[];

export const OPERATOR_FIELDS = [
  'slug',
  'kind',
  'name',
  'ico',
  'country',
  'timeZone',
  'parentId',
  'active',
  ...TENANT_ADMIN_FIELDS,
] as const;

export type TenantPatchField = (typeof OPERATOR_FIELDS)[number];

// ---------------------------------------------------------------------------------------------
// Trees (org units; tenant parents)

/**
 * Would making `parentId` the parent of `id` close a loop? Walks up from the new parent; the
 * walk stops at a root or after visiting every node (a damaged tree cannot hang it).
 */
export function wouldCreateCycle(
  id: string,
  parentId: string | null,
  parentOf: ReadonlyMap<string, string | null>,
): boolean {
  if (parentId === null) return false;
  const seen = new Set<string>();
  let cur: string | null | undefined = parentId;
  while (cur != null && !seen.has(cur)) {
    if (cur === id) return true;
    seen.add(cur);
    cur = parentOf.get(cur);
  }
  return cur != null; // a pre-existing loop above counts as a cycle too
}

export const ORG_UNIT_CODE_RE = /^[\p{L}\p{N}._/-]{1,20}$/u;

export interface OrgUnitFields {
  code: string;
  name: string;
}

export function checkOrgUnitFields(input: OrgUnitFields): Checked<OrgUnitFields> {
  const issues: Issue[] = [];
  const code = input.code.trim();
  const name = input.name.trim().replace(/\s+/g, ' ');
  if (!code) issues.push(issue('code', 'required'));
  else if (!ORG_UNIT_CODE_RE.test(code)) issues.push(issue('code', 'codeFormat'));
  if (!name) issues.push(issue('name', 'required'));
  else if (name.length > 200) issues.push(issue('name', 'tooLong', 'At most 200 characters.'));
  return issues.length ? { ok: false, issues } : { ok: true, value: { code, name } };
}

export interface TreeNode<T> {
  item: T;
  depth: number;
  children: TreeNode<T>[];
}

/**
 * Arranges flat rows into a forest ordered by `sortKey`; rows whose parent is missing become
 * roots so nothing disappears from view.
 */
export function buildTree<T extends { id: string; parentId: string | null }>(
  rows: readonly T[],
  sortKey: (t: T) => string,
): TreeNode<T>[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const nodes = new Map(rows.map((r) => [r.id, { item: r, depth: 0, children: [] as TreeNode<T>[] }]));
  const roots: TreeNode<T>[] = [];
  for (const r of rows) {
    const node = nodes.get(r.id)!;
    const parent = r.parentId && byId.has(r.parentId) ? nodes.get(r.parentId)! : null;
    if (parent && parent !== node) parent.children.push(node);
    else roots.push(node);
  }
  const sortRec = (list: TreeNode<T>[], depth: number, seen: Set<string>) => {
    list.sort((a, b) => sortKey(a.item).localeCompare(sortKey(b.item), 'cs'));
    for (const n of list) {
      if (seen.has(n.item.id)) continue;
      seen.add(n.item.id);
      n.depth = depth;
      sortRec(n.children, depth + 1, seen);
    }
  };
  sortRec(roots, 0, new Set());
  return roots;
}

/** Depth-first order, for selects and tables. */
export function flattenTree<T>(roots: readonly TreeNode<T>[]): TreeNode<T>[] {
  const out: TreeNode<T>[] = [];
  const walk = (list: readonly TreeNode<T>[]) => {
    for (const n of list) {
      out.push(n);
      walk(n.children);
    }
  };
  walk(roots);
  return out;
}

/** Ids of a node and everything below it (a move may not target any of them). */
export function subtreeIds(id: string, parentOf: ReadonlyMap<string, string | null>): Set<string> {
  const children = new Map<string, string[]>();
  for (const [child, parent] of parentOf) {
    if (parent) children.set(parent, [...(children.get(parent) ?? []), child]);
  }
  const out = new Set<string>([id]);
  const stack = [id];
  while (stack.length) {
    for (const c of children.get(stack.pop()!) ?? []) {
      if (!out.has(c)) {
        out.add(c);
        stack.push(c);
      }
    }
  }
  return out;
}
