import type { ColumnType, Generated, Transaction } from 'kysely';
import type { Migration } from '../../platform/db/migrate.js';
import { tenantRls } from '../../platform/db/platform-schema.js';
import type { TenantTx } from '../../platform/db/tenant.js';
import type { DB } from '../../platform/db/types.js';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** Calendar dates are kept as 'YYYY-MM-DD' text (checked), so both drivers return the same value. */
type DateCol = ColumnType<string, string, string>;
type Json<T> = ColumnType<T, T | string | undefined, T | string>;

/**
 * Records tables. Every one is tenant-owned with the house RLS rule.
 * - records_plan: one row per version of the file plan (spisový plán); the current version has valid_to NULL.
 * - records_retention: retention regimes (skartační režimy) of one plan version.
 * - records_group: subject groups (věcné skupiny) of one plan version, a tree.
 */
export const recordsMigrations: Migration[] = [
  {
    id: 'records-0001-file-plan',
    sql: `
    CREATE TABLE records_plan (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      version integer NOT NULL CHECK (version >= 1),
      identifier text NOT NULL CHECK (length(identifier) BETWEEN 1 AND 50),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 500),
      valid_from text NOT NULL CHECK (valid_from ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
      valid_to text CHECK (valid_to ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (tenant_id, version)
    );
    CREATE UNIQUE INDEX records_plan_current ON records_plan (tenant_id) WHERE valid_to IS NULL;
    ${tenantRls('records_plan')}

    CREATE TABLE records_retention (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      plan_id uuid NOT NULL REFERENCES records_plan(id),
      identifier text NOT NULL CHECK (length(identifier) BETWEEN 1 AND 50),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 500),
      justification text NOT NULL CHECK (length(justification) BETWEEN 1 AND 2000),
      mark text NOT NULL CHECK (mark IN ('A','S','V')),
      period integer NOT NULL CHECK (period BETWEEN 0 AND 999),
      trigger_event text NOT NULL,
      UNIQUE (plan_id, identifier)
    );
    ${tenantRls('records_retention')}

    CREATE TABLE records_group (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      plan_id uuid NOT NULL REFERENCES records_plan(id),
      parent_id uuid REFERENCES records_group(id),
      code text NOT NULL CHECK (length(code) BETWEEN 1 AND 50),
      full_code text NOT NULL CHECK (length(full_code) BETWEEN 1 AND 255),
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
      retention_id uuid REFERENCES records_retention(id),
      numbering text NOT NULL CHECK (numbering IN ('priorace','sberny_arch')),
      opened_on text NOT NULL CHECK (opened_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
      closed_on text CHECK (closed_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
      position integer NOT NULL DEFAULT 0,
      UNIQUE (plan_id, full_code)
    );
    CREATE INDEX records_group_parent ON records_group (plan_id, parent_id);
    ${tenantRls('records_group')}
    `,
  },
  {
    id: 'records-0002-intake',
    sql: `
    -- Register of persons (senders and recipients); de-duplicated on IČO and data-box ID.
    CREATE TABLE records_person (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      kind text NOT NULL CHECK (kind IN ('natural','legal')),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
      ico text CHECK (ico ~ '^[0-9]{8}$'),
      databox_id text CHECK (databox_id ~ '^[a-z0-9]{7}$'),
      address text CHECK (length(address) <= 500),
      email text CHECK (length(email) <= 254),
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX records_person_ico ON records_person (tenant_id, ico) WHERE ico IS NOT NULL;
    CREATE UNIQUE INDEX records_person_databox ON records_person (tenant_id, databox_id) WHERE databox_id IS NOT NULL;
    ${tenantRls('records_person')}

    -- What arrived (zásilka); "needs_attention" when a file could not be accepted (kept anyway).
    CREATE TABLE records_consignment (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      channel text NOT NULL CHECK (channel IN ('paper','email','databox','internal')),
      state text NOT NULL CHECK (state IN ('registered','needs_attention')),
      problem text,
      delivered_at timestamptz NOT NULL,
      delivery_method text NOT NULL,
      sender_id uuid REFERENCES records_person(id),
      created_at timestamptz NOT NULL,
      created_by uuid
    );
    CREATE INDEX records_consignment_state ON records_consignment (tenant_id, state);
    ${tenantRls('records_consignment')}

    -- A registered document: PID and reference number (číslo jednací) unique per tenant.
    CREATE TABLE records_document (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      consignment_id uuid REFERENCES records_consignment(id),
      pid text NOT NULL CHECK (length(pid) BETWEEN 1 AND 50),
      ref_number text NOT NULL CHECK (length(ref_number) BETWEEN 1 AND 50),
      year integer NOT NULL,
      seq integer NOT NULL,
      direction text NOT NULL DEFAULT 'incoming' CHECK (direction IN ('incoming','own')),
      subject text NOT NULL CHECK (length(subject) BETWEEN 1 AND 255),
      sender_id uuid REFERENCES records_person(id),
      sender_ref text CHECK (length(sender_ref) <= 50),
      delivered_at timestamptz,
      delivery_method text,
      sheets integer CHECK (sheets >= 0),
      attachments integer CHECK (attachments >= 0),
      attachment_note text CHECK (length(attachment_note) <= 255),
      access_level text NOT NULL CHECK (access_level IN ('public','internal','restricted')),
      status text NOT NULL CHECK (status IN ('registered','assigned','accepted','returned','settled')),
      group_id uuid REFERENCES records_group(id),
      org_unit_id uuid REFERENCES org_unit(id),
      handler_id uuid REFERENCES app_user(id),
      due_date text CHECK (due_date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
      due_explanation jsonb,
      return_reason text,
      search_text text NOT NULL DEFAULT '',
      registered_at timestamptz NOT NULL,
      registered_by uuid,
      UNIQUE (tenant_id, pid),
      UNIQUE (tenant_id, ref_number),
      UNIQUE (tenant_id, year, seq)
    );
    CREATE INDEX records_document_registered ON records_document (tenant_id, registered_at DESC);
    CREATE INDEX records_document_handler ON records_document (tenant_id, handler_id, status);
    CREATE INDEX records_document_unit ON records_document (tenant_id, org_unit_id, status);
    CREATE INDEX records_document_search ON records_document
      USING gin (immutable_unaccent(lower(search_text)) gin_trgm_ops);
    ${tenantRls('records_document')}

    -- One file of a consignment (komponenta). accepted = false: kept but not usable (see problem).
    CREATE TABLE records_component (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      consignment_id uuid REFERENCES records_consignment(id),
      document_id uuid REFERENCES records_document(id),
      blob_id uuid NOT NULL REFERENCES blob(id),
      filename text NOT NULL,
      mime text NOT NULL,
      size bigint NOT NULL,
      accepted boolean NOT NULL,
      problem text,
      extracted_text text,
      created_at timestamptz NOT NULL
    );
    CREATE INDEX records_component_document ON records_component (tenant_id, document_id);
    ${tenantRls('records_component')}
    `,
  },
  {
    // Submissions of the portal's own forms (FOI requests, later e-forms) are registered as
    // consignments of their own channel, so the journal tells them from e-mail.
    id: 'records-0003-portal-channel',
    sql: `
    ALTER TABLE records_consignment DROP CONSTRAINT records_consignment_channel_check;
    ALTER TABLE records_consignment ADD CONSTRAINT records_consignment_channel_check
      CHECK (channel IN ('paper','email','databox','internal','portal'));
    `,
  },
  {
    // E-mail intake. Named apart from the numbered series, which the files slice continues.
    id: 'records-email-0001',
    sql: `
    ALTER TABLE records_consignment ADD COLUMN message_id text CHECK (length(message_id) <= 998);
    ALTER TABLE records_consignment ADD COLUMN original_blob_id uuid REFERENCES blob(id);
    CREATE UNIQUE INDEX records_consignment_message_id ON records_consignment (tenant_id, message_id)
      WHERE message_id IS NOT NULL;
    `,
  },
  {
    id: 'records-zfo-0001',
    sql: `
    ALTER TABLE records_consignment ADD COLUMN dm_id text CHECK (length(dm_id) <= 20);
    ALTER TABLE records_consignment ADD COLUMN signature_valid boolean;
    CREATE UNIQUE INDEX records_consignment_dm_id ON records_consignment (tenant_id, dm_id) WHERE dm_id IS NOT NULL;
    `,
  },
];

