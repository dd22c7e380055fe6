import type { ColumnType, Transaction } from 'kysely';
import type { Migration } from '../../../platform/db/migrate.js';
import { tenantRls } from '../../../platform/db/platform-schema.js';
import type { DB } from '../../../platform/db/types.js';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** A calendar date; read as 'YYYY-MM-DD' text (queries cast with ::text, see service.ts). */
type DateCol = ColumnType<string, string, string>;
/** numeric comes back from the drivers as a string. */
type Numeric = ColumnType<string, number | string, number | string>;

export interface FoiRequestTable {
  id: string;
  tenant_id: string;
  /** Tracking number given to the applicant, e.g. INF/0007/2026 (gap-free per tenant and year). */
  number: string;
  year: number;
  channel: 'portal' | 'email' | 'paper' | 'databox';
  applicant_name: string;
  applicant_contact: string;
  request_text: string;
  received_on: DateCol;
  state: string;
  clock_start: DateCol;
  answer_period_days: number;
  extension_days: number | null;
  extension_reason: string | null;
  clarification_asked_on: DateCol | null;
  clarification_request: string | null;
  clarification_received_on: DateCol | null;
  clarification_text: string | null;
  fee_amount: Numeric | null;
  fee_requested_on: DateCol | null;
  fee_text: string | null;
  fee_paid_on: DateCol | null;
  outcome: string | null;
  outcome_on: DateCol | null;
  answer_text: string | null;
  decision_text: string | null;
  set_aside_reason: string | null;
  set_aside_text: string | null;
  remedy_return_state: string | null;
  published_title: string | null;
  published_text: string | null;
  published_on: DateCol | null;
  next_due_on: DateCol | null;
  next_due_kind: string | null;
  /** The registered document in the records module and its reference number (číslo jednací). */
  document_id: string | null;
  document_ref: string | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface FoiRemedyTable {
  id: string;
  tenant_id: string;
  request_id: string;
  kind: 'appeal' | 'complaint';
  received_on: DateCol;
  text: string;
  in_time: boolean;
  outcome: 'dismissed' | 'granted' | null;
  decided_on: DateCol | null;
  decision_text: string | null;
  created_at: Timestamp;
}

/** Figures of the annual report (§18) that the data cannot give; entered by staff. */
export interface FoiAnnualReportTable {
  tenant_id: string;
  year: number;
  court_judgments: number;
  court_costs: Numeric;
  court_notes: string;
  exclusive_licences: number;
  licence_notes: string;
  other_notes: string;
  published_at: Timestamp | null;
  updated_at: Timestamp;
}

export interface FoiDB extends DB {
  foi_request: FoiRequestTable;
  foi_remedy: FoiRemedyTable;
  foi_annual_report: FoiAnnualReportTable;
}

/** The module's tables are not in the platform's DB type; widen the tenant transaction to see them. */
export function foiTrx(trx: Transaction<DB>): Transaction<FoiDB> {
  return trx as unknown as Transaction<FoiDB>;
}

export const foiMigrations: Migration[] = [
  {
    id: 'portal-foi-0001',
    sql: `
    CREATE TABLE foi_request (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      number text NOT NULL,
      year integer NOT NULL,
      channel text NOT NULL CHECK (channel IN ('portal','email','paper','databox')),
      applicant_name text NOT NULL CHECK (length(applicant_name) BETWEEN 1 AND 200),
      applicant_contact text NOT NULL CHECK (length(applicant_contact) BETWEEN 1 AND 500),
      request_text text NOT NULL CHECK (length(request_text) BETWEEN 1 AND 20000),
      received_on date NOT NULL,
      state text NOT NULL CHECK (state IN ('received','clarification_requested','fee_requested','set_aside',
        'provided','partially_refused','refused','appealed','complained')),
      clock_start date NOT NULL,
      answer_period_days integer NOT NULL CHECK (answer_period_days BETWEEN 1 AND 25),
      extension_days integer CHECK (extension_days BETWEEN 1 AND 10),
      extension_reason text,
      clarification_asked_on date,
      clarification_request text,
      clarification_received_on date,
      clarification_text text,
      fee_amount numeric(12,2) CHECK (fee_amount > 0),
      fee_requested_on date,
      fee_text text,
      fee_paid_on date,
      outcome text CHECK (outcome IN ('set_aside','provided','partially_refused','refused')),
      outcome_on date,
      answer_text text,
      decision_text text,
      set_aside_reason text CHECK (set_aside_reason IN ('competence','no-clarification','fee-unpaid')),
      set_aside_text text,
      remedy_return_state text,
      published_title text CHECK (length(published_title) <= 300),
      published_text text,
      published_on date,
      next_due_on date,
      next_due_kind text,
      -- The registered document in the records module; that module does not exist yet, so no FK.
      document_id uuid,
      created_by uuid,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      UNIQUE (tenant_id, number),
      CHECK (published_on IS NULL OR published_text IS NOT NULL)
    );
    CREATE INDEX foi_request_due ON foi_request (tenant_id, next_due_on) WHERE next_due_on IS NOT NULL;
    CREATE INDEX foi_request_published ON foi_request (tenant_id, published_on DESC) WHERE published_on IS NOT NULL;
    ${tenantRls('foi_request')}

    CREATE TABLE foi_remedy (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      request_id uuid NOT NULL REFERENCES foi_request(id),
      kind text NOT NULL CHECK (kind IN ('appeal','complaint')),
      received_on date NOT NULL,
      text text NOT NULL,
      in_time boolean NOT NULL,
      outcome text CHECK (outcome IN ('dismissed','granted')),
      decided_on date,
      decision_text text,
      created_at timestamptz NOT NULL
    );
    CREATE INDEX foi_remedy_request ON foi_remedy (request_id);
    ${tenantRls('foi_remedy')}

    CREATE TABLE foi_annual_report (
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
      court_judgments integer NOT NULL DEFAULT 0 CHECK (court_judgments >= 0),
      court_costs numeric(12,2) NOT NULL DEFAULT 0 CHECK (court_costs >= 0),
      court_notes text NOT NULL DEFAULT '',
      exclusive_licences integer NOT NULL DEFAULT 0 CHECK (exclusive_licences >= 0),
      licence_notes text NOT NULL DEFAULT '',
      other_notes text NOT NULL DEFAULT '',
      published_at timestamptz,
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, year)
    );
    ${tenantRls('foi_annual_report')}
    `,
  },
  {
    // Every request is now a registered document of the records module (portal submissions are
    // registered by the FOI use case itself; staff intake links the clerk's document or registers
    // one). The reference number is copied: it never changes, and the portal does not read
    // records' tables.
    id: 'portal-foi-0002-records-link',
    sql: `
    ALTER TABLE foi_request ADD COLUMN document_ref text CHECK (length(document_ref) <= 50);
    ALTER TABLE foi_request ADD CONSTRAINT foi_request_document_fk
      FOREIGN KEY (document_id) REFERENCES records_document(id);
    CREATE UNIQUE INDEX foi_request_document ON foi_request (tenant_id, document_id) WHERE document_id IS NOT NULL;
    `,
  },
];
