/** Test helper: the kernel plus the FOI and information parts of the portal, independent of the other modules. */
import { modules } from '../../../modules.js';
import type { ModuleDef } from '../../../platform/module.js';
import { infoModule } from '../info/index.js';
import { foiModule } from './index.js';

const KERNEL = ['identity', 'tenancy', 'audit'];

export function foiTestModules(...extra: ModuleDef[]): ModuleDef[] {
  return [...modules.filter((m) => KERNEL.includes(m.name)), foiModule, infoModule, ...extra];
}
