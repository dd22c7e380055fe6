import type { Migration } from '../db/migrate.js';
import { tenantRls } from '../db/platform-schema.js';

/**
 * Tables of the audit area beyond the chain itself (which is a platform table). Register with
 * the audit ModuleDef: `migrations: auditMigrations`.
 */
export const auditMigrations: Migration[] = [
  {
    id: 'audit-0001-rendition',
    sql: `
    -- The automatic daily rendering of the transakční protokol (NSESSS): one XML file per tenant
    -- and calendar day (in the tenant's zone), kept as a tenant blob. Evidence, so never changed.
    CREATE TABLE audit_rendition (
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      day date NOT NULL,
      blob_id uuid NOT NULL REFERENCES blob(id),
      event_count integer NOT NULL CHECK (event_count >= 0),
      first_seq bigint,
      last_seq bigint,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, day),
      CHECK ((event_count = 0) = (first_seq IS NULL AND last_seq IS NULL)),
      CHECK (first_seq <= last_seq)
    );
    ${tenantRls('audit_rendition')}
    CREATE FUNCTION audit_rendition_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit_rendition rows are never changed'; END $$;
    CREATE TRIGGER audit_rendition_immutable BEFORE UPDATE OR DELETE ON audit_rendition
      FOR EACH ROW EXECUTE FUNCTION audit_rendition_immutable();
    `,
  },
];
