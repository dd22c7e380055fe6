import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../platform/db/tenant.js';
import { actorFor, addTenant, addUser, fastHashing } from '../../platform/identity/testing.js';
import { createTestContext, type TestContext } from '../../test-support/context.js';
import type { Clause } from './domain/material.js';
import {
  addAgendaItem,
  addMember,
  addMembers,
  type BodyView,
  createBody,
  createMaterial,
  createMeeting,
  decideItem,
  getBody,
  getMaterial,
  getMeeting,
  listMaterials,
  listResolutions,
  listTasks,
  type MeetingView,
  markReady,
  recordAttendance,
  recordOpinion,
  recordVote,
  requestOpinion,
  updateMaterial,
} from './service.js';

let ctx: TestContext;
let secretary: Actor;
let member: Actor;
let otherSecretary: Actor;
let rk: BodyView;

const texts = (title: string) => ({
  title,
  author: 'Ing. Marie Svobodová',
  submitter: 'hejtman',
  problem: 'Problém',
  proposal: 'Řešení',
  clauses: [{ verb: 'schvaluje', text: title }] as Clause[],
});

async function readyMaterial(title: string, body = rk, extra: Partial<ReturnType<typeof texts>> = {}) {
  const m = await createMaterial(ctx, secretary, { bodyId: body.id, ...texts(title), ...extra });
  return markReady(ctx, secretary, m.id);
}

/** A meeting of `body` with `materials` ready items and the first `present` voting members arrived. */
async function meetingWith(body: BodyView, titles: string[], present: number): Promise<MeetingView> {
  let m = await createMeeting(ctx, secretary, { bodyId: body.id, date: '2026-05-12', place: 'Jihlava' });
  for (const t of titles)
    m = await addAgendaItem(ctx, secretary, m.id, { materialId: (await readyMaterial(t, body)).id });
  const ids = body.members
    .filter((y) => y.role !== 'secretary')
    .slice(0, present)
    .map((x) => x.id);
  return recordAttendance(ctx, secretary, m.id, { memberIds: ids, kind: 'arrive', fromItem: 1 });
}

beforeAll(async () => {
  ctx = await createTestContext({ now: new Date('2026-04-01T10:00:00Z') });
  fastHashing(ctx);
  const t1 = await addTenant(ctx, 'kraj');
  const t2 = await addTenant(ctx, 'jiny');
  secretary = actorFor(await addUser(ctx, t1, 'tajemnik', ['council_secretary']));
  member = actorFor(await addUser(ctx, t1, 'radni', ['council_member']));
  otherSecretary = actorFor(await addUser(ctx, t2, 'tajemnik2', ['council_secretary']));
  rk = await createBody(ctx, secretary, {
    code: 'RK',
    name: 'Rada kraje',
    kind: 'council',
    seats: 9,
    termLabel: '2024–2028',
  });
  await addMembers(ctx, secretary, rk.id, [
    ...Array.from({ length: 9 }, (_, i) => ({ name: `Radní ${i + 1}`, role: i === 0 ? 'chair' : 'member' })),
    { name: 'Tajemnice', role: 'secretary' },
  ]);
  rk = await getBody(ctx, secretary, rk.id);
}, 180_000);
afterAll(async () => {
  await ctx.close();
});

