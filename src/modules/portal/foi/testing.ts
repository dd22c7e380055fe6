/**
 * Test helper: the kernel, records management (where requests are registered) and the FOI and
 * information parts of the portal, independent of the other modules.
 */
import { modules } from '../../../modules.js';
import type { ModuleDef } from '../../../platform/module.js';
import { recordsModule } from '../../records/index.js';
import { infoModule } from '../info/index.js';
import { foiModule } from './index.js';

const KERNEL = ['identity', 'tenancy', 'audit'];

export function foiTestModules(...extra: ModuleDef[]): ModuleDef[] {
  return [...modules.filter((m) => KERNEL.includes(m.name)), recordsModule, foiModule, infoModule, ...extra];
}
