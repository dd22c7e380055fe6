import type { Generated, Transaction } from 'kysely';
import type { Migration } from '../../platform/db/migrate.js';
import { tenantRls } from '../../platform/db/platform-schema.js';
import type { TenantTx } from '../../platform/db/tenant.js';
import type { DispatchMethod, DispatchState } from './domain/dispatch.js';
import type { OwnState } from './domain/own.js';
import type { FDB } from './files-schema.js';
import type { Timestamp } from './schema.js';

const DATE = `~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'`;

/**
 * Own documents and their dispatch (migrations `records-own-…`, appended after the files
 * migrations in index.ts). The document itself is a `records_document` row with direction 'own'
 * (PID and číslo jednací from its creation); these tables add:
 * - records_own_document: the approval state, the incoming document it answers, who asked and decided;
 * - records_own_recipient: its recipients, from the register of persons;
 * - records_component_version: every uploaded version of a component (`records_component` holds
 *   the current one, so the document page and downloads show what is valid now);
 * - records_dispatch: one dispatch (vypravení) of the document to one recipient by one method.
 */
export const ownMigrations: Migration[] = [
  {
    id: 'records-own-0001',
    sql: `
    CREATE TABLE records_own_document (
      document_id uuid PRIMARY KEY REFERENCES records_document(id),
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      state text NOT NULL CHECK (state IN ('draft','submitted','returned','final')),
      answers_document_id uuid REFERENCES records_document(id),
      created_by uuid REFERENCES app_user(id),
      submitted_at timestamptz,
      submitted_by uuid REFERENCES app_user(id),
      decided_at timestamptz,
      decided_by uuid REFERENCES app_user(id),
      return_reason text CHECK (length(return_reason) <= 1000),
      CHECK ((state = 'returned') = (return_reason IS NOT NULL)),
      CHECK (state <> 'final' OR decided_at IS NOT NULL)
    );
    CREATE INDEX records_own_document_state ON records_own_document (tenant_id, state);
    ${tenantRls('records_own_document')}

    CREATE TABLE records_own_recipient (
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      document_id uuid NOT NULL REFERENCES records_own_document(document_id),
      person_id uuid NOT NULL REFERENCES records_person(id),
      position integer NOT NULL CHECK (position >= 1),
      PRIMARY KEY (document_id, person_id)
    );
    ${tenantRls('records_own_recipient')}

    CREATE TABLE records_component_version (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      component_id uuid NOT NULL REFERENCES records_component(id),
      version integer NOT NULL CHECK (version >= 1),
      blob_id uuid NOT NULL REFERENCES blob(id),
      filename text NOT NULL,
      mime text NOT NULL,
      size bigint NOT NULL,
      created_at timestamptz NOT NULL,
      created_by uuid REFERENCES app_user(id),
      UNIQUE (component_id, version)
    );
    ${tenantRls('records_component_version')}

    CREATE TABLE records_dispatch (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      document_id uuid NOT NULL REFERENCES records_own_document(document_id),
      recipient_id uuid NOT NULL REFERENCES records_person(id),
      method text NOT NULL CHECK (method IN ('post','email','databox','in_person')),
      state text NOT NULL CHECK (state IN ('prepared','handed_over','sent','delivered','undeliverable')),
      -- the address as it was when the dispatch was prepared (postal address, e-mail, data-box ID, name)
      address text NOT NULL CHECK (length(address) BETWEEN 1 AND 500),
      envelope_blob_id uuid REFERENCES blob(id),
      prepared_at timestamptz NOT NULL,
      prepared_by uuid REFERENCES app_user(id),
      handed_over_at timestamptz,
      handed_over_by uuid REFERENCES app_user(id),
      sent_on text CHECK (sent_on ${DATE}),
      sent_at timestamptz,
      delivered_on text CHECK (delivered_on ${DATE}),
      undeliverable_on text CHECK (undeliverable_on ${DATE}),
      undeliverable_reason text CHECK (length(undeliverable_reason) <= 1000),
      outcome_by uuid REFERENCES app_user(id),
      email_message_id text CHECK (length(email_message_id) <= 998),
      send_round integer NOT NULL DEFAULT 0,
      send_requested_at timestamptz,
      send_attempts integer NOT NULL DEFAULT 0,
      last_error text CHECK (length(last_error) <= 2000),
      CHECK (state IN ('prepared','handed_over') OR sent_on IS NOT NULL),
      CHECK ((state = 'delivered') = (delivered_on IS NOT NULL)),
      CHECK ((state = 'undeliverable') = (undeliverable_on IS NOT NULL))
    );
    CREATE INDEX records_dispatch_state ON records_dispatch (tenant_id, state, method);
    CREATE INDEX records_dispatch_document ON records_dispatch (tenant_id, document_id);
    ${tenantRls('records_dispatch')}
    `,
  },
];

export interface RecordsOwnDocumentTable {
  document_id: string;
  tenant_id: string;
  state: OwnState;
  answers_document_id: string | null;
  created_by: string | null;
  submitted_at: Timestamp | null;
  submitted_by: string | null;
  decided_at: Timestamp | null;
  decided_by: string | null;
  return_reason: string | null;
}

export interface RecordsOwnRecipientTable {
  tenant_id: string;
  document_id: string;
  person_id: string;
  position: number;
}

export interface RecordsComponentVersionTable {
  id: string;
  tenant_id: string;
  component_id: string;
  version: number;
  blob_id: string;
  filename: string;
  mime: string;
  size: number;
  created_at: Timestamp;
  created_by: string | null;
}

export interface RecordsDispatchTable {
  id: string;
  tenant_id: string;
  document_id: string;
  recipient_id: string;
  method: DispatchMethod;
  state: DispatchState;
  address: string;
  envelope_blob_id: string | null;
  prepared_at: Timestamp;
  prepared_by: string | null;
  handed_over_at: Timestamp | null;
  handed_over_by: string | null;
  sent_on: string | null;
  sent_at: Timestamp | null;
  delivered_on: string | null;
  undeliverable_on: string | null;
  undeliverable_reason: string | null;
  outcome_by: string | null;
  email_message_id: string | null;
  send_round: Generated<number>;
  send_requested_at: Timestamp | null;
  send_attempts: Generated<number>;
  last_error: string | null;
}

export type ODB = FDB & {
  records_own_document: RecordsOwnDocumentTable;
  records_own_recipient: RecordsOwnRecipientTable;
  records_component_version: RecordsComponentVersionTable;
  records_dispatch: RecordsDispatchTable;
};

/** The tenant transaction typed with the records tables, own documents and dispatch included. */
export function otx(tx: TenantTx): Transaction<ODB> {
  return tx.trx as unknown as Transaction<ODB>;
}
