import type { Actor } from '../db/tenant.js';
import type { AppUser, Tenant } from '../db/types.js';
import type { FieldError } from '../errors.js';
import type { SignedInUser } from '../http/request-context.js';
import type { Locale } from '../i18n/index.js';

/** A field error with a stable code: the API passes it on, pages translate it (`identity:err.<code>`). */
export interface Issue extends FieldError {
  code: string;
}

/** A user account as services hand it out (never the password hash). */
export interface UserView {
  id: string;
  tenantId: string | null;
  username: string;
  displayName: string;
  email: string | null;
  roles: string[];
  orgUnitId: string | null;
  locale: Locale | null;
  active: boolean;
  createdAt: Date;
  passwordChangedAt: Date;
}

/** Who a request is, once the cookie or the bearer token has been checked. */
export interface Principal {
  user: SignedInUser & { locale: Locale | null };
  actor: Actor;
  /** The user's tenant (null for the operator's users). */
  tenant: Tenant | null;
  /** Set for cookie sessions only. */
  session: { id: string; csrfToken: string } | null;
  via: 'session' | 'token';
}

export function toUserView(u: AppUser): UserView {
  return {
    id: u.id,
    tenantId: u.tenant_id,
    username: u.username,
    displayName: u.display_name,
    email: u.email,
    roles: [...u.roles],
    orgUnitId: u.org_unit_id,
    locale: u.locale,
    active: u.active,
    createdAt: u.created_at,
    passwordChangedAt: u.password_changed_at,
  };
}

/** The actor a signed-in user acts as: operator accounts are the ones without a tenant. */
export function actorOf(u: {
  id: string;
  tenant_id: string | null;
  display_name: string;
  roles: string[];
}): Actor {
  return {
    userId: u.id,
    label: u.display_name,
    roles: [...u.roles],
    tenantId: u.tenant_id,
    kind: u.tenant_id === null ? 'operator' : 'user',
  };
}
