import type { ColumnType, Transaction } from 'kysely';
import type { Migration } from '../../../platform/db/migrate.js';
import { tenantRls } from '../../../platform/db/platform-schema.js';
import type { DB } from '../../../platform/db/types.js';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** A calendar date; read as 'YYYY-MM-DD' text (queries cast with ::text). */
type DateCol = ColumnType<string, string, string>;

/** The current version of a page (mirrors its latest info_page_version row). */
export interface InfoPageTable {
  id: string;
  tenant_id: string;
  slug: string;
  parent_id: string | null;
  position: number;
  version: number;
  title: string;
  body: string;
  /** Metryczka: who produced the information (wytworzył), e.g. "Odbor finanční". */
  produced_by: string;
  produced_on: DateCol;
  /** Metryczka: who entered it (wprowadził): the user's name at the time. */
  entered_by: string;
  published_at: Timestamp;
  created_at: Timestamp;
}

/** Every version ever published: the change register (rejestr zmian) with archived texts. */
export interface InfoPageVersionTable {
  id: string;
  tenant_id: string;
  page_id: string;
  version: number;
  title: string;
  body: string;
  produced_by: string;
  produced_on: DateCol;
  entered_by: string;
  entered_by_id: string | null;
  published_at: Timestamp;
  change_note: string;
}

export interface InfoDB extends DB {
  info_page: InfoPageTable;
  info_page_version: InfoPageVersionTable;
}

export function infoTrx(trx: Transaction<DB>): Transaction<InfoDB> {
  return trx as unknown as Transaction<InfoDB>;
}

export const infoMigrations: Migration[] = [
  {
    id: 'portal-info-0001',
    sql: `
    CREATE TABLE info_page (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      slug text NOT NULL CHECK (slug ~ '^[a-z0-9]([a-z0-9-]{0,58}[a-z0-9])?$'),
      parent_id uuid REFERENCES info_page(id),
      position integer NOT NULL,
      version integer NOT NULL CHECK (version >= 1),
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
      body text NOT NULL CHECK (length(body) <= 100000),
      produced_by text NOT NULL CHECK (length(produced_by) BETWEEN 1 AND 200),
      produced_on date NOT NULL,
      entered_by text NOT NULL,
      published_at timestamptz NOT NULL,
      created_at timestamptz NOT NULL,
      UNIQUE (tenant_id, slug)
    );
    CREATE INDEX info_page_tree ON info_page (tenant_id, parent_id, position);
    ${tenantRls('info_page')}

    CREATE TABLE info_page_version (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      page_id uuid NOT NULL REFERENCES info_page(id),
      version integer NOT NULL,
      title text NOT NULL,
      body text NOT NULL,
      produced_by text NOT NULL,
      produced_on date NOT NULL,
      entered_by text NOT NULL,
      entered_by_id uuid,
      published_at timestamptz NOT NULL,
      change_note text NOT NULL DEFAULT '',
      UNIQUE (page_id, version)
    );
    ${tenantRls('info_page_version')}
    `,
  },
];
