/**
 * Who may do what on the notice board. The board itself is public (published notices only);
 * everything else is staff work in the notice's own tenant.
 */
import { definePolicy, hasRole, type Policy, type Rule } from '../../../platform/identity/index.js';

export const NOTICEBOARD_RULES = {
  /** See the staff list with drafts and scheduled notices. */
  'notice.read': hasRole('publisher', 'tenant_admin'),
  /** Create, edit, attach documents, schedule, take down early, delete drafts. */
  'notice.manage': hasRole('publisher'),
  /** Post a notice from another module (council meeting notices, outgoing documents). */
  'notice.submit': hasRole('publisher', 'council_secretary', 'handler', 'registry_clerk'),
  /** Download the certificate of posting and removal (for the originator's file). */
  'notice.certificate': hasRole('publisher', 'tenant_admin', 'records_manager'),
} satisfies Record<string, Rule>;

export type NoticeboardAction = keyof typeof NOTICEBOARD_RULES;

export const noticeboardPolicy: Policy<NoticeboardAction> = definePolicy(NOTICEBOARD_RULES);