describe('bodies and members', () => {
  it('a body has the default Czech template, its majority, and members with roles', () => {
    expect(rk.resolutionTemplate).toBe('{seq:04}/{meeting:02}/{year}/{body}');
    expect(rk.majority).toBe(5);
    expect(rk.members.filter((m) => m.role !== 'secretary')).toHaveLength(9);
  });

  it('refuses a duplicate code, a bad template and substitutes outside committees', async () => {
    await expect(
      createBody(ctx, secretary, { code: 'RK', name: 'x', kind: 'council', seats: 9, termLabel: 'x' }),
    ).rejects.toMatchObject({ code: 'validation', fields: [{ field: 'code' }] });
    await expect(
      createBody(ctx, secretary, {
        code: 'FV',
        name: 'Finanční výbor',
        kind: 'committee',
        seats: 5,
        termLabel: 'x',
        resolutionTemplate: '{year}',
      }),
    ).rejects.toMatchObject({ fields: [{ field: 'resolutionTemplate' }] });
    await expect(
      addMember(ctx, secretary, rk.id, { name: 'Náhradník', role: 'member', substitute: true }),
    ).rejects.toMatchObject({
      fields: [{ field: 'substitute' }],
    });
    const fv = await createBody(ctx, secretary, {
      code: 'FV',
      name: 'Finanční výbor',
      kind: 'committee',
      seats: 5,
      termLabel: '2024–2028',
    });
    const sub = await addMember(ctx, secretary, fv.id, {
      name: 'Náhradník',
      role: 'member',
      substitute: true,
    });
    expect(sub.substitute).toBe(true);
  });

  it('a staff user becomes a member under their own name', async () => {
    const m = await addMember(ctx, secretary, rk.id, { userId: member.userId, role: 'verifier' });
    expect(m.name).toBe(member.label);
  });

  it('a council member reads but may not manage (403); another tenant sees nothing (404)', async () => {
    await expect(getBody(ctx, member, rk.id)).resolves.toMatchObject({ code: 'RK' });
    await expect(
      createBody(ctx, member, { code: 'X', name: 'x', kind: 'council', seats: 5, termLabel: 'x' }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(getBody(ctx, otherSecretary, rk.id)).rejects.toMatchObject({ code: 'not-found' });
  });
});

describe('materials', () => {
  it('keeps versions, requests and records opinions, and goes draft → opinions requested → ready', async () => {
    const m = await createMaterial(ctx, secretary, { bodyId: rk.id, ...texts('Dotace Telč') });
    expect(m.state).toBe('draft');
    const v2 = await updateMaterial(ctx, secretary, m.id, { proposal: 'Nové řešení' });
    expect(v2.version).toBe(2);
    expect(v2.versions.map((v) => v.proposal)).toEqual(['Nové řešení', 'Řešení']);
    const asked = await requestOpinion(ctx, secretary, m.id, 'Odbor ekonomický');
    expect(asked.state).toBe('opinions_requested');
    const done = await recordOpinion(ctx, secretary, m.id, asked.opinions[0]!.id, 'Souhlasí.');
    expect(done.opinions[0]).toMatchObject({ from: 'Odbor ekonomický', text: 'Souhlasí.' });
    expect((await markReady(ctx, secretary, m.id)).state).toBe('ready');
    expect((await listMaterials(ctx, member, { state: 'ready' })).map((x) => x.id)).toContain(m.id);
  });

  it('refuses an "ukládá" clause without a responsible person, and a deadline in the past', async () => {
    await expect(
      createMaterial(ctx, secretary, {
        bodyId: rk.id,
        ...texts('x'),
        clauses: [{ verb: 'uklada', text: 'zajistit', responsible: '', due: '2026-06-30' }],
      }),
    ).rejects.toMatchObject({ code: 'validation', fields: [{ field: 'clauses/0/responsible' }] });
    await expect(
      createMaterial(ctx, secretary, {
        bodyId: rk.id,
        ...texts('x'),
        clauses: [{ verb: 'uklada', text: 'zajistit', responsible: 'ředitel', due: '2026-03-01' }],
      }),
    ).rejects.toMatchObject({ fields: [{ field: 'clauses/0/due' }] });
  });

  it('another tenant cannot read or edit a material (404)', async () => {
    const m = await readyMaterial('Cizí');
    await expect(getMaterial(ctx, otherSecretary, m.id)).rejects.toMatchObject({ code: 'not-found' });
    await expect(updateMaterial(ctx, otherSecretary, m.id, { title: 'x' })).rejects.toMatchObject({
      code: 'not-found',
    });
  });
});

describe('a meeting', { timeout: 180_000 }, () => {
  it('numbers materials, adopts with a majority of ALL members, freezes the decided version, creates tasks', async () => {
    const withTask = await readyMaterial('Smlouva', rk, {
      clauses: [
        { verb: 'schvaluje', text: 'smlouvu' },
        { verb: 'uklada', text: 'uzavřít smlouvu', responsible: 'odbor dopravy', due: '2026-05-02' },
      ],
    });
    let m = await createMeeting(ctx, secretary, { bodyId: rk.id, date: '2026-04-14', place: 'Jihlava' });
    const year = 2026;
    m = await addAgendaItem(ctx, secretary, m.id, { materialId: withTask.id });
    const rejected = await readyMaterial('Prodej');
    m = await addAgendaItem(ctx, secretary, m.id, { materialId: rejected.id });
    const postponed = await readyMaterial('Odložit');
    m = await addAgendaItem(ctx, secretary, m.id, { materialId: postponed.id });
    m = await addAgendaItem(ctx, secretary, m.id, { title: 'Různé', section: 'misc' });
    expect(m.items.map((i) => i.reference)).toEqual([
      `RK-${m.number}-${year}-1`,
      `RK-${m.number}-${year}-2`,
      `RK-${m.number}-${year}-3`,
      null,
    ]);

    const voters = rk.members.filter((x) => x.role !== 'secretary');
    const ids = voters.map((x) => x.id);
    m = await recordAttendance(ctx, secretary, m.id, {
      memberIds: ids.slice(0, 6),
      kind: 'arrive',
      fromItem: 1,
    });
    // Two leave after item 1: items 2–4 have 4 of 9 — no quorum.
    m = await recordAttendance(ctx, secretary, m.id, {
      memberIds: ids.slice(0, 2),
      kind: 'leave',
      fromItem: 2,
    });
    await expect(
      recordAttendance(ctx, secretary, m.id, { memberIds: [ids[0]!], kind: 'leave', fromItem: 3 }),
    ).rejects.toMatchObject({ code: 'conflict' });
    expect(m.items.map((i) => i.presentIds.length)).toEqual([6, 4, 4, 4]);
    const [i1, i2, i3] = m.items;

    // 4 of 6 present vote for: a majority of those present, but not of all 9 → not adopted.
    await recordVote(ctx, secretary, i1!.id, {
      kind: 'named',
      ballots: voters.slice(0, 6).map((x, k) => ({ memberId: x.id, choice: k < 5 ? 'for' : 'against' })),
    });
    await expect(
      recordVote(ctx, secretary, i1!.id, { kind: 'aggregate', for: 6, against: 0, abstain: 0, notVoting: 0 }),
    ).rejects.toMatchObject({
      code: 'conflict',
    });
    await expect(
      recordVote(ctx, secretary, i2!.id, { kind: 'aggregate', for: 4, against: 0, abstain: 0, notVoting: 0 }),
    ).rejects.toMatchObject({
      code: 'validation',
      fields: [{ code: 'noQuorum' }],
    });
    const d1 = await decideItem(ctx, secretary, i1!.id, { outcome: 'adopted' });
    expect(d1.resolution?.number).toMatch(/^0001\/\d{2}\/2026\/RK$/);
    expect(d1.tasks).toEqual([
      expect.objectContaining({ responsible: 'odbor dopravy', due: '2026-05-02', nonWorking: '2026-05-04' }),
    ]);

    const frozen = await getMaterial(ctx, secretary, withTask.id);
    expect(frozen).toMatchObject({ state: 'decided', outcome: 'adopted', frozen: true });
    await expect(updateMaterial(ctx, secretary, withTask.id, { title: 'Změna' })).rejects.toMatchObject({
      code: 'conflict',
    });
    expect((await getMaterial(ctx, secretary, withTask.id)).title).toBe('Smlouva');

    // Item 2: without a vote there is no resolution number.
    await expect(decideItem(ctx, secretary, i2!.id, { outcome: 'adopted' })).rejects.toMatchObject({
      code: 'conflict',
    });
    await decideItem(ctx, secretary, i2!.id, { outcome: 'withdrawn' });
    await decideItem(ctx, secretary, i3!.id, { outcome: 'postponed' });
    const back = await getMaterial(ctx, secretary, postponed.id);
    expect(back).toMatchObject({ state: 'ready', reference: null, frozen: false });

    const tasks = await listTasks(ctx, member);
    expect(tasks).toEqual([
      expect.objectContaining({ resolutionNumber: d1.resolution!.number, urgency: 'later' }),
    ]);
  });

  it('a vote that does not reach a majority of all members gives no resolution number', async () => {
    let m = await meetingWith(rk, ['Neprošlo'], 9);
    const item = m.items[0]!;
    m = await recordVote(ctx, secretary, item.id, {
      kind: 'aggregate',
      for: 4,
      against: 3,
      abstain: 2,
      notVoting: 0,
    });
    expect(m.items[0]!.vote).toMatchObject({ adopted: false, present: 9 });
    await expect(decideItem(ctx, secretary, item.id, { outcome: 'adopted' })).rejects.toMatchObject({
      code: 'conflict',
    });
    const before = (await listResolutions(ctx, secretary)).length;
    await decideItem(ctx, secretary, item.id, { outcome: 'rejected' });
    expect((await listResolutions(ctx, secretary)).length).toBe(before);
    expect((await getMeeting(ctx, secretary, m.id)).items[0]!.outcome).toBe('rejected');
  });

  it('a council member may read the meeting but not vote (403); another tenant gets 404', async () => {
    const m = await meetingWith(rk, ['Čtení'], 5);
    await expect(getMeeting(ctx, member, m.id)).resolves.toMatchObject({ id: m.id });
    await expect(
      recordVote(ctx, member, m.items[0]!.id, {
        kind: 'aggregate',
        for: 5,
        against: 0,
        abstain: 0,
        notVoting: 0,
      }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(getMeeting(ctx, otherSecretary, m.id)).rejects.toMatchObject({ code: 'not-found' });
    await expect(
      recordVote(ctx, otherSecretary, m.items[0]!.id, {
        kind: 'aggregate',
        for: 5,
        against: 0,
        abstain: 0,
        notVoting: 0,
      }),
    ).rejects.toMatchObject({ code: 'not-found' });
  });

  it('numbers resolutions gap-free per body and year under 16 concurrent adoptions', async () => {
    const zk = await createBody(ctx, secretary, {
      code: 'ZK',
      name: 'Zastupitelstvo',
      kind: 'assembly',
      seats: 45,
      termLabel: '2024–2028',
    });
    await addMembers(
      ctx,
      secretary,
      zk.id,
      Array.from({ length: 45 }, (_, i) => ({ name: `Zastupitel ${i + 1}`, role: 'member' })),
    );
    const body = await getBody(ctx, secretary, zk.id);
    const titles = Array.from({ length: 16 }, (_, i) => `Bod ${i + 1}`);
    let m = await meetingWith(body, titles, 30);
    for (const item of m.items)
      m = await recordVote(ctx, secretary, item.id, {
        kind: 'aggregate',
        for: 23,
        against: 7,
        abstain: 0,
        notVoting: 0,
      });
    const results = await Promise.all(
      m.items.map((item) => decideItem(ctx, secretary, item.id, { outcome: 'adopted' })),
    );
    const numbers = results.map((r) => r.resolution!.number).sort();
    expect(numbers).toEqual(
      Array.from(
        { length: 16 },
        (_, i) => `${String(i + 1).padStart(4, '0')}/${String(m.number).padStart(2, '0')}/2026/ZK`,
      ),
    );
  });

  it('a Polish tenant numbers resolutions with the roman session', async () => {
    const { tenantId, userId } = await (async () => {
      const id = await ctx.asSuperuser(async (db) => {
        const r = await db
          .selectFrom('tenant')
          .select('id')
          .where('slug', '=', 'jiny')
          .executeTakeFirstOrThrow();
        await db.updateTable('tenant').set({ country: 'PL' }).where('id', '=', r.id).execute();
        return r.id as string;
      });
      return { tenantId: id, userId: otherSecretary.userId };
    })();
    expect(userId).toBeTruthy();
    const rg = await createBody(ctx, otherSecretary, {
      code: 'RG',
      name: 'Rada Gminy',
      kind: 'assembly',
      seats: 15,
      termLabel: '2024–2029',
    });
    expect(rg.resolutionTemplate).toBe('{session:roman}/{seq}/{year}');
    await addMembers(
      ctx,
      otherSecretary,
      rg.id,
      Array.from({ length: 15 }, (_, i) => ({ name: `Radny ${i + 1}`, role: 'member' })),
    );
    const body = await getBody(ctx, otherSecretary, rg.id);
    let m = await createMeeting(ctx, otherSecretary, {
      bodyId: rg.id,
      date: '2026-05-12',
      place: 'Sala',
      session: 12,
    });
    const mat = await createMaterial(ctx, otherSecretary, { bodyId: rg.id, ...texts('Uchwała') });
    await markReady(ctx, otherSecretary, mat.id);
    m = await addAgendaItem(ctx, otherSecretary, m.id, { materialId: mat.id });
    m = await recordAttendance(ctx, otherSecretary, m.id, {
      memberIds: body.members.slice(0, 10).map((x) => x.id),
      kind: 'arrive',
      fromItem: 1,
    });
    await recordVote(ctx, otherSecretary, m.items[0]!.id, {
      kind: 'aggregate',
      for: 8,
      against: 2,
      abstain: 0,
      notVoting: 0,
    });
    const d = await decideItem(ctx, otherSecretary, m.items[0]!.id, { outcome: 'adopted' });
    expect(d.resolution!.number).toBe('XII/1/2026');
    expect(tenantId).toBeTruthy();
  });
});
