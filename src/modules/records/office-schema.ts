import type { Transaction } from 'kysely';
import type { Migration } from '../../platform/db/migrate.js';
import { tenantRls } from '../../platform/db/platform-schema.js';
import type { TenantTx } from '../../platform/db/tenant.js';
import type { Decision, OfficeStatus, ProposalStatus } from './domain/office.js';
import type { RetentionMark } from './domain/retention.js';
import type { FDB } from './files-schema.js';
import type { Timestamp } from './schema.js';

const DATE = `~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'`;

/**
 * Records office (spisovna), loans and the disposal procedure. Appended after the files migrations
 * (index.ts).
 * - records_office_entry: a closed file handed over to the records office, with the regime and the
 *   years it was handed over with, its place (ukládací jednotka) and where it is in the procedure;
 * - records_loan: a loan of an entry to a member of staff (one open loan per entry);
 * - records_disposal_proposal / records_disposal_item: proposals and their items with the archive's
 *   decision per item;
 * - records_destroyed_component: what was destroyed (the stub: name, type, size, hash), since the
 *   component rows and their file-store rows go.
 */
export const officeMigrations: Migration[] = [
  {
    id: 'records-office-0001',
    sql: `
    CREATE TABLE records_office_entry (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      file_id uuid NOT NULL REFERENCES records_file(id),
      status text NOT NULL CHECK (status IN ('stored','proposed','destroyed','archived')),
      regime_identifier text NOT NULL,
      mark text NOT NULL CHECK (mark IN ('A','S','V')),
      period integer NOT NULL CHECK (period BETWEEN 0 AND 999),
      trigger_year integer NOT NULL,
      disposal_year integer NOT NULL,
      location text CHECK (length(location) <= 100),
      taken_on text NOT NULL CHECK (taken_on ${DATE}),
      taken_at timestamptz NOT NULL,
      taken_by uuid REFERENCES app_user(id),
      left_at timestamptz,
      UNIQUE (tenant_id, file_id),
      CHECK ((status IN ('destroyed','archived')) = (left_at IS NOT NULL))
    );
    CREATE INDEX records_office_entry_due ON records_office_entry (tenant_id, status, disposal_year);
    ${tenantRls('records_office_entry')}

    CREATE TABLE records_loan (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      entry_id uuid NOT NULL REFERENCES records_office_entry(id),
      borrower_id uuid NOT NULL REFERENCES app_user(id),
      lent_on text NOT NULL CHECK (lent_on ${DATE}),
      due_on text NOT NULL CHECK (due_on ${DATE}),
      note text CHECK (length(note) <= 500),
      lent_at timestamptz NOT NULL,
      lent_by uuid REFERENCES app_user(id),
      returned_on text CHECK (returned_on ${DATE}),
      returned_by uuid REFERENCES app_user(id),
      CHECK (due_on >= lent_on)
    );
    -- one open loan per entry
    CREATE UNIQUE INDEX records_loan_open ON records_loan (entry_id) WHERE returned_on IS NULL;
    ${tenantRls('records_loan')}

    CREATE TABLE records_disposal_proposal (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      number text NOT NULL CHECK (length(number) BETWEEN 1 AND 50),
      year integer NOT NULL,
      seq integer NOT NULL,
      status text NOT NULL CHECK (status IN ('open','decided','done')),
      created_on text NOT NULL CHECK (created_on ${DATE}),
      created_at timestamptz NOT NULL,
      created_by uuid REFERENCES app_user(id),
      decision_list_id text CHECK (length(decision_list_id) <= 200),
      archive_id text CHECK (length(archive_id) <= 200),
      decided_at timestamptz,
      decided_by uuid REFERENCES app_user(id),
      UNIQUE (tenant_id, number),
      CHECK ((status = 'open') = (decided_at IS NULL))
    );
    ${tenantRls('records_disposal_proposal')}

    CREATE TABLE records_disposal_item (
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      proposal_id uuid NOT NULL REFERENCES records_disposal_proposal(id),
      entry_id uuid NOT NULL REFERENCES records_office_entry(id),
      position integer NOT NULL CHECK (position >= 1),
      decision text CHECK (decision IN ('A','S')),
      executed_at timestamptz,
      transfer_blob_id uuid REFERENCES blob(id),
      PRIMARY KEY (proposal_id, entry_id),
      UNIQUE (proposal_id, position)
    );
    ${tenantRls('records_disposal_item')}

    CREATE TABLE records_destroyed_component (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      entry_id uuid NOT NULL REFERENCES records_office_entry(id),
      document_id uuid REFERENCES records_document(id),
      filename text NOT NULL,
      mime text NOT NULL,
      size bigint NOT NULL,
      sha256 text NOT NULL,
      destroyed_at timestamptz NOT NULL
    );
    CREATE INDEX records_destroyed_component_doc ON records_destroyed_component (tenant_id, document_id);
    ${tenantRls('records_destroyed_component')}
    `,
  },
  {
    // Content is stored once per SHA-256 for all tenants (platform/blobs), so the bytes of a destroyed
    // component may go from the store only when no blob row of ANY tenant still names them — which a
    // tenant transaction cannot see (RLS). This count, kept by a trigger that runs as the table owner,
    // answers that without lifting RLS. Rows carry only a hash and a number (like the job table, no
    // tenant data). It belongs to the file store; it lives here because destruction is its first user.
    id: 'records-office-0002-blob-refs',
    sql: `
    CREATE TABLE blob_content_ref (
      sha256 text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
      refs integer NOT NULL CHECK (refs >= 0)
    );
    CREATE FUNCTION blob_content_ref_count() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        INSERT INTO blob_content_ref (sha256, refs) VALUES (NEW.sha256, 1)
          ON CONFLICT (sha256) DO UPDATE SET refs = blob_content_ref.refs + 1;
        RETURN NEW;
      END IF;
      UPDATE blob_content_ref SET refs = refs - 1 WHERE sha256 = OLD.sha256;
      RETURN OLD;
    END $$;
    CREATE TRIGGER blob_content_ref_count AFTER INSERT OR DELETE ON blob
      FOR EACH ROW EXECUTE FUNCTION blob_content_ref_count();
    -- Count what is there already; the owner sees every row only while RLS is not forced on it.
    ALTER TABLE blob NO FORCE ROW LEVEL SECURITY;
    INSERT INTO blob_content_ref (sha256, refs) SELECT sha256, count(*) FROM blob GROUP BY sha256;
    ALTER TABLE blob FORCE ROW LEVEL SECURITY;
    `,
  },
];

