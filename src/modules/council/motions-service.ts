/**
 * Counter-proposals (protinávrhy) and amendments (pozměňovací návrhy) to an agenda item: the
 * secretary records them as they are submitted, then each is voted separately before the main
 * proposal in the order of domain/motions.ts (last counter-proposal first). An adopted
 * counter-proposal ends the item; adopted amendments change the main proposal's wording. The
 * main vote (service.ts recordVote) and the decision (decideItem) ask `motionSettlement` here.
 */
import { appendAudit } from '../../platform/audit/chain.js';
import type { AppContext } from '../../platform/context.js';
import type { Actor } from '../../platform/db/tenant.js';
import { AppError, conflict, type FieldError, invalid, notFound } from '../../platform/errors.js';
import { isUuid, newId } from '../../platform/ids.js';
import { type Clause, checkClauses, cleanClauses } from './domain/material.js';
import {
  type AmendmentChange,
  afterVote,
  checkChange,
  type ItemSettlement,
  type Motion,
  type MotionKind,
  type MotionState,
  nextVote,
  settle,
  votingOrder,
} from './domain/motions.js';
import { type Ballot, checkVote, type Tally } from './domain/voting.js';
import { assertClauseRefs } from './links-service.js';
import { pdb } from './proceedings-schema.js';
import {
  type AgendaItemView,
  assertMinutesOpen,
  type CTx,
  inTenant,
  loadMaterial,
  loadMeeting,
  type MeetingView,
  today,
  type VoteRequest,
} from './service.js';

export interface MotionView extends Motion {
  itemId: string;
  proposer: string;
  /** Position in the voting order (1 = voted first). */
  order: number;
  vote: { kind: 'named' | 'aggregate'; present: number; tally: Tally; ballots: Ballot[] } | null;
  votedAt: Date | null;
}

export interface ItemMotionsView {
  meetingId: string;
  item: AgendaItemView;
  /** The main proposal's wording (the material's current clauses). */
  mainClauses: Clause[];
  motions: MotionView[];
  /** What is voted next: a motion, the main proposal, or nothing (a counter-proposal was adopted). */
  next: { kind: 'motion'; motionId: string } | { kind: 'main' } | { kind: 'settled'; motionId: string };
  /** The wording the item would be adopted in now. */
  settlement: ItemSettlement;
}

async function loadMotions(tx: CTx, itemId: string): Promise<MotionView[]> {
  const rows = await pdb(tx)
    .selectFrom('council_motion')
    .selectAll()
    .where('item_id', '=', itemId)
    .orderBy('seq')
    .execute();
  const motions: MotionView[] = rows.map((r) => ({
    id: r.id,
    itemId: r.item_id,
    kind: r.kind as MotionKind,
    seq: r.seq,
    state: r.state as MotionState,
    proposer: r.proposer,
    ...(r.clauses ? { clauses: r.clauses as Clause[] } : {}),
    ...(r.change ? { change: r.change as AmendmentChange } : {}),
    order: 0,
    vote: r.vote_kind
      ? {
          kind: r.vote_kind as 'named' | 'aggregate',
          present: r.present!,
          tally: { for: r.votes_for!, against: r.against!, abstain: r.abstain!, notVoting: r.not_voting! },
          ballots: (r.ballots ?? []) as Ballot[],
        }
      : null,
    votedAt: r.voted_at,
  }));
  votingOrder(motions).forEach((m, i) => {
    m.order = i + 1;
  });
  return motions;
}

/** The item's motions settled against its main proposal (for recordVote and decideItem). */
export async function motionSettlement(
  tx: CTx,
  itemId: string,
  mainClauses: readonly Clause[],
): Promise<ItemSettlement> {
  return settle(mainClauses, await loadMotions(tx, itemId));
}

/** Refuses the main vote while motions wait, or once an adopted counter-proposal ended the item. */
export async function assertMainVoteOpen(tx: CTx, itemId: string): Promise<void> {
  const s = settle([], await loadMotions(tx, itemId));
  if (s.kind === 'pending')
    throw conflict(
      `The ${s.next.kind === 'counter' ? 'counter-proposal' : 'amendment'} no. ${s.next.seq} is voted first; the main proposal comes after the counter-proposals and amendments.`,
    );
  if (s.kind === 'counter')
    throw conflict(
      `Counter-proposal no. ${s.motion.seq} was adopted; it ends the item and the main proposal is not voted.`,
    );
}

