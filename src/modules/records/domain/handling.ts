/** Handling (vyřizování) of a registered document: who may move it where. Pure. */
import type { DocumentStatus } from '../schema.js';
import type { OwnState } from './own.js';

export type HandlingAction = 'assign' | 'accept' | 'return' | 'settle' | 'forward';

const TRANSITIONS: Record<HandlingAction, Partial<Record<DocumentStatus, DocumentStatus>>> = {
  // The registry (or a head) hands a document to an org unit and handler; again after a return.
  assign: { registered: 'assigned', returned: 'assigned', assigned: 'assigned' },
  // The handler takes it over.
  accept: { assigned: 'accepted' },
  // The handler sends it back to the registry with a reason (wrong unit, not ours).
  return: { assigned: 'returned', accepted: 'returned' },
  // The handler (or the head) records how the document was dealt with (vyřízení); accepted first.
  settle: { accepted: 'settled' },
  // The handler (or the head) passes it on to another handler or unit, who accepts it again.
  forward: { assigned: 'assigned', accepted: 'assigned' },
};

/** The status after the action, or null when the action is not allowed in this status. */
export function nextStatus(status: DocumentStatus, action: HandlingAction): DocumentStatus | null {
  return TRANSITIONS[action][status] ?? null;
}

export const MAX_DEADLINE_DAYS = 365;
/** Statuses in which a document is still being handled (counts for "my documents", overdue). */
export const OPEN_STATUSES: DocumentStatus[] = ['assigned', 'accepted'];

/**
 * Who the actor is to a document when forwarding (předání): its handler, a colleague standing in
 * for the handler (zastupování, `standsInFor`), the head of its org unit, or none of these.
 */
export type ForwardRole = 'handler' | 'delegate' | 'head' | 'none';

export interface ForwardCase {
  status: DocumentStatus;
  direction: 'incoming' | 'own';
  /** Approval state of an own document (null for incoming ones). */
  ownState: OwnState | null;
  role: ForwardRole;
}

export type ForwardRefusal = { kind: 'forbidden' | 'conflict'; message: string };

/**
 * May this document be forwarded (předán) to another handler or org unit by this actor? Null when
 * it may. Its handler (or the stand-in) or the head of its unit forwards a document assigned to or
 * accepted by the handler; the registry assigns (registered, returned) and a settled document stays
 * where it was settled. An own document waiting for the head's approval is not moved: the approval
 * would land with another head.
 */
export function forwardRefusal(c: ForwardCase): ForwardRefusal | null {
  if (c.role === 'none')
    return {
      kind: 'forbidden',
      message: 'Only the document’s handler (or their stand-in) or the head of its org unit may forward it.',
    };
  if (c.status === 'settled')
    return { kind: 'conflict', message: 'A settled document is not forwarded any more.' };
  if (!nextStatus(c.status, 'forward'))
    return {
      kind: 'conflict',
      message: `A document in status "${c.status}" is not forwarded; the registry assigns it.`,
    };
  if (c.direction === 'own' && c.ownState === 'submitted')
    return {
      kind: 'conflict',
      message: 'The document waits for the head’s approval; forward it after the decision.',
    };
  return null;
}

export const MAX_NOTE = 1000;
