/** Handling (vyřizování) of a registered document: who may move it where. Pure. */
import type { DocumentStatus } from '../schema.js';

export type HandlingAction = 'assign' | 'accept' | 'return' | 'settle';

const TRANSITIONS: Record<HandlingAction, Partial<Record<DocumentStatus, DocumentStatus>>> = {
  // The registry (or a head) hands a document to an org unit and handler; again after a return.
  assign: { registered: 'assigned', returned: 'assigned', assigned: 'assigned' },
  // The handler takes it over.
  accept: { assigned: 'accepted' },
  // The handler sends it back to the registry with a reason (wrong unit, not ours).
  return: { assigned: 'returned', accepted: 'returned' },
  // The handler (or the head) records how the document was dealt with (vyřízení); accepted first.
  settle: { accepted: 'settled' },
};

/** The status after the action, or null when the action is not allowed in this status. */
export function nextStatus(status: DocumentStatus, action: HandlingAction): DocumentStatus | null {
  return TRANSITIONS[action][status] ?? null;
}

export const MAX_DEADLINE_DAYS = 365;
/** Statuses in which a document is still being handled (counts for "my documents", overdue). */
export const OPEN_STATUSES: DocumentStatus[] = ['assigned', 'accepted'];