async function itemContext(
  tx: CTx,
  itemId: string,
): Promise<{ meeting: MeetingView; item: AgendaItemView; main: Clause[] }> {
  if (!isUuid(itemId)) throw notFound('The agenda item');
  const row = await tx.db
    .selectFrom('council_agenda_item')
    .select('meeting_id')
    .where('id', '=', itemId)
    .executeTakeFirst();
  if (!row) throw notFound('The agenda item');
  const meeting = await loadMeeting(tx, row.meeting_id);
  const item = meeting.items.find((i) => i.id === itemId)!;
  const main = item.materialId ? (await loadMaterial(tx, item.materialId)).clauses : [];
  return { meeting, item, main };
}

async function view(tx: CTx, itemId: string): Promise<ItemMotionsView> {
  const { meeting, item, main } = await itemContext(tx, itemId);
  const motions = await loadMotions(tx, itemId);
  const n = nextVote(motions);
  return {
    meetingId: meeting.id,
    item,
    mainClauses: main,
    motions,
    next:
      n.kind === 'motion'
        ? { kind: 'motion', motionId: n.motion.id }
        : n.kind === 'settled'
          ? { kind: 'settled', motionId: n.by.id }
          : { kind: 'main' },
    settlement: settle(main, motions),
  };
}

export async function getItemMotions(
  ctx: AppContext,
  actor: Actor,
  itemId: string,
): Promise<ItemMotionsView> {
  return inTenant(ctx, actor, 'council.read', (tx) => view(tx, itemId));
}

export type MotionInput =
  | { kind: 'counter'; proposer: string; clauses: Clause[] }
  | { kind: 'amendment'; proposer: string; change: AmendmentChange };

const fieldErrors = (issues: { field: string; message: string; code?: string }[], prefix = '') =>
  issues.map((i) => ({ field: `${prefix}${i.field}`, message: i.message, code: i.code }) as FieldError);

/**
 * Records a counter-proposal (the whole alternative wording) or an amendment (one clause
 * replaced, deleted or added) submitted to an item. Refused once the item is voted or decided,
 * once a motion of the item has been voted (submissions close when voting starts), or after the
 * minutes are final.
 */
export async function addMotion(
  ctx: AppContext,
  actor: Actor,
  itemId: string,
  input: MotionInput,
): Promise<ItemMotionsView> {
  return inTenant(ctx, actor, 'meeting.run', async (tx) => {
    const { meeting, item, main } = await itemContext(tx, itemId);
    await assertMinutesOpen(tx, meeting.id);
    if (item.vote || item.outcome)
      throw conflict('This item has been voted on or decided; motions can no longer be submitted.');
    const issues: FieldError[] = [];
    const proposer = input.proposer?.trim() ?? '';
    if (!proposer) issues.push({ field: 'proposer', message: 'Name who submits the motion.' });
    else if (proposer.length > 200) issues.push({ field: 'proposer', message: 'The value is too long.' });
    const todayIso = await today(tx);
    let clauses: Clause[] | null = null;
    let change: AmendmentChange | null = null;
    if (input.kind === 'counter') {
      clauses = cleanClauses(input.clauses ?? []);
      issues.push(...fieldErrors(checkClauses(clauses, todayIso)));
    } else if (input.kind === 'amendment') {
      const c = input.change ?? { clauseIndex: null, clause: null };
      if (!item.materialId)
        issues.push({ field: 'kind', message: 'An item without a material has no main proposal to amend.' });
      const clause = c.clause ? cleanClauses([c.clause])[0]! : null;
      change = { clauseIndex: c.clauseIndex ?? null, clause };
      issues.push(...fieldErrors(checkChange(change, main.length), 'change/'));
      if (clause)
        issues.push(
          ...fieldErrors(
            checkClauses([clause], todayIso).filter((i) => i.code !== 'noClauses'),
            'change/',
          ).map((f) => ({ ...f, field: f.field.replace('change/clauses/0', 'change/clause') })),
        );
    } else {
      issues.push({ field: 'kind', message: 'Use counter or amendment.' });
    }
    if (issues.length) throw invalid(issues);
    if (clauses) await assertClauseRefs(tx, meeting.bodyId, clauses);
    if (change?.clause) await assertClauseRefs(tx, meeting.bodyId, [change.clause]);
    const motions = await loadMotions(tx, itemId);
    if (motions.some((m) => m.state !== 'pending'))
      throw conflict('Voting on the motions of this item has started; no further motions can be submitted.');
    const seq = (motions.at(-1)?.seq ?? 0) + 1;
    const id = newId();
    await pdb(tx)
      .insertInto('council_motion')
      .values({
        id,
        tenant_id: tx.tenantId,
        item_id: itemId,
        kind: input.kind,
        seq,
        proposer,
        clauses: clauses ? JSON.stringify(clauses) : null,
        change: change ? JSON.stringify(change) : null,
        vote_kind: null,
        present: null,
        votes_for: null,
        against: null,
        abstain: null,
        not_voting: null,
        ballots: null,
        voted_at: null,
      })
      .execute();
    await appendAudit(tx, {
      eventType: 'Uprava',
      objectType: 'Spis',
      objectId: meeting.id,
      params: { council: 'motion', item: item.position, kind: input.kind, seq, proposer },
    });
    return view(tx, itemId);
  });
}

