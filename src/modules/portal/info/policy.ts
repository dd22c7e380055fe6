/** Who may edit the public information pages (povinně zveřejňované informace / BIP). Reading is public. */
import { definePolicy, hasRole } from '../../../platform/identity/index.js';

export const infoPolicy = definePolicy({
  /** Create pages, publish new versions, fill the template. */
  'info.edit': hasRole('publisher', 'tenant_admin'),
});
