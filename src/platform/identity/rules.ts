/**
 * Pure rules for user accounts: values in, issues out. Services call these before they touch
 * the database; pages translate the issue codes (`identity:err.<code>`).
 */
import { isLocale, type Locale } from '../i18n/index.js';
import { isUuid } from '../ids.js';
import { isRole, OPERATOR_ROLES, type Role, TENANT_ROLES } from './policy.js';
import type { Issue } from './types.js';

export const USERNAME_RE = /^[a-z0-9._-]{2,64}$/;
const EMAIL_RE = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

/** User names are compared in lower case without surrounding spaces ("Novak " is "novak"). */
export function normalizeUsername(value: string): string {
  return value.trim().toLowerCase();
}

const MESSAGES: Record<string, string> = {
  required: 'This field is required.',
  tooLong: 'The value is too long.',
  usernameFormat: 'Use 2–64 characters: lower-case letters a–z, digits, dot, dash or underscore.',
  email: 'This is not an e-mail address.',
  unknownRole: 'Unknown role.',
  operatorRole:
    'The operator role belongs only to the hosting operator’s accounts, and they hold no other role.',
  orgUnit: 'Unknown org unit.',
  locale: 'Unknown language.',
  usernameTaken: 'This user name is already taken.',
  selfLockout: 'You cannot deactivate your own account or take away your own administrator role.',
  wrongPassword: 'The current password is not correct.',
  unknownTenant: 'No such tenant is hosted here.',
  expiry: 'Choose a validity between 1 and 3650 days, or none.',
  passwordMismatch: 'The two passwords differ.',
};

export function issue(field: string, code: string): Issue {
  return { field, code, message: MESSAGES[code] ?? code };
}

export interface UserFields {
  displayName?: string;
  email?: string | null;
  roles?: readonly string[];
  orgUnitId?: string | null;
  locale?: string | null;
}

export interface CleanUserFields {
  displayName?: string;
  email?: string | null;
  roles?: Role[];
  orgUnitId?: string | null;
  locale?: Locale | null;
}

/**
 * Checks and tidies the editable fields of an account in scope `tenantId` (null: an operator
 * account). Absent fields stay absent; empty strings mean "none" for the optional ones.
 */
export function cleanUserFields(
  input: UserFields,
  tenantId: string | null,
): { value: CleanUserFields; issues: Issue[] } {
  const issues: Issue[] = [];
  const value: CleanUserFields = {};
  if (input.displayName !== undefined) {
    const name = input.displayName.trim();
    if (!name) issues.push(issue('displayName', 'required'));
    else if (name.length > 200) issues.push(issue('displayName', 'tooLong'));
    value.displayName = name;
  }
  if (input.email !== undefined) {
    const email = input.email?.trim() || null;
    if (email && (email.length > 254 || !EMAIL_RE.test(email))) issues.push(issue('email', 'email'));
    value.email = email;
  }
  if (input.roles !== undefined) {
    const roles = [...new Set(input.roles)];
    const allowed = tenantId === null ? OPERATOR_ROLES : TENANT_ROLES;
    if (roles.some((r) => !isRole(r))) issues.push(issue('roles', 'unknownRole'));
    else if (roles.some((r) => !allowed.includes(r as Role))) issues.push(issue('roles', 'operatorRole'));
    value.roles = roles.filter(isRole);
  }
  if (input.orgUnitId !== undefined) {
    const id = input.orgUnitId || null;
    if (id && (tenantId === null || !isUuid(id))) issues.push(issue('orgUnitId', 'orgUnit'));
    value.orgUnitId = id;
  }
  if (input.locale !== undefined) {
    const locale = input.locale || null;
    if (locale !== null && !isLocale(locale)) issues.push(issue('locale', 'locale'));
    value.locale = isLocale(locale) ? locale : null;
  }
  return { value, issues };
}

export function checkUsername(raw: string): { username: string; issues: Issue[] } {
  const username = normalizeUsername(raw);
  if (!username) return { username, issues: [issue('username', 'required')] };
  return { username, issues: USERNAME_RE.test(username) ? [] : [issue('username', 'usernameFormat')] };
}
