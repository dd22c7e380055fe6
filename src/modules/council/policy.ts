/**
 * Who may do what in the council module, as one table. The secretary (tajemník / organizační
 * oddělení) runs bodies, materials and meetings; members and the tenant admin read.
 */
import { definePolicy, hasRole, type Policy } from '../../platform/identity/policy.js';

export const COUNCIL_RULES = {
  /** See bodies, members, materials, meetings, resolutions and tasks of the own tenant. */
  'council.read': hasRole('council_secretary', 'council_member', 'tenant_admin'),
  /** Create and change bodies and their members. */
  'body.manage': hasRole('council_secretary'),
  /** Prepare materials: texts, versions, opinions, attachments. */
  'material.manage': hasRole('council_secretary'),
  /** Schedule and run meetings: agenda, attendance, votes, decisions. */
  'meeting.run': hasRole('council_secretary'),
  /**
   * Approve minutes (ověření zápisu). The role is the first gate; the service then requires the
   * user to be an active verifier (ověřovatel) of the meeting's body, else 403.
   */
  'minutes.approve': hasRole('council_member'),
  /** Follow up resolutions' tasks: fulfilment reports, proof documents, done/cancelled. */
  'task.manage': hasRole('council_secretary'),
  /** Mark personal data in materials and resolutions and publish the redacted rendition (anonymizace). */
  'redaction.manage': hasRole('council_secretary'),
};

export type CouncilAction = keyof typeof COUNCIL_RULES;

export const councilPolicy: Policy<CouncilAction> = definePolicy(COUNCIL_RULES);
