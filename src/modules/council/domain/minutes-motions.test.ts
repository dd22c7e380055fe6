import { describe, expect, it } from 'vitest';
import { buildMinutes, type MinutesMotionInput, motionsInVotedOrder } from './minutes.js';

const motion = (
  kind: 'counter' | 'amendment',
  seq: number,
  state: MinutesMotionInput['state'],
  votedAt: string | null,
): MinutesMotionInput => ({
  kind,
  seq,
  proposer: `p${seq}`,
  ...(kind === 'counter'
    ? { clauses: [{ verb: 'schvaluje' as const, text: `c${seq}` }] }
    : { change: { clauseIndex: null, clause: { verb: 'schvaluje' as const, text: `a${seq}` } } }),
  state,
  vote: null,
  votedAt,
});

describe('motionsInVotedOrder', () => {
  const t = (m: number) => `2026-03-20T16:0${m}:00.000Z`;
  it.each([
    {
      name: 'by the time of the vote, whatever the submission order',
      motions: [motion('amendment', 1, 'adopted', t(2)), motion('counter', 2, 'rejected', t(1))],
      order: ['counter 2', 'amendment 1'],
    },
    {
      name: 'never voted (void) after the voted ones, in the voting order',
      motions: [
        motion('amendment', 1, 'void', null),
        motion('amendment', 3, 'void', null),
        motion('counter', 2, 'adopted', t(1)),
      ],
      order: ['counter 2', 'amendment 3', 'amendment 1'],
    },
    {
      name: 'the same time (one batch): the voting order — counters last submitted first, then amendments',
      motions: [
        motion('counter', 1, 'rejected', t(1)),
        motion('amendment', 2, 'rejected', t(1)),
        motion('counter', 3, 'rejected', t(1)),
      ],
      order: ['counter 3', 'counter 1', 'amendment 2'],
    },
    { name: 'none', motions: [], order: [] },
  ])('$name', ({ motions, order }) => {
    expect(motionsInVotedOrder(motions).map((m) => `${m.kind} ${m.seq}`)).toEqual(order);
  });
});

describe('buildMinutes: arrivals and departures per item', () => {
  const members = ['a', 'b', 'c', 'd'].map((id) => ({
    id,
    name: id.toUpperCase(),
    role: 'member',
    votes: true,
  }));
  const item = (position: number) => ({
    position,
    section: 'material',
    title: `t${position}`,
    reference: null,
    submitter: null,
    note: '',
    vote: null,
    outcome: null,
    resolution: null,
  });
  it.each([
    {
      name: 'arrivals for the first item are the start, not a change',
      attendance: [
        { memberId: 'b', kind: 'arrive' as const, fromItem: 1 },
        { memberId: 'a', kind: 'arrive' as const, fromItem: 1 },
      ],
      perItem: [
        [[], []],
        [[], []],
        [[], []],
      ],
    },
    {
      name: 'a late arrival and a departure show at the item they take effect from, names in member order',
      attendance: [
        { memberId: 'a', kind: 'arrive' as const, fromItem: 1 },
        { memberId: 'b', kind: 'arrive' as const, fromItem: 1 },
        { memberId: 'd', kind: 'arrive' as const, fromItem: 2 },
        { memberId: 'c', kind: 'arrive' as const, fromItem: 2 },
        { memberId: 'a', kind: 'leave' as const, fromItem: 3 },
      ],
      perItem: [
        [[], []],
        [['C', 'D'], []],
        [[], ['A']],
      ],
    },
  ])('$name', ({ attendance, perItem }) => {
    const doc = buildMinutes({
      tenantName: 'Obec',
      body: { code: 'ZM', name: 'ZM', seats: 4, majority: 3 },
      meeting: { number: 1, year: 2026, date: '2026-03-20', place: 'x' },
      members,
      attendance,
      items: [item(1), item(2), item(3)],
      opening: '',
      closing: '',
    });
    expect(doc.items.map((i) => [i.arrivals, i.departures])).toEqual(perItem);
    expect(doc.items.every((i) => i.motions.length === 0)).toBe(true);
  });
});
