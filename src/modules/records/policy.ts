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
  /** Record a stand-in (zastupování): a handler for themselves, a head for a handler of their unit. */
  'delegation.manage': hasRole('handler', 'head'),
} as const;

export type RecordsAction = keyof typeof RECORDS_RULES;
export const recordsPolicy: Policy<RecordsAction> = definePolicy(RECORDS_RULES);

export interface DocumentScope {
  tenantId: string;
  handlerId: string | null;
  orgUnitId: string | null;
}

/**
 * The handler's part of a document or file: a handler whose own it is, or who stands in for its
 * handler today (zastupování; `standsInFor` = the handlers whose stand-in the actor is today, see
 * `delegation.ts`). A stand-in is not transitive: only the absent handler's own documents.
 */
export function handlesAsHandler(
  actor: Actor,
  handlerId: string | null,
  standsInFor: readonly string[] = [],
): boolean {
  if (actor.kind !== 'user' || actor.userId === null || handlerId === null) return false;
  if (!actor.roles.includes('handler')) return false;
  return handlerId === actor.userId || standsInFor.includes(handlerId);
}

/**
 * A document is visible to the registry clerk and the records manager (all of the tenant), the
 * head of the org unit it is assigned to, its handler and the handler's stand-in for the days of
 * the absence. `actorUnit` is the actor's org unit.
 */
export function canSeeDocument(
  actor: Actor,
  actorUnit: string | null,
  doc: DocumentScope,
  standsInFor: readonly string[] = [],
): boolean {
  if (actor.kind === 'system') return true;
  if (actor.kind !== 'user' || actor.tenantId !== doc.tenantId) return false;
  const roles = actor.roles;
  if (roles.includes('registry_clerk') || roles.includes('records_manager')) return true;
  if (roles.includes('head') && actorUnit !== null && doc.orgUnitId === actorUnit) return true;
  return handlesAsHandler(actor, doc.handlerId, standsInFor);
}

export interface FileScope extends DocumentScope {
  /** True when the actor handles at least one document of the file. */
  handlesAMember: boolean;
}

/**
 * A file is visible like a document (registry clerk and records manager: all; head: own unit;
 * handler: the files they handle), and to a handler whose document lies in it (`handlesAMember`
 * counts the documents of the handlers the actor stands in for too).
 */
export function canSeeFile(
  actor: Actor,
  actorUnit: string | null,
  file: FileScope,
  standsInFor: readonly string[] = [],
): boolean {
  if (canSeeDocument(actor, actorUnit, file, standsInFor)) return true;
  return (
    actor.kind === 'user' &&
    actor.tenantId === file.tenantId &&
    actor.roles.includes('handler') &&
    file.handlesAMember
  );
}

/**
 * Who acts on a document or file as its handler (settle a document; insert, remove, close,
 * reopen a file; forward): the assigned handler or their stand-in today, or the head of the org
 * unit it belongs to.
 */
export function canHandle(
  actor: Actor,
  actorUnit: string | null,
  scope: DocumentScope,
  standsInFor: readonly string[] = [],
): boolean {
  if (actor.kind === 'system') return true;
  if (actor.kind !== 'user' || actor.tenantId !== scope.tenantId) return false;
  if (handlesAsHandler(actor, scope.handlerId, standsInFor)) return true;
  return actor.roles.includes('head') && actorUnit !== null && scope.orgUnitId === actorUnit;
}