export interface RecordsPlanTable {
  id: string;
  tenant_id: string;
  version: number;
  identifier: string;
  name: string;
  valid_from: DateCol;
  valid_to: DateCol | null;
  created_at: Generated<Date>;
}

export interface RecordsRetentionTable {
  id: string;
  tenant_id: string;
  plan_id: string;
  identifier: string;
  name: string;
  justification: string;
  mark: 'A' | 'S' | 'V';
  period: number;
  trigger_event: string;
}

export interface RecordsGroupTable {
  id: string;
  tenant_id: string;
  plan_id: string;
  parent_id: string | null;
  code: string;
  full_code: string;
  title: string;
  retention_id: string | null;
  numbering: 'priorace' | 'sberny_arch';
  opened_on: DateCol;
  closed_on: DateCol | null;
  position: Generated<number>;
}

export interface RecordsPersonTable {
  id: string;
  tenant_id: string;
  kind: 'natural' | 'legal';
  name: string;
  ico: string | null;
  databox_id: string | null;
  address: string | null;
  email: string | null;
  created_at: Generated<Date>;
}

export interface RecordsConsignmentTable {
  id: string;
  tenant_id: string;
  channel: 'paper' | 'email' | 'databox' | 'internal' | 'portal';
  state: 'registered' | 'needs_attention';
  problem: string | null;
  delivered_at: Timestamp;
  delivery_method: string;
  sender_id: string | null;
  created_at: Timestamp;
  created_by: string | null;
  /** E-mail intake: the message's Message-ID (unique per tenant) and the original .eml blob. */
  message_id: string | null;
  original_blob_id: string | null;
  /** Data-message intake: the ISDS message ID (unique per tenant) and whether its signature verified. */
  dm_id: string | null;
  signature_valid: boolean | null;
}

