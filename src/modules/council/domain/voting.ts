/**
 * Majority rules of zákon o obcích (128/2000 Sb., §87, §92) and zákon o krajích (129/2000 Sb.,
 * §40, §44): both count from ALL members of the body (its seats), never from those present.
 * Pure functions: values in, values out.
 */

/** The smallest number that is more than half of the seats: 5 → 3, 10 → 6, 45 → 23. */
export function majorityOf(seats: number): number {
  if (!Number.isInteger(seats) || seats < 1) throw new RangeError(`Invalid number of seats: ${seats}`);
  return Math.floor(seats / 2) + 1;
}

/** Quorum (usnášeníschopnost): a majority of all members present. */
export function hasQuorum(seats: number, present: number): boolean {
  return present >= majorityOf(seats);
}

/** Adopted when the votes for reach a majority of all members, however many are present. */
export function isAdopted(seats: number, votesFor: number): boolean {
  return votesFor >= majorityOf(seats);
}

export const CHOICES = ['for', 'against', 'abstain', 'not_voting'] as const;
export type Choice = (typeof CHOICES)[number];

export interface Tally {
  for: number;
  against: number;
  abstain: number;
  notVoting: number;
}

/** Named vote: one ballot per member present. */
export interface Ballot {
  memberId: string;
  choice: Choice;
}

export type VoteInput = { kind: 'named'; ballots: readonly Ballot[] } | ({ kind: 'aggregate' } & Tally);

export interface VoteIssue {
  field: string;
  code: 'noQuorum' | 'votedTwice' | 'notPresent' | 'badChoice' | 'countsMismatch' | 'negative';
  message: string;
}

export interface CheckedVote {
  tally: Tally;
  adopted: boolean;
  issues: VoteIssue[];
}

/**
 * Checks a vote on one agenda item against who is present at that item. A named vote needs
 * exactly one ballot per member (members present who cast none count as not voting); an
 * aggregate vote's four counts must add up to the members present.
 */
export function checkVote(seats: number, present: ReadonlySet<string>, vote: VoteInput): CheckedVote {
  const issues: VoteIssue[] = [];
  if (!hasQuorum(seats, present.size)) {
    issues.push({
      field: 'present',
      code: 'noQuorum',
      message: `No quorum: ${present.size} of ${seats} members present, at least ${majorityOf(seats)} needed.`,
    });
  }
  const tally: Tally = { for: 0, against: 0, abstain: 0, notVoting: 0 };
  if (vote.kind === 'named') {
    const seen = new Set<string>();
    vote.ballots.forEach((b, i) => {
      if (seen.has(b.memberId)) {
        issues.push({ field: `ballots/${i}`, code: 'votedTwice', message: 'This member has already voted.' });
        return;
      }
      seen.add(b.memberId);
      if (!present.has(b.memberId)) {
        issues.push({
          field: `ballots/${i}`,
          code: 'notPresent',
          message: 'This member is not present at this item.',
        });
        return;
      }
      if (!(CHOICES as readonly string[]).includes(b.choice)) {
        issues.push({ field: `ballots/${i}`, code: 'badChoice', message: 'Unknown choice.' });
        return;
      }
      if (b.choice === 'not_voting') tally.notVoting++;
      else tally[b.choice]++;
    });
    for (const m of present) if (!seen.has(m)) tally.notVoting++;
  } else {
    for (const k of ['for', 'against', 'abstain', 'notVoting'] as const) {
      if (!Number.isInteger(vote[k]) || vote[k] < 0) {
        issues.push({ field: k, code: 'negative', message: 'Use a whole number, 0 or more.' });
      }
      tally[k] = vote[k];
    }
    const sum = tally.for + tally.against + tally.abstain + tally.notVoting;
    if (sum !== present.size) {
      issues.push({
        field: 'for',
        code: 'countsMismatch',
        message: `The counts add up to ${sum}, but ${present.size} members are present.`,
      });
    }
  }
  return { tally, adopted: issues.length === 0 && isAdopted(seats, tally.for), issues };
}

/**
 * Arrivals and departures, each taking effect from an agenda item on: `arrive` at item 3 means
 * present from item 3; `leave` at item 3 means absent from item 3 (left after item 2).
 * Events are applied in item order; at the same item, in the order given.
 */
export interface AttendanceEvent {
  memberId: string;
  kind: 'arrive' | 'leave';
  fromItem: number;
}

export function presentAt(events: readonly AttendanceEvent[], item: number): Set<string> {
  const present = new Set<string>();
  const ordered = events
    .map((e, i) => ({ e, i }))
    .filter(({ e }) => e.fromItem <= item)
    .sort((a, b) => a.e.fromItem - b.e.fromItem || a.i - b.i);
  for (const { e } of ordered) {
    if (e.kind === 'arrive') present.add(e.memberId);
    else present.delete(e.memberId);
  }
  return present;
}
