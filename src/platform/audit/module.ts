import type { ModuleDef } from '../module.js';
import { auditDailyJob } from './daily.js';
import { auditMigrations } from './schema.js';

/** The audit chain's own part of the app: its tables and the daily rendering. */
export const auditModule: ModuleDef = {
  name: 'audit',
  migrations: auditMigrations,
  ...auditDailyJob,
};
