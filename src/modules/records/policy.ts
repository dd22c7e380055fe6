/**
 * Who may do what in records management, as one table (DESIGN §4). Rules on a single document
 * (read, accept, return) also look at the document: see `canSeeDocument`.
 */
import type { Actor } from '../../platform/db/tenant.js';
import { definePolicy, hasRole, memberOf, type Policy } from '../../platform/identity/index.js';

export const RECORDS_RULES = {
  /** Read the file plan (every staff member classifies documents). */
  'plan.read': memberOf,
  /** Create plan versions, groups and regimes; import and export the plan. */
  'plan.manage': hasRole('records_manager', 'tenant_admin'),
  /** Register incoming consignments at the registry (podatelna). */
  'document.register': hasRole('registry_clerk'),
  /** See the whole registry journal (jednací deník) and export it. */
  'journal.read': hasRole('registry_clerk', 'records_manager'),
  /** Use the search over documents (results are still limited to what the user may see). */
  'document.search': hasRole('registry_clerk', 'records_manager', 'head', 'handler'),
  /** Assign a document to an org unit and handler (the registry; a head within the own unit). */
  'document.assign': hasRole('registry_clerk', 'head'),
} as const;

export type RecordsAction = keyof typeof RECORDS_RULES;
export const recordsPolicy: Policy<RecordsAction> = definePolicy(RECORDS_RULES);

export interface DocumentScope {
  tenantId: string;
  handlerId: string | null;
  orgUnitId: string | null;
}

/**
 * A document is visible to the registry clerk and the records manager (all of the tenant), the
 * head of the org unit it is assigned to, and its handler. `actorUnit` is the actor's org unit.
 */
export function canSeeDocument(actor: Actor, actorUnit: string | null, doc: DocumentScope): boolean {
  if (actor.kind === 'system') return true;
  if (actor.kind !== 'user' || actor.tenantId !== doc.tenantId) return false;
  const roles = actor.roles;
  if (roles.includes('registry_clerk') || roles.includes('records_manager')) return true;
  if (roles.includes('head') && actorUnit !== null && doc.orgUnitId === actorUnit) return true;
  if (roles.includes('handler') && actor.userId !== null && doc.handlerId === actor.userId) return true;
  return false;
}
