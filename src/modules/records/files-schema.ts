import type { Generated, Transaction } from 'kysely';
import type { Migration } from '../../platform/db/migrate.js';
import { tenantRls } from '../../platform/db/platform-schema.js';
import type { TenantTx } from '../../platform/db/tenant.js';
import type { FileStatus, SettlementMethod } from './domain/files.js';
import type { NumberingMethod } from './domain/plan.js';
import type { RDB, RecordsDocumentTable, Timestamp } from './schema.js';

const DATE = `~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'`;

/**
 * Files (spisy) and settlement. Kept apart from schema.ts and appended after its migrations
 * (index.ts), numbered from 0004 on.
 * - records_file: a file; number (spisová značka), method, subject group, effective regime,
 *   status, the counter of positions, and what closing recorded (date, trigger and disposal year).
 * - records_file_document: which document lies in which file, at which position; a document is in
 *   at most one file.
 * - records_document gains the settlement (method, date, note, who).
 */
export const filesMigrations: Migration[] = [
  {
    id: 'records-0004-files',
    sql: `
    CREATE TABLE records_file (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      pid text NOT NULL CHECK (length(pid) BETWEEN 1 AND 50),
      file_number text NOT NULL CHECK (length(file_number) BETWEEN 1 AND 50),
      method text NOT NULL CHECK (method IN ('priorace','sberny_arch')),
      year integer NOT NULL,
      seq integer,
      subject text NOT NULL CHECK (length(subject) BETWEEN 1 AND 255),
      group_id uuid NOT NULL REFERENCES records_group(id),
      retention_id uuid NOT NULL REFERENCES records_retention(id),
      initial_document_id uuid REFERENCES records_document(id),
      status text NOT NULL CHECK (status IN ('open','closed')),
      org_unit_id uuid NOT NULL REFERENCES org_unit(id),
      handler_id uuid REFERENCES app_user(id),
      next_position integer NOT NULL DEFAULT 1 CHECK (next_position >= 1),
      created_on text NOT NULL CHECK (created_on ${DATE}),
      created_at timestamptz NOT NULL,
      created_by uuid,
      closed_on text CHECK (closed_on ${DATE}),
      trigger_year integer,
      disposal_year integer,
      reopen_reason text CHECK (length(reopen_reason) <= 1000),
      UNIQUE (tenant_id, pid),
      UNIQUE (tenant_id, file_number),
      -- priorace grows from its initial document; a sběrný arch has its own place in a series
      CHECK ((method = 'priorace') = (initial_document_id IS NOT NULL)),
      CHECK (method = 'priorace' OR seq IS NOT NULL),
      CHECK ((status = 'closed') = (closed_on IS NOT NULL AND trigger_year IS NOT NULL))
    );
    CREATE INDEX records_file_handler ON records_file (tenant_id, handler_id, status);
    CREATE INDEX records_file_unit ON records_file (tenant_id, org_unit_id, status);
    ${tenantRls('records_file')}

    CREATE TABLE records_file_document (
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      file_id uuid NOT NULL REFERENCES records_file(id),
      document_id uuid NOT NULL REFERENCES records_document(id),
      position integer NOT NULL CHECK (position >= 1),
      number_in_file text CHECK (length(number_in_file) BETWEEN 1 AND 50),
      inserted_at timestamptz NOT NULL,
      inserted_by uuid,
      PRIMARY KEY (file_id, document_id),
      UNIQUE (tenant_id, document_id),
      UNIQUE (file_id, position)
    );
    ${tenantRls('records_file_document')}

    ALTER TABLE records_document
      ADD COLUMN settlement_method text
        CHECK (settlement_method IN ('document','forwarding','acknowledgement','record','other')),
      ADD COLUMN settled_on text CHECK (settled_on ${DATE}),
      ADD COLUMN settlement_note text CHECK (length(settlement_note) <= 2000),
      ADD COLUMN settled_by uuid REFERENCES app_user(id),
      ADD CONSTRAINT records_document_settlement
        CHECK ((status = 'settled') = (settled_on IS NOT NULL AND settlement_method IS NOT NULL));
    `,
  },
];

export interface RecordsFileTable {
  id: string;
  tenant_id: string;
  pid: string;
  file_number: string;
  method: NumberingMethod;
  year: number;
  seq: number | null;
  subject: string;
  group_id: string;
  retention_id: string;
  initial_document_id: string | null;
  status: FileStatus;
  org_unit_id: string;
  handler_id: string | null;
  next_position: Generated<number>;
  created_on: string;
  created_at: Timestamp;
  created_by: string | null;
  closed_on: string | null;
  trigger_year: number | null;
  disposal_year: number | null;
  reopen_reason: string | null;
}

export interface RecordsFileDocumentTable {
  tenant_id: string;
  file_id: string;
  document_id: string;
  position: number;
  number_in_file: string | null;
  inserted_at: Timestamp;
  inserted_by: string | null;
}

export interface SettlementColumns {
  settlement_method: SettlementMethod | null;
  settled_on: string | null;
  settlement_note: string | null;
  settled_by: string | null;
}

export type FDB = Omit<RDB, 'records_document'> & {
  records_document: RecordsDocumentTable & SettlementColumns;
  records_file: RecordsFileTable;
  records_file_document: RecordsFileDocumentTable;
};

/** The tenant transaction typed with the records tables, files and settlement included. */
export function ftx(tx: TenantTx): Transaction<FDB> {
  return tx.trx as unknown as Transaction<FDB>;
}
