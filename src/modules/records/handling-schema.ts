import type { Transaction } from 'kysely';
import type { Migration } from '../../platform/db/migrate.js';
import { tenantRls } from '../../platform/db/platform-schema.js';
import type { TenantTx } from '../../platform/db/tenant.js';
import type { ODB } from './own-schema.js';
import type { DocumentStatus, Timestamp } from './schema.js';

const DATE = `~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'`;

/**
 * Forwarding and stand-ins (migrations `records-handling-…`, appended after the other records
 * migrations in index.ts):
 * - records_forwarding: one předání of a document from its handler / unit to another, with the
 *   note (the document page shows the last one; an own document goes back to the one who forwarded
 *   it when the new handler returns it);
 * - records_delegation: a stand-in (zastupování) — the delegate handles the delegator's documents
 *   and files on the days from … to (inclusive, the tenant's zone) unless ended early (revoked).
 */
export const handlingMigrations: Migration[] = [
  {
    id: 'records-handling-0001-forward-delegation',
    sql: `
    CREATE TABLE records_forwarding (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      document_id uuid NOT NULL REFERENCES records_document(id),
      from_status text NOT NULL,
      from_handler_id uuid REFERENCES app_user(id),
      from_org_unit_id uuid REFERENCES org_unit(id),
      to_handler_id uuid REFERENCES app_user(id),
      to_org_unit_id uuid NOT NULL REFERENCES org_unit(id),
      note text CHECK (length(note) <= 1000),
      forwarded_by uuid REFERENCES app_user(id),
      forwarded_at timestamptz NOT NULL
    );
    CREATE INDEX records_forwarding_document ON records_forwarding (document_id, forwarded_at);
    ${tenantRls('records_forwarding')}

    CREATE TABLE records_delegation (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      delegator_id uuid NOT NULL REFERENCES app_user(id),
      delegate_id uuid NOT NULL REFERENCES app_user(id),
      valid_from text NOT NULL CHECK (valid_from ${DATE}),
      valid_to text NOT NULL CHECK (valid_to ${DATE}),
      note text CHECK (length(note) <= 1000),
      created_by uuid REFERENCES app_user(id),
      created_at timestamptz NOT NULL,
      revoked_at timestamptz,
      revoked_by uuid REFERENCES app_user(id),
      CHECK (delegator_id <> delegate_id),
      CHECK (valid_from <= valid_to)
    );
    CREATE INDEX records_delegation_delegate ON records_delegation (tenant_id, delegate_id, valid_to)
      WHERE revoked_at IS NULL;
    CREATE INDEX records_delegation_delegator ON records_delegation (tenant_id, delegator_id);
    ${tenantRls('records_delegation')}
    `,
  },
];

export interface RecordsForwardingTable {
  id: string;
  tenant_id: string;
  document_id: string;
  from_status: DocumentStatus;
  from_handler_id: string | null;
  from_org_unit_id: string | null;
  to_handler_id: string | null;
  to_org_unit_id: string;
  note: string | null;
  forwarded_by: string | null;
  forwarded_at: Timestamp;
}

export interface RecordsDelegationTable {
  id: string;
  tenant_id: string;
  delegator_id: string;
  delegate_id: string;
  valid_from: string;
  valid_to: string;
  note: string | null;
  created_by: string | null;
  created_at: Timestamp;
  revoked_at: Timestamp | null;
  revoked_by: string | null;
}

export type HDB = ODB & {
  records_forwarding: RecordsForwardingTable;
  records_delegation: RecordsDelegationTable;
};

/** The tenant transaction typed with the records tables, forwarding and stand-ins included. */
export function htx(tx: TenantTx): Transaction<HDB> {
  return tx.trx as unknown as Transaction<HDB>;
}
