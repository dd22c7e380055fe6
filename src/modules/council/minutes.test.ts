import { createHash } from 'node:crypto';
import type { Transaction } from 'kysely';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAudit, verifyChain } from '../../platform/audit/chain.js';
import { getFile } from '../../platform/blobs/index.js';
import { type Actor, SYSTEM_ACTOR, withTenant } from '../../platform/db/tenant.js';
import { translator } from '../../platform/i18n/index.js';
import { actorFor, addTenant, addUser, fastHashing } from '../../platform/identity/testing.js';
import { createTestContext, type TestContext } from '../../test-support/context.js';
import type { Clause } from './domain/material.js';
import {
  approveMinutes,
  finaliseMinutes,
  getMinutes,
  getMinutesPdf,
  listMinutes,
  minutesWork,
  saveMinutesNotes,
} from './minutes-service.js';
import { councilDashboard } from './pages/minutes.js';
import type { CouncilDB } from './schema.js';
import {
  addAgendaItem,
  addMembers,
  type BodyView,
  createBody,
  createMaterial,
  createMeeting,
  decideItem,
  getBody,
  type MeetingView,
  markReady,
  recordAttendance,
  recordVote,
} from './service.js';

let ctx: TestContext;
let tenant: string;
let secretary: Actor;
let verifier: Actor;
let verifier2: Actor;
let otherMember: Actor;
let otherSecretary: Actor;
let zm: BodyView;
let meeting: MeetingView;

async function pdfText(pdf: Uint8Array): Promise<string> {
  const doc = await getDocumentProxy(new Uint8Array(pdf));
  return (await extractText(doc, { mergePages: true })).text;
}

async function material(title: string, clauses: Clause[]) {
  const m = await createMaterial(ctx, secretary, {
    bodyId: zm.id,
    title,
    author: 'Ing. Žofie Řeháková',
    submitter: 'starosta',
    problem: 'Problém',
    proposal: 'Řešení',
    clauses,
  });
  return markReady(ctx, secretary, m.id);
}

/** A held meeting (25 March 2026, clock 1 April): one item adopted, one rejected, plus "Různé". */
async function heldMeeting(date = '2026-03-25'): Promise<MeetingView> {
  let m = await createMeeting(ctx, secretary, { bodyId: zm.id, date, place: 'Hlučín, radnice' });
  const a = await material('Rozpočtové opatření č. 2', [
    { verb: 'schvaluje', text: 'rozpočtové opatření č. 2 podle přílohy usnesení' },
    { verb: 'uklada', text: 'zapracovat opatření', responsible: 'odbor finanční', due: '2026-06-30' },
  ]);
  const b = await material('Prodej pozemku', [{ verb: 'schvaluje', text: 'prodej pozemku' }]);
  m = await addAgendaItem(ctx, secretary, m.id, { materialId: a.id });
  m = await addAgendaItem(ctx, secretary, m.id, { materialId: b.id });
  m = await addAgendaItem(ctx, secretary, m.id, { title: 'Různé', section: 'misc' });
  const voters = zm.members.filter((x) => x.role !== 'secretary').map((x) => x.id);
  m = await recordAttendance(ctx, secretary, m.id, {
    memberIds: voters.slice(0, 4),
    kind: 'arrive',
    fromItem: 1,
  });
  m = await recordAttendance(ctx, secretary, m.id, { memberIds: [voters[4]!], kind: 'arrive', fromItem: 2 });
  await recordVote(ctx, secretary, m.items[0]!.id, {
    kind: 'named',
    ballots: m.items[0]!.presentIds.map((memberId, i) => ({ memberId, choice: i < 3 ? 'for' : 'against' })),
  });
  await decideItem(ctx, secretary, m.items[0]!.id, { outcome: 'adopted' });
  await recordVote(ctx, secretary, m.items[1]!.id, {
    kind: 'aggregate',
    for: 1,
    against: 4,
    abstain: 0,
    notVoting: 0,
  });
  await decideItem(ctx, secretary, m.items[1]!.id, { outcome: 'rejected' });
  return m;
}

