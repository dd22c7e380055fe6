import type { ColumnType, Generated } from 'kysely';
import type { Migration } from '../../platform/db/migrate.js';
import { tenantRls } from '../../platform/db/platform-schema.js';
import type { CouncilDB, CouncilTables } from './schema.js';

export const councilRedactionMigrations: Migration[] = [
  {
    id: 'council-redaction-0001',
    sql: `
    -- A set of marks for one text version of a material or a resolution: at most one draft (being
    -- prepared, shown only as a preview) and one published set (what the public renditions apply).
    CREATE TABLE council_redaction (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      target_type text NOT NULL CHECK (target_type IN ('material','resolution')),
      target_id uuid NOT NULL,
      version integer NOT NULL CHECK (version > 0),
      state text NOT NULL CHECK (state IN ('draft','published','superseded')),
      saved_at timestamptz NOT NULL,
      saved_by uuid,
      published_at timestamptz,
      published_by uuid,
      CHECK (state = 'draft' OR published_at IS NOT NULL)
    );
    CREATE UNIQUE INDEX council_redaction_draft ON council_redaction (target_type, target_id) WHERE state = 'draft';
    CREATE UNIQUE INDEX council_redaction_published ON council_redaction (target_type, target_id) WHERE state = 'published';
    ${tenantRls('council_redaction')}

    -- Offsets in Unicode code points; text_sha256 = the field's text the mark was made for.
    CREATE TABLE council_redaction_mark (
      redaction_id uuid NOT NULL REFERENCES council_redaction(id),
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      position integer NOT NULL,
      field text NOT NULL CHECK (length(field) BETWEEN 1 AND 100),
      start_at integer NOT NULL CHECK (start_at >= 0),
      end_at integer NOT NULL,
      category text NOT NULL CHECK (category IN ('name','address','birthDate','other')),
      text_sha256 text NOT NULL CHECK (text_sha256 ~ '^[0-9a-f]{64}$'),
      PRIMARY KEY (redaction_id, position),
      CHECK (end_at > start_at)
    );
    ${tenantRls('council_redaction_mark')}

    -- The published (redacted) rendition of a resolution, written when its redaction is published;
    -- NULL = nothing redacted. Public pages, open data, OParl and the public search read these.
    ALTER TABLE council_resolution ADD COLUMN public_title text, ADD COLUMN public_clauses jsonb;
    CREATE OR REPLACE FUNCTION council_resolution_search() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
      NEW.search_text := NEW.number || ' ' || coalesce(NEW.public_title, NEW.title) || ' ' || coalesce((
        SELECT string_agg(coalesce(c->>'text', '') || ' ' || coalesce(c->>'responsible', ''), ' ')
        FROM jsonb_array_elements(coalesce(NEW.public_clauses, NEW.clauses)) AS c), '');
      RETURN NEW;
    END $fn$;
    DROP TRIGGER council_resolution_search ON council_resolution;
    CREATE TRIGGER council_resolution_search
      BEFORE INSERT OR UPDATE OF number, title, clauses, public_title, public_clauses
      ON council_resolution FOR EACH ROW EXECUTE FUNCTION council_resolution_search();
    `,
  },
  {
    id: 'council-redaction-0002-search',
    sql: `
    -- The public search text folded once on write (lower case, no diacritics). Under row-level
    -- security PostgreSQL does not use the trigram index for LIKE (the operator is not leakproof),
    -- so the search reads the tenant's rows by its index and filters them; a folded column spares
    -- unaccent() per row and per query (bench/council.ts: p95 roughly a third).
    ALTER TABLE council_resolution ADD COLUMN search_norm text NOT NULL DEFAULT '';
    CREATE OR REPLACE FUNCTION council_resolution_search() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
      NEW.search_text := NEW.number || ' ' || coalesce(NEW.public_title, NEW.title) || ' ' || coalesce((
        SELECT string_agg(coalesce(c->>'text', '') || ' ' || coalesce(c->>'responsible', ''), ' ')
        FROM jsonb_array_elements(coalesce(NEW.public_clauses, NEW.clauses)) AS c), '');
      NEW.search_norm := immutable_unaccent(lower(NEW.search_text));
      RETURN NEW;
    END $fn$;
    -- Backfill tenant by tenant: RLS is forced, and the migrating role need not be a superuser.
    DO $bf$
    DECLARE t record;
    BEGIN
      FOR t IN SELECT id FROM tenant LOOP
        PERFORM set_config('app.tenant_id', t.id::text, true);
        UPDATE council_resolution SET title = title;
      END LOOP;
      PERFORM set_config('app.tenant_id', '', true);
    END $bf$;
    `,
  },
  {
    id: 'council-redact-notes-0001',
    sql: `
    -- The minutes' own notes (opening, closing, discussion per item) are a third redaction target;
    -- its id is the meeting's.
    ALTER TABLE council_redaction DROP CONSTRAINT council_redaction_target_type_check;
    ALTER TABLE council_redaction ADD CONSTRAINT council_redaction_target_type_check
      CHECK (target_type IN ('material','resolution','minutes'));
    `,
  },
];

export interface RedactionTables {
  council_redaction: {
    id: string;
    tenant_id: string;
    target_type: 'material' | 'resolution' | 'minutes';
    target_id: string;
    version: number;
    state: 'draft' | 'published' | 'superseded';
    saved_at: Date;
    saved_by: string | null;
    published_at: Date | null;
    published_by: string | null;
  };
  council_redaction_mark: {
    redaction_id: string;
    tenant_id: string;
    position: number;
    field: string;
    start_at: number;
    end_at: number;
    category: string;
    text_sha256: string;
  };
  council_resolution: CouncilTables['council_resolution'] & {
    public_title: Generated<string | null>;
    public_clauses: ColumnType<unknown[] | null, string | null | undefined, string | null>;
  };
}

export type RedactionDB = Omit<CouncilDB, 'council_resolution'> & RedactionTables;
