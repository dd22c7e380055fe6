import { councilModule } from './modules/council/index.js';
import { portalModule } from './modules/portal/index.js';
import { recordsModule } from './modules/records/index.js';
import { auditModule } from './platform/audit/module.js';
import type { Migration } from './platform/db/migrate.js';
import { platformMigrations } from './platform/db/platform-schema.js';
import { identityModule } from './platform/identity/module.js';
import type { ModuleDef } from './platform/module.js';
import { tenancyModule } from './platform/tenancy/module.js';

/**
 * The composition root: kernel areas with pages first (identity resolves who is asking before
 * anything else runs), then the business modules. The kernel never imports this file.
 */
export const modules: readonly ModuleDef[] = [
  identityModule,
  tenancyModule,
  auditModule,
  recordsModule,
  councilModule,
  portalModule,
];

export function allMigrations(mods: readonly ModuleDef[] = modules): Migration[] {
  return [...platformMigrations, ...mods.flatMap((m) => m.migrations ?? [])];
}