beforeAll(async () => {
  ctx = await createTestContext({ now: new Date('2026-04-01T10:00:00Z') });
  fastHashing(ctx);
  tenant = await addTenant(ctx, 'mesto');
  const t2 = await addTenant(ctx, 'jine');
  secretary = actorFor(await addUser(ctx, tenant, 'tajemnik', ['council_secretary']));
  verifier = actorFor(
    await addUser(ctx, tenant, 'overovatel', ['council_member'], { displayName: 'Cyril Čech' }),
  );
  verifier2 = actorFor(
    await addUser(ctx, tenant, 'overovatelka', ['council_member'], { displayName: 'Eva Malá' }),
  );
  otherMember = actorFor(
    await addUser(ctx, tenant, 'clen', ['council_member'], { displayName: 'Dušan Dvořák' }),
  );
  otherSecretary = actorFor(await addUser(ctx, t2, 'tajemnik2', ['council_secretary']));
  zm = await createBody(ctx, secretary, {
    code: 'ZM',
    name: 'Zastupitelstvo města',
    kind: 'assembly',
    seats: 5,
    termLabel: '2022–2026',
  });
  await addMembers(ctx, secretary, zm.id, [
    { name: 'Anna Adamová', role: 'chair' },
    { userId: verifier.userId, role: 'verifier' },
    { userId: verifier2.userId, role: 'verifier' },
    { userId: otherMember.userId, role: 'member' },
    { name: 'Emil Eliáš', role: 'member' },
    { name: 'Sekretářka', role: 'secretary' },
  ]);
  zm = await getBody(ctx, secretary, zm.id);
  meeting = await heldMeeting();
}, 180_000);
afterAll(async () => {
  await ctx.close();
});

