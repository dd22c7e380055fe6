import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, T | string | undefined, T | string>;

export interface Address {
  street?: string;
  city?: string;
  postcode?: string;
  country?: string;
}
export interface Contacts {
  email?: string;
  phone?: string;
  web?: string;
}
export interface OfficeHours {
  days: string;
  hours: string;
}

export interface TenantTable {
  id: string;
  slug: string;
  kind: string;
  name: string;
  ico: string | null;
  databox_id: string | null;
  country: 'CZ' | 'PL';
  time_zone: string;
  locale: 'cs' | 'en' | 'pl';
  address: Json<Address>;
  contacts: Json<Contacts>;
  office_hours: Json<OfficeHours[]>;
  settings: Json<Record<string, unknown>>;
  parent_id: string | null;
  active: Generated<boolean>;
  created_at: Generated<Date>;
}

export interface OrgUnitTable {
  id: string;
  tenant_id: string;
  parent_id: string | null;
  code: string;
  name: string;
  is_records_point: Generated<boolean>;
  active: Generated<boolean>;
  created_at: Generated<Date>;
}

export interface AppUserTable {
  id: string;
  tenant_id: string | null;
  username: string;
  display_name: string;
  email: string | null;
  password_hash: string;
  roles: string[];
  org_unit_id: string | null;
  locale: 'cs' | 'en' | 'pl' | null;
  active: Generated<boolean>;
  password_changed_at: Generated<Date>;
  created_at: Generated<Date>;
}

export interface SessionTable {
  id: string;
  tenant_id: string | null;
  user_id: string;
  token_hash: string;
  csrf_token: string;
  created_at: Generated<Date>;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  ip: string | null;
  user_agent: string | null;
}

export interface ApiTokenTable {
  id: string;
  tenant_id: string | null;
  user_id: string;
  name: string;
  token_hash: string;
  prefix: string;
  created_at: Generated<Date>;
  last_used_at: Timestamp | null;
  expires_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface LoginThrottleTable {
  tenant_id: string | null;
  username: string;
  failures: number;
  window_started_at: Timestamp;
  locked_until: Timestamp | null;
}

export interface AuditEventTable {
  tenant_id: string;
  seq: number;
  at: Timestamp;
  actor_id: string | null;
  actor_label: string;
  event_type: string;
  object_type: string;
  object_id: string | null;
  params: Json<Record<string, unknown>>;
  prev_hash: string;
  hash: string;
}

export interface AuditHeadTable {
  tenant_id: string;
  seq: number;
  hash: string;
}

export interface NumberSeriesTable {
  tenant_id: string;
  series: string;
  year: number;
  last_value: number;
}

export interface BlobTable {
  id: string;
  tenant_id: string;
  sha256: string;
  size: number;
  mime: string;
  filename: string;
  created_at: Generated<Date>;
  created_by: string | null;
}

export interface JobTable {
  id: string;
  name: string;
  tenant_id: string | null;
  payload: Json<Record<string, unknown>>;
  run_at: Timestamp;
  state: Generated<'queued' | 'running' | 'done' | 'failed'>;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  last_error: string | null;
  singleton_key: string | null;
  locked_at: Timestamp | null;
  created_at: Generated<Date>;
  finished_at: Timestamp | null;
}

/** Platform tables. Modules declare their own table interfaces and extend this one. */
export interface DB {
  tenant: TenantTable;
  org_unit: OrgUnitTable;
  app_user: AppUserTable;
  session: SessionTable;
  api_token: ApiTokenTable;
  login_throttle: LoginThrottleTable;
  audit_event: AuditEventTable;
  audit_head: AuditHeadTable;
  number_series: NumberSeriesTable;
  blob: BlobTable;
  job: JobTable;
}

export type Tenant = Selectable<TenantTable>;
export type NewTenant = Insertable<TenantTable>;
export type OrgUnit = Selectable<OrgUnitTable>;
export type AppUser = Selectable<AppUserTable>;
