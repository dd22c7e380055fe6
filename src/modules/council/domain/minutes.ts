/**
 * Minutes (zápis) of a meeting: when they are due, what state they are in, and what they say.
 * §95(1) zákon o obcích (and §43 zákon o krajích): the minutes are made within 10 days after the
 * meeting. The period is counted with the platform calendar like any procedural period (the
 * meeting day not counted; a last day on a weekend or holiday moves to the next working day), and
 * the explanation of the count is shown beside the due date. Pure: values in, values out.
 */
import { createHash } from 'node:crypto';
import {
  type Country,
  compare,
  type Deadline,
  deadline,
  type IsoDate,
} from '../../../platform/calendar/index.js';
import type { Clause } from './material.js';
import { type AmendmentChange, type MotionKind, type MotionState, votingOrder } from './motions.js';
import { type Ballot, type Choice, presentAt, type Tally } from './voting.js';

export const MINUTES_DAYS = 10;

export function minutesDue(meetingDate: IsoDate, country: Country): Deadline {
  return deadline(meetingDate, MINUTES_DAYS, 'calendar', country);
}

/**
 * - `upcoming`: the meeting has not taken place yet;
 * - `open`: held, minutes not final, still in time (up to and including the due day);
 * - `overdue`: not final and the due day has passed;
 * - `final`: final on or before the due day; `final_late`: final, but after it.
 */
export const MINUTES_STATES = ['upcoming', 'open', 'overdue', 'final', 'final_late'] as const;
export type MinutesState = (typeof MINUTES_STATES)[number];

export function minutesState(input: {
  meetingDate: IsoDate;
  due: IsoDate;
  today: IsoDate;
  /** The day the minutes became final (tenant's calendar), or null while they are a draft. */
  finalOn: IsoDate | null;
}): MinutesState {
  if (input.finalOn) return compare(input.finalOn, input.due) <= 0 ? 'final' : 'final_late';
  if (compare(input.today, input.meetingDate) < 0) return 'upcoming';
  return compare(input.today, input.due) <= 0 ? 'open' : 'overdue';
}

// --- the content ----------------------------------------------------------------------------------

export interface MinutesInput {
  tenantName: string;
  body: { code: string; name: string; seats: number; majority: number };
  meeting: { number: number; year: number; date: IsoDate; place: string };
  /** Members of the body; `votes` = counts for quorum and votes (not the secretary, not substitutes). */
  members: { id: string; name: string; role: string; votes: boolean }[];
  attendance: { memberId: string; kind: 'arrive' | 'leave'; fromItem: number }[];
  items: {
    position: number;
    section: string;
    title: string;
    reference: string | null;
    submitter: string | null;
    note: string;
    vote: {
      kind: 'named' | 'aggregate';
      present: number;
      tally: Tally;
      ballots: Ballot[];
      adopted: boolean;
    } | null;
    outcome: string | null;
    resolution: { number: string; clauses: Clause[] } | null;
    /** Counter-proposals and amendments of the item (any order; the minutes sort them). */
    motions?: MinutesMotionInput[];
  }[];
  opening: string;
  closing: string;
}

export interface MinutesMotionInput {
  kind: MotionKind;
  seq: number;
  proposer: string;
  clauses?: readonly Clause[];
  change?: AmendmentChange;
  state: MotionState;
  vote: { kind: 'named' | 'aggregate'; tally: Tally; ballots: Ballot[] } | null;
  /** ISO time of the vote (null when not voted). */
  votedAt: string | null;
}

/** A counter-proposal or amendment as the minutes state it, with its vote. */
export interface MinutesMotion {
  kind: MotionKind;
  seq: number;
  proposer: string;
  /** Counter-proposal: its whole wording. */
  clauses: Clause[] | null;
  /** Amendment: what it changes in the main proposal. */
  change: AmendmentChange | null;
  state: MotionState;
  vote: {
    kind: 'named' | 'aggregate';
    tally: Tally;
    adopted: boolean;
    ballots: { name: string; choice: Choice }[];
  } | null;
}

export interface MinutesItem {
  position: number;
  section: string;
  title: string;
  reference: string | null;
  submitter: string | null;
  note: string;
  presentCount: number;
  /** Members who arrived for this item (after the start) and who left before it. */
  arrivals: string[];
  departures: string[];
  /** Motions in the order they were voted; those never voted (void, pending) after them. */
  motions: MinutesMotion[];
  vote: {
    kind: 'named' | 'aggregate';
    tally: Tally;
    adopted: boolean;
    /** Named votes: who voted how, in the order of the body's member list. */
    ballots: { name: string; choice: Choice }[];
  } | null;
  outcome: string | null;
  resolution: { number: string; clauses: Clause[] } | null;
}

/** Everything the minutes say, in the order they say it; the HTML and the PDF render this. */
export interface MinutesDoc {
  tenantName: string;
  body: { code: string; name: string; seats: number; majority: number };
  meeting: { number: number; year: number; date: IsoDate; place: string };
  chair: string | null;
  verifiers: string[];
  presentAtStart: string[];
  /** Voting members who never attended any item. */
  absent: string[];
  quorumAtStart: boolean;
  /** Arrivals after the start and departures, with the item they take effect from. */
  movements: { name: string; kind: 'arrive' | 'leave'; fromItem: number }[];
  items: MinutesItem[];
  opening: string;
  closing: string;
}