describe('minutes of a held meeting', () => {
  it('are due 10 days after the meeting, moved past the weekend and Easter Monday, with the explanation', async () => {
    const m = await getMinutes(ctx, secretary, meeting.id);
    expect(m.date).toBe('2026-03-25');
    expect(m.due).toBe('2026-04-07');
    expect(m.dueExplanation.steps.map((s) => s.kind)).toEqual([
      'count',
      'non-working',
      'non-working',
      'non-working',
      'moved',
    ]);
    expect(m.state).toBe('open');
    expect(m.final).toBe(false);
    expect(m.verifiers.map((v) => [v.name, v.approvedAt])).toEqual([
      ['Cyril Čech', null],
      ['Eva Malá', null],
    ]);
    expect(m.blockers.join(' ')).toMatch(/Cyril Čech, Eva Malá/);
  });

  it('contain attendance with the late arrival, the named vote by name and the resolution in full', async () => {
    const { doc } = await getMinutes(ctx, secretary, meeting.id);
    expect(doc.presentAtStart).toHaveLength(4);
    expect(doc.movements).toEqual([{ name: 'Eva Malá', kind: 'arrive', fromItem: 2 }]);
    expect(doc.items[0]!.vote!.ballots.map((b) => b.choice)).toEqual(['for', 'for', 'for', 'against']);
    expect(doc.items[0]!.resolution).toMatchObject({
      number: '0001/01/2026/ZM',
      clauses: [{ verb: 'schvaluje' }, { verb: 'uklada', responsible: 'odbor finanční' }],
    });
    expect(doc.items[1]!.resolution).toBeNull();
    expect(doc.items[0]!.submitter).toBe('starosta');
  });

  it('the secretary writes notes; a member may not (403); another tenant gets 404', async () => {
    const m = await saveMinutesNotes(ctx, secretary, meeting.id, {
      opening: 'Zasedání zahájila starostka v 16:00.',
      notes: { [meeting.items[0]!.id]: 'Diskuse o výši spoluúčasti.' },
    });
    expect(m.notes[meeting.items[0]!.id]).toBe('Diskuse o výši spoluúčasti.');
    expect(m.doc.opening).toBe('Zasedání zahájila starostka v 16:00.');
    await expect(saveMinutesNotes(ctx, verifier, meeting.id, { opening: 'x' })).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(getMinutes(ctx, otherSecretary, meeting.id)).rejects.toMatchObject({ code: 'not-found' });
    await expect(
      saveMinutesNotes(ctx, secretary, meeting.id, {
        notes: { '0190a1b2-0000-7000-8000-000000000001': 'x' },
      }),
    ).rejects.toMatchObject({ code: 'validation' });
  });

  it('only a verifier of the body approves: a non-verifier member and the secretary get 403', async () => {
    await expect(approveMinutes(ctx, otherMember, meeting.id)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(approveMinutes(ctx, secretary, meeting.id)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(approveMinutes(ctx, otherSecretary, meeting.id)).rejects.toMatchObject({
      code: 'forbidden',
    });
    const m = await approveMinutes(ctx, verifier, meeting.id);
    expect(m.verifiers.find((v) => v.name === 'Cyril Čech')).toMatchObject({ current: true });
    expect(m.blockers.join(' ')).toMatch(/Eva Malá/);
    expect(m.blockers.join(' ')).not.toMatch(/Cyril/);
  });

  it('finalising before all verifiers approved is refused (409) and changes nothing', async () => {
    await expect(finaliseMinutes(ctx, secretary, meeting.id)).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/Eva Malá/),
    });
    expect((await getMinutes(ctx, secretary, meeting.id)).final).toBe(false);
  });

  it('a change after an approval makes it stale: the verifier must approve again', async () => {
    await approveMinutes(ctx, verifier2, meeting.id);
    let m = await saveMinutesNotes(ctx, secretary, meeting.id, { closing: 'Ukončeno v 18:00.' });
    expect(m.verifiers.map((v) => v.current)).toEqual([false, false]);
    await expect(finaliseMinutes(ctx, secretary, meeting.id)).rejects.toMatchObject({ code: 'conflict' });
    await approveMinutes(ctx, verifier, meeting.id);
    m = await approveMinutes(ctx, verifier2, meeting.id);
    expect(m.verifiers.map((v) => v.current)).toEqual([true, true]);
    expect(m.blockers).toEqual([]);
  });

  it('a member may not finalise (403)', async () => {
    await expect(finaliseMinutes(ctx, verifier, meeting.id)).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('final: PDF stored as a file, its SHA-256 in the audit chain, Czech text extractable', async () => {
    const m = await finaliseMinutes(ctx, secretary, meeting.id);
    expect(m.final).toBe(true);
    expect(m.state).toBe('final');
    expect(m.pdfSha256).toMatch(/^[0-9a-f]{64}$/);
    const pdf = await getMinutesPdf(ctx, verifier, meeting.id);
    expect(pdf.final).toBe(true);
    expect(createHash('sha256').update(pdf.content).digest('hex')).toBe(m.pdfSha256);
    const audit = await withTenant(ctx.db, tenant, SYSTEM_ACTOR, async (tx) => {
      const row = await (tx.trx as unknown as Transaction<CouncilDB>)
        .selectFrom('council_minutes')
        .select('pdf_blob_id')
        .where('meeting_id', '=', meeting.id)
        .executeTakeFirstOrThrow();
      const file = await getFile(ctx, tx, row.pdf_blob_id!);
      expect(file.record.sha256).toBe(m.pdfSha256);
      expect(file.record.mime).toBe('application/pdf');
      return readAudit(tx, { objectId: meeting.id });
    });
    const final = audit.find((e) => e.eventType === 'Uzavreni');
    expect(final?.params).toMatchObject({ council: 'minutesFinal', sha256: m.pdfSha256 });
    expect(audit.filter((e) => e.eventType === 'Schvaleni').length).toBeGreaterThanOrEqual(4);
    expect((await verifyChain(ctx.db, tenant)).ok).toBe(true);

    const text = await pdfText(pdf.content);
    for (const s of [
      'Zápis z 1. zasedání orgánu Zastupitelstvo města',
      'Usnesení č. 0001/01/2026/ZM',
      'ověřovatelé zápisu',
      'Cyril Čech',
      'Eva Malá',
      'Diskuse o výši spoluúčasti.',
      'Eva Malá – příchod, přítomen od bodu 2',
      'ukládá zapracovat opatření',
    ])
      expect(text).toContain(s);
    expect(text).toContain('Zápis je konečný od');
    expect(text).not.toContain('Návrh zápisu');
  });

  it('frozen: no more notes, attendance, agenda items, decisions, approvals or finalising (409)', async () => {
    const id = meeting.id;
    const conflict = { code: 'conflict' };
    await expect(saveMinutesNotes(ctx, secretary, id, { closing: 'změna' })).rejects.toMatchObject(conflict);
    await expect(
      recordAttendance(ctx, secretary, id, { memberIds: [zm.members[0]!.id], kind: 'leave', fromItem: 3 }),
    ).rejects.toMatchObject(conflict);
    await expect(addAgendaItem(ctx, secretary, id, { title: 'Dodatečný bod' })).rejects.toMatchObject(
      conflict,
    );
    await expect(
      recordVote(ctx, secretary, meeting.items[2]!.id, {
        kind: 'aggregate',
        for: 5,
        against: 0,
        abstain: 0,
        notVoting: 0,
      }),
    ).rejects.toMatchObject(conflict);
    await expect(
      decideItem(ctx, secretary, meeting.items[2]!.id, { outcome: 'withdrawn' }),
    ).rejects.toMatchObject(conflict);
    await expect(approveMinutes(ctx, verifier, id)).rejects.toMatchObject(conflict);
    await expect(finaliseMinutes(ctx, secretary, id)).rejects.toMatchObject(conflict);
    // Still exactly as finalised.
    const m = await getMinutes(ctx, secretary, id);
    expect(m.doc.closing).toBe('Ukončeno v 18:00.');
    expect(m.verifiers.map((v) => v.current)).toEqual([true, true]);
  });
});

describe('minutes that cannot be approved or finalised yet', () => {
  it('a future meeting: state upcoming, approval refused (409)', async () => {
    const m = await createMeeting(ctx, secretary, { bodyId: zm.id, date: '2026-04-20', place: 'Hlučín' });
    const v = await getMinutes(ctx, secretary, m.id);
    expect(v.state).toBe('upcoming');
    await expect(approveMinutes(ctx, verifier, m.id)).rejects.toMatchObject({ code: 'conflict' });
  });

  it('an undecided item blocks finalising even when the verifiers approved', async () => {
    let m = await createMeeting(ctx, secretary, { bodyId: zm.id, date: '2026-03-30', place: 'Hlučín' });
    const mat = await material('Nerozhodnutý bod', [{ verb: 'schvaluje', text: 'něco' }]);
    m = await addAgendaItem(ctx, secretary, m.id, { materialId: mat.id });
    await approveMinutes(ctx, verifier, m.id);
    await approveMinutes(ctx, verifier2, m.id);
    await expect(finaliseMinutes(ctx, secretary, m.id)).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/without a recorded outcome: 1/),
    });
    // The draft PDF says it is a draft.
    const pdf = await getMinutesPdf(ctx, secretary, m.id);
    expect(pdf.final).toBe(false);
    expect(await pdfText(pdf.content)).toContain('Návrh zápisu');
  });

  it('the list shows due dates and states: overdue, final, open, upcoming', async () => {
    // A meeting whose 10 days have passed without final minutes.
    await createMeeting(ctx, secretary, { bodyId: zm.id, date: '2026-03-02', place: 'Hlučín' });
    const list = await listMinutes(ctx, verifier);
    const byDate = Object.fromEntries(list.map((m) => [m.date, [m.due, m.state]]));
    expect(byDate).toMatchObject({
      '2026-04-20': ['2026-04-30', 'upcoming'],
      '2026-03-30': ['2026-04-09', 'open'],
      '2026-03-25': ['2026-04-07', 'final'],
      '2026-03-02': ['2026-03-12', 'overdue'],
    });
    expect(await listMinutes(ctx, otherSecretary)).toEqual([]);
  });

  it('the dashboard: minutes overdue, and those waiting for this verifier (not approved, not final, held)', async () => {
    const mine = await minutesWork(ctx, verifier);
    expect(mine.overdue.map((m) => m.date)).toEqual(['2026-03-02']);
    expect(mine.toApprove.map((m) => m.date)).toEqual(['2026-03-02']);
    expect((await minutesWork(ctx, otherMember)).toApprove).toEqual([]);
    const widgets = await councilDashboard(ctx, verifier, translator('cs'));
    expect(widgets.map((w) => w.title)).toEqual(['Zápisy k vašemu ověření (1)', 'Zápisy po termínu (1)']);
    expect(await councilDashboard(ctx, otherSecretary, translator('cs'))).toEqual([]);
  });

  it('finalising and a late decision racing: exactly one wins, the other is refused (409)', async () => {
    for (let round = 0; round < 3; round++) {
      const m = await heldMeeting(`2026-03-2${round}`);
      await approveMinutes(ctx, verifier, m.id);
      await approveMinutes(ctx, verifier2, m.id);
      const results = await Promise.allSettled([
        finaliseMinutes(ctx, secretary, m.id),
        decideItem(ctx, secretary, m.items[2]!.id, { outcome: 'withdrawn' }),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(refused.reason).toMatchObject({ code: 'conflict' });
      const after = await getMinutes(ctx, secretary, m.id);
      // Whatever won, final minutes contain exactly the decisions made before they became final.
      if (after.final) expect(after.doc.items[2]!.outcome).toBeNull();
      else expect(after.doc.items[2]!.outcome).toBe('withdrawn');
    }
  });
});
