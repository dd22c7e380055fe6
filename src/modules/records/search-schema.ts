import type { Migration } from '../../platform/db/migrate.js';
import { tenantRls } from '../../platform/db/platform-schema.js';

/**
 * Word index of the documents' search text. Row-level security lets the planner use an index for
 * a condition only when the condition is "leakproof" (or is the policy itself): the trigram index
 * on `search_text` is unusable under RLS, since LIKE and unaccent are not leakproof, and a search
 * then reads every document of the tenant (0.6 s at 100,000 documents). Text comparisons
 * (`>=`, `<`) are leakproof, so a per-tenant B-tree of normalised words answers a word-prefix
 * search through the index; the journal query keeps its LIKE on the few candidates it finds.
 * A trigger keeps the words in step with `records_document.search_text`.
 */
export const searchMigrations: Migration[] = [
  {
    id: 'records-search-0001-terms',
    sql: `
    CREATE FUNCTION records_search_terms(t text) RETURNS SETOF text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
        SELECT DISTINCT left(x, 100) FROM regexp_split_to_table(immutable_unaccent(lower(t)), '[^[:alnum:]]+') x
        WHERE x <> ''
    $$;

    CREATE TABLE records_search_term (
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      term text COLLATE "C" NOT NULL,
      document_id uuid NOT NULL REFERENCES records_document(id) ON DELETE CASCADE,
      PRIMARY KEY (tenant_id, term, document_id)
    );
    CREATE INDEX records_search_term_document ON records_search_term (document_id);
    ${tenantRls('records_search_term')}

    CREATE FUNCTION records_document_terms() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'UPDATE' THEN
        IF NEW.search_text IS NOT DISTINCT FROM OLD.search_text THEN RETURN NULL; END IF;
        DELETE FROM records_search_term WHERE document_id = NEW.id;
      END IF;
      INSERT INTO records_search_term (tenant_id, term, document_id)
        SELECT NEW.tenant_id, x, NEW.id FROM records_search_terms(NEW.search_text) x;
      RETURN NULL;
    END $$;
    CREATE TRIGGER records_document_terms AFTER INSERT OR UPDATE OF search_text ON records_document
      FOR EACH ROW EXECUTE FUNCTION records_document_terms();

    -- Documents registered before this migration (migrations run as the owner, outside RLS).
    INSERT INTO records_search_term (tenant_id, term, document_id)
      SELECT d.tenant_id, x, d.id FROM records_document d, records_search_terms(d.search_text) x;
    `,
  },
  {
    id: 'records-search-0002-drop-trigram',
    // The trigram index is never used under RLS (see above) but every registration paid for
    // its GIN entries (bench/records-intake.ts), and it was the largest index of the table.
    sql: 'DROP INDEX IF EXISTS records_document_search;',
  },
  {
    id: 'records-search-0003-statement-trigger',
    // Registration writes many documents per statement (intake-batch.ts). A row trigger ran one
    // plpgsql call and one INSERT per document, and every word row paid two foreign-key checks:
    // about half of a registration's statement time (bench/records-intake.ts). Now one INSERT per
    // statement adds the words of all new documents. The word rows are written only by these
    // triggers, from the document row itself, so the keys are kept true by construction; the
    // delete trigger takes the place of ON DELETE CASCADE.
    sql: `
    ALTER TABLE records_search_term
      DROP CONSTRAINT records_search_term_tenant_id_fkey,
      DROP CONSTRAINT records_search_term_document_id_fkey;

    DROP TRIGGER records_document_terms ON records_document;
    CREATE TRIGGER records_document_terms AFTER UPDATE OF search_text ON records_document
      FOR EACH ROW EXECUTE FUNCTION records_document_terms();

    CREATE FUNCTION records_document_terms_added() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO records_search_term (tenant_id, term, document_id)
        SELECT a.tenant_id, x, a.id FROM added a, records_search_terms(a.search_text) x;
      RETURN NULL;
    END $$;
    CREATE TRIGGER records_document_terms_added AFTER INSERT ON records_document
      REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION records_document_terms_added();

    CREATE FUNCTION records_document_terms_removed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      DELETE FROM records_search_term t USING removed r WHERE t.document_id = r.id;
      RETURN NULL;
    END $$;
    CREATE TRIGGER records_document_terms_removed AFTER DELETE ON records_document
      REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION records_document_terms_removed();
    `,
  },
];
