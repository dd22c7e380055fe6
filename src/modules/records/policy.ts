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
  /** Settle a document (vyřízení): its handler, or the head of its unit (see `canHandle`). */
  'document.settle': hasRole('handler', 'head'),
  /** Create a file (spis) and manage its documents, close and reopen it (see `canHandle`). */
  'file.manage': hasRole('handler', 'head'),
  /** List files (results limited to the files the user may see, see `canSeeFile`). */
  'file.read': hasRole('registry_clerk', 'records_manager', 'head', 'handler'),
  /** Records office (spisovna): hand over closed files, loans, disposal proposals, the archive's decision. */
  'office.manage': hasRole('records_manager'),
  /** Write own documents (drafts, components, recipients), ask for approval, prepare dispatches (see `canHandle`). */
  'own.write': hasRole('handler', 'head'),
  /** Approve an own document or return it with a reason: the head of its org unit. */
  'own.approve': hasRole('head'),
  /** Run the dispatch queue (výpravna): send, record delivery or return, retry a failed e-mail. */
  'dispatch.run': hasRole('registry_clerk'),
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

export interface FileScope extends DocumentScope {
  /** True when the actor handles at least one document of the file. */
  handlesAMember: boolean;
}

/**
 * A file is visible like a document (registry clerk and records manager: all; head: own unit;
 * handler: the files they handle), and to a handler whose document lies in it.
 */
export function canSeeFile(actor: Actor, actorUnit: string | null, file: FileScope): boolean {
  if (canSeeDocument(actor, actorUnit, file)) return true;
  return (
    actor.kind === 'user' &&
    actor.tenantId === file.tenantId &&
    actor.roles.includes('handler') &&
    file.handlesAMember
  );
}

/**
 * Who acts on a document or file as its handler (settle a document; insert, remove, close,
 * reopen a file): the assigned handler, or the head of the org unit it belongs to.
 */
export function canHandle(actor: Actor, actorUnit: string | null, scope: DocumentScope): boolean {
  if (actor.kind === 'system') return true;
  if (actor.kind !== 'user' || actor.tenantId !== scope.tenantId) return false;
  if (actor.roles.includes('handler') && actor.userId !== null && scope.handlerId === actor.userId)
    return true;
  return actor.roles.includes('head') && actorUnit !== null && scope.orgUnitId === actorUnit;
}
