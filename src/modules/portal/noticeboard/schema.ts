import type { ColumnType, Generated, Transaction } from 'kysely';
import type { Migration } from '../../../platform/db/migrate.js';
import { tenantRls } from '../../../platform/db/platform-schema.js';
import type { DB } from '../../../platform/db/types.js';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, T | string | undefined, T | string>;
/** A calendar date; read as 'YYYY-MM-DD' text (the queries cast with ::text). */
type DateCol = ColumnType<string, string, string>;

export const NOTICE_STATES = ['draft', 'scheduled', 'posted', 'removed'] as const;
export type NoticeState = (typeof NOTICE_STATES)[number];

export interface NoticeTable {
  id: string;
  tenant_id: string;
  /** Board number (číslo vyvěšení), e.g. 12/2026; given when the notice is first scheduled. */
  board_number: string | null;
  title: string;
  description: string;
  category: string;
  /** null: the tenant itself; otherwise the authority on whose behalf it is posted (původce). */
  originator_name: string | null;
  originator_ico: string | null;
  reference_number: string | null;
  file_number: string | null;
  posting_date: DateCol;
  /** Last day the notice is shown (OFN relevantní_do); it comes down at the start of the next day. */
  removal_date: DateCol;
  removal_explanation: Json<unknown> | null;
  approval_date: DateCol | null;
  state: NoticeState;
  /** Bumped on each scheduling, so the jobs of an earlier schedule never fire for a later one. */
  schedule_round: Generated<number>;
  posted_at: Timestamp | null;
  removed_at: Timestamp | null;
  removal_reason: string | null;
  certificate_blob_id: string | null;
  /** The module that posted it through index.ts (e.g. 'council'), or null when typed in. */
  source: string | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface NoticeDocumentTable {
  id: string;
  tenant_id: string;
  notice_id: string;
  blob_id: string;
  title: string;
  position: number;
  created_at: Timestamp;
}

export interface NoticeboardDB extends DB {
  notice: NoticeTable;
  notice_document: NoticeDocumentTable;
  notice_board_version: { tenant_id: string; version: ColumnType<string, string | number, string | number> };
}

/** The module's tables are not in the platform's DB type; widen the tenant transaction to see them. */
export function nbTrx(trx: Transaction<DB>): Transaction<NoticeboardDB> {
  return trx as unknown as Transaction<NoticeboardDB>;
}

export const noticeboardMigrations: Migration[] = [
  {
    id: 'portal-noticeboard-0001',
    sql: `
    CREATE TABLE notice (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      board_number text,
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
      description text NOT NULL DEFAULT '' CHECK (length(description) <= 10000),
      category text NOT NULL CHECK (category ~ '^[a-z-]{1,40}$'),
      originator_name text CHECK (length(originator_name) BETWEEN 1 AND 300),
      originator_ico text CHECK (originator_ico ~ '^[0-9]{8}$'),
      reference_number text CHECK (length(reference_number) <= 50),
      file_number text CHECK (length(file_number) <= 50),
      posting_date date NOT NULL,
      removal_date date NOT NULL CHECK (removal_date >= posting_date),
      removal_explanation jsonb,
      approval_date date,
      state text NOT NULL CHECK (state IN ('draft','scheduled','posted','removed')),
      schedule_round integer NOT NULL DEFAULT 0,
      posted_at timestamptz,
      removed_at timestamptz,
      removal_reason text CHECK (length(removal_reason) <= 1000),
      certificate_blob_id uuid REFERENCES blob(id),
      source text,
      created_by uuid,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      CHECK (state NOT IN ('posted','removed') OR posted_at IS NOT NULL),
      CHECK (state <> 'removed' OR removed_at IS NOT NULL),
      UNIQUE (tenant_id, board_number)
    );
    CREATE INDEX notice_board ON notice (tenant_id, state, posting_date DESC);
    -- Diacritics-insensitive substring search ("vyhlaska" finds "vyhláška").
    CREATE INDEX notice_search ON notice USING gin (
      immutable_unaccent(lower(title || ' ' || description || ' ' || coalesce(reference_number, '') || ' ' || coalesce(board_number, '')))
      gin_trgm_ops);
    ${tenantRls('notice')}

    CREATE TABLE notice_document (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      notice_id uuid NOT NULL REFERENCES notice(id) ON DELETE CASCADE,
      blob_id uuid NOT NULL REFERENCES blob(id),
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
      position integer NOT NULL,
      created_at timestamptz NOT NULL
    );
    CREATE INDEX notice_document_notice ON notice_document (notice_id, position);
    ${tenantRls('notice_document')}
    `,
  },
  {
    // A per-tenant counter that every change of the board's rows bumps, in the changing
    // transaction: app nodes keep rendered boards in memory and check the counter (one indexed
    // row) per request, so a cached board is never stale on any node.
    id: 'portal-noticeboard-0002-board-version',
    sql: `
    CREATE TABLE notice_board_version (
      tenant_id uuid PRIMARY KEY REFERENCES tenant(id),
      version bigint NOT NULL
    );
    ${tenantRls('notice_board_version')}

    CREATE FUNCTION notice_board_bump() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO notice_board_version (tenant_id, version)
        VALUES (COALESCE(NEW.tenant_id, OLD.tenant_id), 1)
        ON CONFLICT (tenant_id) DO UPDATE SET version = notice_board_version.version + 1;
      RETURN NULL;
    END $$;
    CREATE TRIGGER notice_board_bump AFTER INSERT OR UPDATE OR DELETE ON notice
      FOR EACH ROW EXECUTE FUNCTION notice_board_bump();
    CREATE TRIGGER notice_board_bump AFTER INSERT OR UPDATE OR DELETE ON notice_document
      FOR EACH ROW EXECUTE FUNCTION notice_board_bump();
    `,
  },
];
