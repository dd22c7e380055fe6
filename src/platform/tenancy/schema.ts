import type { Migration } from '../db/migrate.js';

/**
 * Tenancy's own schema steps on top of platform-schema.ts (which holds the tenant and org_unit
 * tables themselves).
 */
export const tenancyMigrations: Migration[] = [
  {
    // The register number column holds the Czech IČO (8 digits) or, for Polish tenants, the
    // REGON (9 digits, 14 for a local unit), the statistical number that plays the same role.
    // The checksums are checked in domain.ts; the database keeps the shape tied to the country.
    id: 'tenancy-0001-registry-number',
    sql: `
    ALTER TABLE tenant DROP CONSTRAINT IF EXISTS tenant_ico_check;
    ALTER TABLE tenant ADD CONSTRAINT tenant_ico_check CHECK (
      (country = 'CZ' AND ico ~ '^[0-9]{8}$') OR (country = 'PL' AND ico ~ '^([0-9]{9}|[0-9]{14})$'));
    ALTER TABLE tenant ADD CONSTRAINT tenant_databox_cz CHECK (databox_id IS NULL OR country = 'CZ');
    ALTER TABLE tenant ADD CONSTRAINT tenant_not_own_parent CHECK (parent_id IS DISTINCT FROM id);
    ALTER TABLE org_unit ADD CONSTRAINT org_unit_not_own_parent CHECK (parent_id IS DISTINCT FROM id);
    CREATE INDEX IF NOT EXISTS org_unit_parent ON org_unit (tenant_id, parent_id);
    `,
  },
];