/**
 * Records the vote on a motion — only the one due by the voting order (409 otherwise), with the
 * same rules as any vote (quorum, majority of all members, one ballot per member present).
 */
export async function voteOnMotion(
  ctx: AppContext,
  actor: Actor,
  motionId: string,
  vote: VoteRequest,
): Promise<ItemMotionsView> {
  if (!isUuid(motionId)) throw notFound('The motion');
  return inTenant(ctx, actor, 'meeting.run', async (tx) => {
    const row = await pdb(tx)
      .selectFrom('council_motion')
      .select(['item_id'])
      .where('id', '=', motionId)
      .executeTakeFirst();
    if (!row) throw notFound('The motion');
    const { meeting, item } = await itemContext(tx, row.item_id);
    await assertMinutesOpen(tx, meeting.id);
    if (item.vote || item.outcome) throw conflict('This item has been voted on or decided.');
    const motions = await loadMotions(tx, item.id);
    const motion = motions.find((m) => m.id === motionId)!;
    if (motion.state !== 'pending')
      throw conflict('This motion has been voted on or settled already; a vote is recorded once.');
    const next = nextVote(motions);
    if (next.kind !== 'motion' || next.motion.id !== motionId) {
      const due = next.kind === 'motion' ? next.motion : null;
      throw conflict(
        due
          ? `The ${due.kind === 'counter' ? 'counter-proposal' : 'amendment'} no. ${due.seq} is voted first (last submitted first, counter-proposals before amendments).`
          : 'This motion is not voted now.',
      );
    }
    const voters = new Set(
      meeting.body.members
        .filter((m) => m.active && !m.substitute && m.role !== 'secretary')
        .map((m) => m.id),
    );
    const present = new Set(item.presentIds.filter((id) => voters.has(id)));
    const checked = checkVote(meeting.body.seats, present, vote);
    if (checked.issues.length) {
      const noQuorum = checked.issues.find((i) => i.code === 'noQuorum');
      if (noQuorum)
        throw new AppError('validation', noQuorum.message, [
          { field: 'present', message: noQuorum.message, code: 'noQuorum' } as FieldError,
        ]);
      throw invalid(fieldErrors(checked.issues), 'The vote is not valid.');
    }
    const states = afterVote(motions, motionId, checked.adopted);
    const db = pdb(tx);
    await db
      .updateTable('council_motion')
      .set({
        state: states.get(motionId)!,
        vote_kind: vote.kind,
        present: present.size,
        votes_for: checked.tally.for,
        against: checked.tally.against,
        abstain: checked.tally.abstain,
        not_voting: checked.tally.notVoting,
        ballots: JSON.stringify(vote.kind === 'named' ? vote.ballots : []),
        voted_at: tx.now,
      })
      .where('id', '=', motionId)
      .execute();
    for (const [id, state] of states)
      if (id !== motionId)
        await db.updateTable('council_motion').set({ state }).where('id', '=', id).execute();
    await appendAudit(tx, {
      eventType: 'Uprava',
      objectType: 'Spis',
      objectId: meeting.id,
      params: {
        council: 'motionVote',
        item: item.position,
        kind: motion.kind,
        seq: motion.seq,
        ...checked.tally,
        adopted: checked.adopted,
      },
    });
    return view(tx, item.id);
  });
}
