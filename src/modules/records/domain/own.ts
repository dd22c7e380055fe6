/**
 * Own documents (vlastní dokumenty): internal and outgoing documents the office writes itself.
 * Pure rules: the approval states, who may take which step, and the checks of a new draft.
 *
 * A draft is registered into the journal when it is created (NSESSS allows registering an own
 * document at its creation): it gets its PID and číslo jednací at once, so a reply can be
 * referred to while it is still being written, and the series stays one gap-free line with the
 * incoming documents. Approval then only freezes the content; it allocates nothing.
 */
import type { FieldError } from '../../../platform/errors.js';
import { ACCESS_LEVELS, type AccessLevel } from './intake.js';

export const OWN_STATES = ['draft', 'submitted', 'returned', 'final'] as const;
/** draft → submitted (asked the head) → final (approved, frozen) or returned (with a reason) → submitted … */
export type OwnState = (typeof OWN_STATES)[number];

export type OwnAction = 'edit' | 'submit' | 'approve' | 'return';

const TRANSITIONS: Record<OwnAction, Partial<Record<OwnState, OwnState>>> = {
  // Components and recipients change only while the handler still writes the document.
  edit: { draft: 'draft', returned: 'returned' },
  // The handler asks the head of the unit for approval; the head sees exactly what was asked.
  submit: { draft: 'submitted', returned: 'submitted' },
  // The head approves: the current versions are the final version, nothing is added any more.
  approve: { submitted: 'final' },
  // The head sends it back with a reason; the handler reworks it and asks again.
  return: { submitted: 'returned' },
};

/** The state after the step, or null when the step is not allowed in this state. */
export function nextOwnState(state: OwnState, action: OwnAction): OwnState | null {
  return TRANSITIONS[action][state] ?? null;
}

/** Who the actor is with respect to one own document. */
export interface OwnRoleOf {
  /** The document's handler, or the head of its org unit acting for them (`canHandle`). */
  handles: boolean;
  /** A head whose org unit the document belongs to. */
  headOfUnit: boolean;
}

/** Who may take a step: the handler side writes and asks; only the head of the unit decides. */
export function mayTakeOwnStep(action: OwnAction, who: OwnRoleOf): boolean {
  switch (action) {
    case 'edit':
    case 'submit':
      return who.handles;
    case 'approve':
    case 'return':
      return who.headOfUnit;
  }
}

export const MAX_OWN_SUBJECT = 255;
export const MAX_RETURN_REASON = 1000;
export const MAX_RECIPIENTS = 50;
export const MAX_COMPONENT_FILES = 20;

export interface OwnDraftInput {
  subject?: string | null;
  accessLevel?: string | null;
}

export interface OwnDraft {
  subject: string;
  accessLevel: AccessLevel;
}

/** The metadata of a new draft: subject 1–255, a known access level (default internal). */
export function checkOwnDraft(input: OwnDraftInput): { value: OwnDraft | null; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const subject = (input.subject ?? '').trim();
  if (!subject) errors.push({ field: 'subject', message: 'Say what the document is about.' });
  else if (subject.length > MAX_OWN_SUBJECT)
    errors.push({ field: 'subject', message: `At most ${MAX_OWN_SUBJECT} characters.` });
  const level = input.accessLevel ?? 'internal';
  if (!(ACCESS_LEVELS as readonly string[]).includes(level))
    errors.push({ field: 'accessLevel', message: 'Unknown access level.' });
  if (errors.length) return { value: null, errors };
  return { value: { subject, accessLevel: level as AccessLevel }, errors };
}

/** What stops a draft from going to the head: it must have content. */
export function submitProblem(components: number): string | null {
  return components === 0 ? 'Add at least one component (file) before asking for approval.' : null;
}

/** The reason the head gives when returning a draft: required, ≤ 1000 characters. */
export function checkReturnReason(reason: string | null | undefined): FieldError[] {
  const why = (reason ?? '').trim();
  if (!why || why.length > MAX_RETURN_REASON)
    return [
      {
        field: 'reason',
        message: `Say what to change (at most ${MAX_RETURN_REASON} characters).`,
      },
    ];
  return [];
}