export function buildMinutes(input: MinutesInput): MinutesDoc {
  const name = new Map(input.members.map((m) => [m.id, m.name]));
  const order = new Map(input.members.map((m, i) => [m.id, i]));
  const voters = new Set(input.members.filter((m) => m.votes).map((m) => m.id));
  const byOrder = (a: string, b: string) => (order.get(a) ?? 0) - (order.get(b) ?? 0);
  const firstItem = input.items[0]?.position ?? 1;
  const atStart = [...presentAt(input.attendance, firstItem)].filter((id) => voters.has(id)).sort(byOrder);
  const everPresent = new Set(input.attendance.filter((a) => a.kind === 'arrive').map((a) => a.memberId));
  const movements = input.attendance
    .filter((a) => !(a.kind === 'arrive' && a.fromItem <= firstItem))
    .map((a) => ({ name: name.get(a.memberId) ?? '?', kind: a.kind, fromItem: a.fromItem }))
    .sort((a, b) => a.fromItem - b.fromItem);
  const namesAt = (kind: 'arrive' | 'leave', item: number) =>
    input.attendance
      .filter((a) => a.kind === kind && a.fromItem === item && !(kind === 'arrive' && item <= firstItem))
      .map((a) => a.memberId)
      .sort(byOrder)
      .map((id) => name.get(id) ?? '?');
  const ballotNames = (ballots: readonly Ballot[]) =>
    [...ballots]
      .sort((a, b) => byOrder(a.memberId, b.memberId))
      .map((b) => ({ name: name.get(b.memberId) ?? '?', choice: b.choice }));
  return {
    tenantName: input.tenantName,
    body: input.body,
    meeting: input.meeting,
    chair: input.members.find((m) => m.role === 'chair')?.name ?? null,
    verifiers: input.members.filter((m) => m.role === 'verifier').map((m) => m.name),
    presentAtStart: atStart.map((id) => name.get(id) ?? '?'),
    absent: input.members.filter((m) => m.votes && !everPresent.has(m.id)).map((m) => m.name),
    quorumAtStart: atStart.length >= input.body.majority,
    movements,
    items: input.items.map((i) => ({
      position: i.position,
      section: i.section,
      title: i.title,
      reference: i.reference,
      submitter: i.submitter,
      note: i.note.trim(),
      presentCount: [...presentAt(input.attendance, i.position)].filter((id) => voters.has(id)).length,
      arrivals: namesAt('arrive', i.position),
      departures: namesAt('leave', i.position),
      motions: motionsInVotedOrder(i.motions ?? []).map((m) => ({
        kind: m.kind,
        seq: m.seq,
        proposer: m.proposer,
        clauses: m.clauses ? [...m.clauses] : null,
        change: m.change ?? null,
        state: m.state,
        vote: m.vote
          ? {
              kind: m.vote.kind,
              tally: m.vote.tally,
              adopted: m.state === 'adopted',
              ballots: ballotNames(m.vote.ballots),
            }
          : null,
      })),
      vote: i.vote
        ? {
            kind: i.vote.kind,
            tally: i.vote.tally,
            adopted: i.vote.adopted,
            ballots: ballotNames(i.vote.ballots),
          }
        : null,
      outcome: i.outcome,
      resolution: i.resolution,
    })),
    opening: input.opening.trim(),
    closing: input.closing.trim(),
  };
}

/**
 * Voted motions by the time of their vote (the rules' order, so ties cannot happen in practice;
 * the voting order breaks them), then those never voted in the voting order.
 */
export function motionsInVotedOrder<M extends MinutesMotionInput>(motions: readonly M[]): M[] {
  const keyed = motions.map((m, i) => ({ ...m, id: String(i) }));
  const rank = new Map(votingOrder(keyed).map((m, i) => [m.id, i]));
  return keyed
    .sort((a, b) => {
      if (a.votedAt && b.votedAt && a.votedAt !== b.votedAt) return a.votedAt < b.votedAt ? -1 : 1;
      if (!a.votedAt !== !b.votedAt) return a.votedAt ? -1 : 1;
      return (rank.get(a.id) ?? 0) - (rank.get(b.id) ?? 0);
    })
    .map((m) => motions[Number(m.id)]!);
}

/**
 * What a verifier approves: the SHA-256 of the content. The document is built by code in a fixed
 * key order, so the same meeting data always gives the same digest; any later change of notes,
 * attendance, votes or decisions gives another one, and earlier approvals no longer count.
 */
export function minutesDigest(doc: MinutesDoc): string {
  return createHash('sha256').update(JSON.stringify(doc)).digest('hex');
}

/**
 * Whether the minutes may become final: the meeting has taken place, every item is decided,
 * and every verifier of the body has approved the current content.
 */
export function finalisationBlockers(input: {
  meetingDate: IsoDate;
  today: IsoDate;
  undecided: number[];
  verifiers: { name: string; approvedDigest: string | null }[];
  digest: string;
}): string[] {
  const out: string[] = [];
  if (compare(input.today, input.meetingDate) < 0) out.push('The meeting has not taken place yet.');
  if (input.undecided.length) out.push(`Items without a recorded outcome: ${input.undecided.join(', ')}.`);
  const missing = input.verifiers.filter((v) => v.approvedDigest !== input.digest).map((v) => v.name);
  if (missing.length) out.push(`Not yet approved (of the current text) by: ${missing.join(', ')}.`);
  return out;
}