export type DocumentStatus = 'registered' | 'assigned' | 'accepted' | 'returned' | 'settled';

export interface RecordsDocumentTable {
  id: string;
  tenant_id: string;
  consignment_id: string | null;
  pid: string;
  ref_number: string;
  year: number;
  seq: number;
  direction: Generated<'incoming' | 'own'>;
  subject: string;
  sender_id: string | null;
  sender_ref: string | null;
  delivered_at: Timestamp | null;
  delivery_method: string | null;
  sheets: number | null;
  attachments: number | null;
  attachment_note: string | null;
  access_level: 'public' | 'internal' | 'restricted';
  status: DocumentStatus;
  group_id: string | null;
  org_unit_id: string | null;
  handler_id: string | null;
  due_date: string | null;
  due_explanation: Json<unknown> | null;
  return_reason: string | null;
  search_text: Generated<string>;
  registered_at: Timestamp;
  registered_by: string | null;
}

export interface RecordsComponentTable {
  id: string;
  tenant_id: string;
  consignment_id: string | null;
  document_id: string | null;
  blob_id: string;
  filename: string;
  mime: string;
  size: number;
  accepted: boolean;
  problem: string | null;
  extracted_text: string | null;
  created_at: Timestamp;
}

export interface RecordsTables {
  records_person: RecordsPersonTable;
  records_consignment: RecordsConsignmentTable;
  records_document: RecordsDocumentTable;
  records_component: RecordsComponentTable;
  records_plan: RecordsPlanTable;
  records_retention: RecordsRetentionTable;
  records_group: RecordsGroupTable;
  /** Word index of search_text (search-schema.ts), filled by a trigger. */
  records_search_term: { tenant_id: string; term: string; document_id: string };
}

export type RDB = DB & RecordsTables;

/** The tenant transaction typed with the records tables (the kernel's DB type knows only its own). */
export function rtx(tx: TenantTx): Transaction<RDB> {
  return tx.trx as unknown as Transaction<RDB>;
}

export type { Json, Timestamp };
