/**
 * Counter-proposals (protinávrhy) and amendments (pozměňovací návrhy) to an agenda item, voted
 * as separate votes before the main proposal, in the usual order of the rules of procedure
 * (jednací řád): counter-proposals first, the last submitted first; then amendments, the last
 * submitted first; then the main proposal (with the adopted amendments). An adopted
 * counter-proposal ends the item: the remaining motions and the main proposal are not voted,
 * and the item is adopted in the counter-proposal's wording (an alternative). An adopted
 * amendment to a clause settles the other amendments to the same clause. Pure rules.
 */
import type { Clause } from './material.js';

export const MOTION_KINDS = ['counter', 'amendment'] as const;
export type MotionKind = (typeof MOTION_KINDS)[number];
/** pending → adopted | rejected; `void`: not voted because an adopted motion settled it. */
export const MOTION_STATES = ['pending', 'adopted', 'rejected', 'void'] as const;
export type MotionState = (typeof MOTION_STATES)[number];

/** What an amendment does to the main proposal's clauses. */
export interface AmendmentChange {
  /** The clause (0-based) it replaces or deletes; null: it adds a clause at the end. */
  clauseIndex: number | null;
  /** The new wording; null: the clause is deleted. */
  clause: Clause | null;
}

export interface Motion {
  id: string;
  kind: MotionKind;
  /** Order of submission within the item (1, 2, …). */
  seq: number;
  state: MotionState;
  /** Counter-proposal: the whole alternative wording. */
  clauses?: readonly Clause[];
  /** Amendment: the change. */
  change?: AmendmentChange;
}

/** The order in which the motions are put to the vote. */
export function votingOrder<M extends Motion>(motions: readonly M[]): M[] {
  const by = (k: MotionKind) => motions.filter((m) => m.kind === k).sort((a, b) => b.seq - a.seq);
  return [...by('counter'), ...by('amendment')];
}

export type NextVote<M extends Motion = Motion> =
  | { kind: 'motion'; motion: M }
  | { kind: 'main' }
  /** A counter-proposal was adopted: nothing more is voted on this item. */
  | { kind: 'settled'; by: M };

export function nextVote<M extends Motion>(motions: readonly M[]): NextVote<M> {
  const adoptedCounter = motions.find((m) => m.kind === 'counter' && m.state === 'adopted');
  if (adoptedCounter) return { kind: 'settled', by: adoptedCounter };
  const next = votingOrder(motions).find((m) => m.state === 'pending');
  return next ? { kind: 'motion', motion: next } : { kind: 'main' };
}

/**
 * The states after the vote on motion `id`: adopted or rejected; an adopted counter-proposal
 * voids every other pending motion, an adopted amendment voids the pending amendments to the
 * same clause. Throws when `id` is not the motion due to be voted.
 */
export function afterVote<M extends Motion>(
  motions: readonly M[],
  id: string,
  adopted: boolean,
): Map<string, MotionState> {
  const next = nextVote(motions);
  if (next.kind !== 'motion' || next.motion.id !== id)
    throw new RangeError(`Motion ${id} is not the one to be voted now.`);
  const voted = next.motion;
  const states = new Map<string, MotionState>();
  states.set(id, adopted ? 'adopted' : 'rejected');
  if (!adopted) return states;
  for (const m of motions) {
    if (m.id === id || m.state !== 'pending') continue;
    if (voted.kind === 'counter') states.set(m.id, 'void');
    else if (
      m.kind === 'amendment' &&
      voted.change?.clauseIndex != null &&
      m.change?.clauseIndex === voted.change.clauseIndex
    )
      states.set(m.id, 'void');
  }
  return states;
}

export interface MotionIssue {
  field: string;
  code: 'badIndex' | 'emptyChange' | 'noClauses';
  message: string;
}

/** An amendment names an existing clause (or none, to add one) and changes something. */
export function checkChange(change: AmendmentChange, clauseCount: number): MotionIssue[] {
  const issues: MotionIssue[] = [];
  if (change.clauseIndex !== null) {
    if (!Number.isInteger(change.clauseIndex) || change.clauseIndex < 0 || change.clauseIndex >= clauseCount)
      issues.push({
        field: 'clauseIndex',
        code: 'badIndex',
        message: `The main proposal has clauses 1 to ${clauseCount}.`,
      });
  } else if (!change.clause) {
    issues.push({ field: 'clause', code: 'emptyChange', message: 'Give the clause to add.' });
  }
  return issues;
}

/**
 * The main proposal as amended: replacements and deletions by the original clause index,
 * additions appended in voting order. Only adopted amendments count.
 */
export function applyAmendments(clauses: readonly Clause[], motions: readonly Motion[]): Clause[] {
  const adopted = votingOrder(motions).filter((m) => m.kind === 'amendment' && m.state === 'adopted');
  const replaced = new Map<number, Clause | null>();
  const added: Clause[] = [];
  for (const m of adopted) {
    const ch = m.change!;
    if (ch.clauseIndex === null) {
      if (ch.clause) added.push(ch.clause);
    } else if (!replaced.has(ch.clauseIndex)) replaced.set(ch.clauseIndex, ch.clause);
  }
  const out: Clause[] = [];
  clauses.forEach((c, i) => {
    if (!replaced.has(i)) out.push(c);
    else {
      const r = replaced.get(i);
      if (r) out.push(r);
    }
  });
  return [...out, ...added];
}

export type ItemSettlement =
  /** Motions still to be voted: the main proposal waits. */
  | { kind: 'pending'; next: Motion }
  /** Adopted as the counter-proposal's wording (alternative). */
  | { kind: 'counter'; clauses: Clause[]; motion: Motion }
  /** The main vote decides; `clauses` = main proposal with adopted amendments, `amended` if any. */
  | { kind: 'main'; clauses: Clause[]; amended: boolean };

export function settle(mainClauses: readonly Clause[], motions: readonly Motion[]): ItemSettlement {
  const next = nextVote(motions);
  if (next.kind === 'settled')
    return { kind: 'counter', clauses: [...(next.by.clauses ?? [])], motion: next.by };
  if (next.kind === 'motion') return { kind: 'pending', next: next.motion };
  const amended = motions.some((m) => m.kind === 'amendment' && m.state === 'adopted');
  return { kind: 'main', clauses: applyAmendments(mainClauses, motions), amended };
}