export interface RecordsOfficeEntryTable {
  id: string;
  tenant_id: string;
  file_id: string;
  status: OfficeStatus;
  regime_identifier: string;
  mark: RetentionMark;
  period: number;
  trigger_year: number;
  disposal_year: number;
  location: string | null;
  taken_on: string;
  taken_at: Timestamp;
  taken_by: string | null;
  left_at: Timestamp | null;
}

export interface RecordsLoanTable {
  id: string;
  tenant_id: string;
  entry_id: string;
  borrower_id: string;
  lent_on: string;
  due_on: string;
  note: string | null;
  lent_at: Timestamp;
  lent_by: string | null;
  returned_on: string | null;
  returned_by: string | null;
}

export interface RecordsDisposalProposalTable {
  id: string;
  tenant_id: string;
  number: string;
  year: number;
  seq: number;
  status: ProposalStatus;
  created_on: string;
  created_at: Timestamp;
  created_by: string | null;
  decision_list_id: string | null;
  archive_id: string | null;
  decided_at: Timestamp | null;
  decided_by: string | null;
}

export interface RecordsDisposalItemTable {
  tenant_id: string;
  proposal_id: string;
  entry_id: string;
  position: number;
  decision: Decision | null;
  executed_at: Timestamp | null;
  transfer_blob_id: string | null;
}

export interface RecordsDestroyedComponentTable {
  id: string;
  tenant_id: string;
  entry_id: string;
  document_id: string | null;
  filename: string;
  mime: string;
  size: number | string;
  sha256: string;
  destroyed_at: Timestamp;
}

export interface BlobContentRefTable {
  sha256: string;
  refs: number;
}

export type ODB = FDB & {
  records_office_entry: RecordsOfficeEntryTable;
  records_loan: RecordsLoanTable;
  records_disposal_proposal: RecordsDisposalProposalTable;
  records_disposal_item: RecordsDisposalItemTable;
  records_destroyed_component: RecordsDestroyedComponentTable;
  blob_content_ref: BlobContentRefTable;
};

/** The tenant transaction typed with the records office tables. */
export function otx(tx: TenantTx): Transaction<ODB> {
  return tx.trx as unknown as Transaction<ODB>;
}

/** Whether a file lies in the records office (it is then never reopened). */
export async function fileInRecordsOffice(tx: TenantTx, fileId: string): Promise<boolean> {
  const row = await otx(tx)
    .selectFrom('records_office_entry')
    .select('id')
    .where('file_id', '=', fileId)
    .executeTakeFirst();
  return row !== undefined;
}
