/**
 * The minutes state, per agenda item, who arrived and who left, the counter-proposals and
 * amendments with their votes in the order they were voted (named votes with the names), and
 * the main vote — in the service's document, the PDF (text extracted with unpdf) and the public
 * HTML page, where phrases redacted on the resolution are hidden in the motions' wording too.
 */
import type { FastifyInstance } from 'fastify';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../platform/db/tenant.js';
import { buildApp } from '../../platform/http/app.js';
import { actorFor, addTenant, addUser, fastHashing } from '../../platform/identity/testing.js';
import { createTestContext, type TestContext } from '../../test-support/context.js';
import { finaliseMinutes, getMinutes, getMinutesPdf, type MinutesView } from './minutes-service.js';
import { addMotion, voteOnMotion } from './motions-service.js';
import { getRedactedPublicMinutesPdf, markPhrase, publishRedaction } from './redaction-service.js';
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
let app: FastifyInstance;
let tenant: string;
let secretary: Actor;
let zm: BodyView;
let meeting: MeetingView;
let minutes: MinutesView;
let resolutionId: string;

async function pdfText(pdf: Uint8Array): Promise<string> {
  const doc = await getDocumentProxy(new Uint8Array(pdf));
  return (await extractText(doc, { mergePages: true })).text.replace(/\s+/g, ' ');
}

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/\s+/g, ' ');

const aggregate = (f: number, a: number, abstain = 0) => ({
  kind: 'aggregate' as const,
  for: f,
  against: a,
  abstain,
  notVoting: 0,
});

beforeAll(async () => {
  ctx = await createTestContext({ now: new Date('2026-04-01T10:00:00Z') });
  fastHashing(ctx);
  tenant = await addTenant(ctx, 'krnov', 'Město Krnov');
  secretary = actorFor(await addUser(ctx, tenant, 'tajemnik', ['council_secretary']));
  zm = await createBody(ctx, secretary, {
    code: 'ZM',
    name: 'Zastupitelstvo města Krnova',
    kind: 'assembly',
    seats: 5,
    termLabel: '2022–2026',
  });
  // No verifiers: the secretary can make the minutes final alone.
  await addMembers(ctx, secretary, zm.id, [
    { name: 'Anna Adamová', role: 'chair' },
    { name: 'Řehoř Žák', role: 'member' },
    { name: 'Čeněk Šťastný', role: 'member' },
    { name: 'Dana Dvořáková', role: 'member' },
    { name: 'Emil Eliáš', role: 'member' },
  ]);
  zm = await getBody(ctx, secretary, zm.id);
  const id = (name: string) => zm.members.find((m) => m.name === name)!.id;

  meeting = await createMeeting(ctx, secretary, {
    bodyId: zm.id,
    date: '2026-03-20',
    place: 'Krnov, radnice',
  });
  for (const [title, clauses] of [
    [
      'Prodej pozemku p. č. 1234',
      [
        { verb: 'schvaluje' as const, text: 'prodej pozemku p. č. 1234 panu Janu Novákovi za 500 Kč/m²' },
        { verb: 'bere_na_vedomi' as const, text: 'stanovisko odboru výstavby' },
      ],
    ],
    ['Název nové ulice', [{ verb: 'schvaluje' as const, text: 'název ulice Polní' }]],
  ] as const) {
    const m = await createMaterial(ctx, secretary, {
      bodyId: zm.id,
      title,
      author: 'Ing. Žofie Řeháková',
      submitter: 'starosta',
      problem: 'Problém',
      proposal: 'Řešení',
      clauses: [...clauses],
    });
    await markReady(ctx, secretary, m.id);
    meeting = await addAgendaItem(ctx, secretary, meeting.id, { materialId: m.id });
  }
  // Four present from the start; Emil Eliáš arrives for item 2, Dana Dvořáková leaves before it.
  meeting = await recordAttendance(ctx, secretary, meeting.id, {
    memberIds: ['Anna Adamová', 'Řehoř Žák', 'Čeněk Šťastný', 'Dana Dvořáková'].map(id),
    kind: 'arrive',
    fromItem: 1,
  });
  meeting = await recordAttendance(ctx, secretary, meeting.id, {
    memberIds: [id('Emil Eliáš')],
    kind: 'arrive',
    fromItem: 2,
  });
  meeting = await recordAttendance(ctx, secretary, meeting.id, {
    memberIds: [id('Dana Dvořáková')],
    kind: 'leave',
    fromItem: 2,
  });

  // Item 1: an amendment (no. 1), then a counter-proposal (no. 2). The counter-proposal is voted
  // first (named, rejected), then the amendment (aggregate, adopted), then the main proposal.
  const [item1, item2] = meeting.items;
  await addMotion(ctx, secretary, item1!.id, {
    kind: 'amendment',
    proposer: 'Řehoř Žák',
    change: {
      clauseIndex: 0,
      clause: { verb: 'schvaluje', text: 'prodej pozemku p. č. 1234 panu Janu Novákovi za 650 Kč/m²' },
    },
  });
  const counter = await addMotion(ctx, secretary, item1!.id, {
    kind: 'counter',
    proposer: 'Dana Dvořáková',
    clauses: [{ verb: 'neschvaluje', text: 'prodej pozemku p. č. 1234 panu Janu Novákovi' }],
  });
  const [amendment1, counter1] = counter.motions;
  const present1 = meeting.items[0]!.presentIds;
  await voteOnMotion(ctx, secretary, counter1!.id, {
    kind: 'named',
    ballots: present1.map((memberId) => ({
      memberId,
      choice:
        memberId === id('Dana Dvořáková') ? 'for' : memberId === id('Čeněk Šťastný') ? 'abstain' : 'against',
    })),
  });
  ctx.clock.set(new Date('2026-04-01T10:01:00Z'));
  await voteOnMotion(ctx, secretary, amendment1!.id, aggregate(3, 1));
  ctx.clock.set(new Date('2026-04-01T10:02:00Z'));
  await recordVote(ctx, secretary, item1!.id, aggregate(4, 0));
  const d = await decideItem(ctx, secretary, item1!.id, { outcome: 'adopted' });
  resolutionId = d.resolution!.id;

  // Item 2: a counter-proposal adopted by a named vote ends the item; the amendment is void.
  await addMotion(ctx, secretary, item2!.id, {
    kind: 'counter',
    proposer: 'Emil Eliáš',
    clauses: [{ verb: 'schvaluje', text: 'název ulice Luční' }],
  });
  const v2 = await addMotion(ctx, secretary, item2!.id, {
    kind: 'amendment',
    proposer: 'Čeněk Šťastný',
    change: { clauseIndex: null, clause: { verb: 'bere_na_vedomi', text: 'stanovisko osadního výboru' } },
  });
  const present2 = meeting.items[1]!.presentIds;
  ctx.clock.set(new Date('2026-04-01T10:03:00Z'));
  await voteOnMotion(ctx, secretary, v2.motions.find((m) => m.kind === 'counter')!.id, {
    kind: 'named',
    ballots: present2.map((memberId) => ({ memberId, choice: 'for' })),
  });
  await decideItem(ctx, secretary, item2!.id, { outcome: 'adopted' });
  minutes = await getMinutes(ctx, secretary, meeting.id);
  app = await buildApp(ctx);
}, 180_000);

afterAll(async () => {
  await app?.close();
  await ctx?.close();
});

describe('minutes: motions and attendance per item', () => {
  it('the document lists arrivals and departures per item and the motions in the order voted', () => {
    const [i1, i2] = minutes.doc.items;
    expect([i1!.arrivals, i1!.departures, i2!.arrivals, i2!.departures]).toEqual([
      [],
      [],
      ['Emil Eliáš'],
      ['Dana Dvořáková'],
    ]);
    // Counter-proposal no. 2 was voted before amendment no. 1 (last submitted counter first).
    expect(i1!.motions.map((m) => [m.kind, m.seq, m.state, m.vote?.tally.for ?? null])).toEqual([
      ['counter', 2, 'rejected', 1],
      ['amendment', 1, 'adopted', 3],
    ]);
    // Named vote: the ballots by name, in the order of the body's member list (as the main vote's).
    expect(i1!.motions[0]!.vote!.ballots).toEqual([
      { name: 'Anna Adamová', choice: 'against' },
      { name: 'Dana Dvořáková', choice: 'for' },
      { name: 'Čeněk Šťastný', choice: 'abstain' },
      { name: 'Řehoř Žák', choice: 'against' },
    ]);
    expect(i1!.vote).toMatchObject({ tally: { for: 4 }, adopted: true });
    // Voted motions first, the one never voted (void) after them.
    expect(i2!.motions.map((m) => [m.kind, m.state, m.vote === null])).toEqual([
      ['counter', 'adopted', false],
      ['amendment', 'void', true],
    ]);
    expect(i2!.vote).toBeNull();
    expect(i2!.outcome).toBe('adopted_amended');
  });

  it('the PDF states them with Czech diacritics', async () => {
    const t = await pdfText((await getMinutesPdf(ctx, secretary, meeting.id)).content);
    expect(t).toContain('Příchod Emil Eliáš');
    expect(t).toContain('Odchod Dana Dvořáková');
    const counterAt = t.indexOf('Protinávrh č. 2 (předkládá Dana Dvořáková)');
    const amendmentAt = t.indexOf('Pozměňovací návrh č. 1 (předkládá Řehoř Žák)');
    const mainAt = t.indexOf('Hlasování o návrhu usnesení: pro 4, proti 0, zdržel se 0, nehlasoval 0');
    expect(counterAt).toBeGreaterThan(0);
    expect(amendmentAt).toBeGreaterThan(counterAt);
    expect(mainAt).toBeGreaterThan(amendmentAt);
    const counterPart = t.slice(counterAt, amendmentAt);
    expect(counterPart).toContain('neschvaluje prodej pozemku p. č. 1234 panu Janu Novákovi');
    expect(counterPart).toContain(
      'Hlasování: pro 1, proti 2, zdržel se 1, nehlasoval 0 – návrh nebyl přijat',
    );
    expect(counterPart).toMatch(/Čeněk Šťastný zdržel se/i);
    expect(t.slice(amendmentAt, mainAt)).toContain(
      'nahrazuje bod 1: schvaluje prodej pozemku p. č. 1234 panu Janu Novákovi za 650 Kč/m²',
    );
    expect(t.slice(amendmentAt, mainAt)).toContain(
      'pro 3, proti 1, zdržel se 0, nehlasoval 0 – návrh byl přijat',
    );
    expect(t).toContain('Protinávrh č. 1 (předkládá Emil Eliáš)');
    expect(t).toContain('Pozměňovací návrh č. 2 (předkládá Čeněk Šťastný)');
    expect(t).toContain('doplňuje bod: bere na vědomí stanovisko osadního výboru');
    expect(t).toContain('nehlasováno (vyřešeno dříve)');
  });

  it('the public minutes hide in the motions what is redacted on the resolution (HTML and PDF)', async () => {
    await finaliseMinutes(ctx, secretary, meeting.id);
    const marked = await markPhrase(ctx, secretary, 'resolution', resolutionId, {
      version: 1,
      phrase: 'Janu Novákovi',
      category: 'name',
    });
    expect(marked.added).toBeGreaterThan(0);
    await publishRedaction(ctx, secretary, 'resolution', resolutionId, { version: 1 });

    const page = await app.inject({ url: `/krnov/zasedani/${meeting.id}`, headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(200);
    const html = text(page.body);
    expect(html).not.toContain('Novákovi');
    expect(html).toContain('Protinávrh č. 2 (předkládá Dana Dvořáková)');
    expect(html).toContain('neschvaluje prodej pozemku p. č. 1234 panu [jméno a příjmení]');
    expect(html).toContain('Jmenovité hlasování – Protinávrh č. 2 (předkládá Dana Dvořáková)');
    expect(html).toContain('Anna Adamová Proti Dana Dvořáková Pro Čeněk Šťastný Zdržel se Řehoř Žák Proti');
    expect(html).toContain('Příchod Emil Eliáš');

    const pdf = await pdfText((await getRedactedPublicMinutesPdf(ctx, tenant, meeting.id)).content);
    expect(pdf).not.toContain('Novákovi');
    expect(pdf).toContain(
      'nahrazuje bod 1: schvaluje prodej pozemku p. č. 1234 panu [jméno a příjmení] za 650 Kč/m²',
    );
    // The staff minutes keep the original wording.
    const staff = await pdfText((await getMinutesPdf(ctx, secretary, meeting.id)).content);
    expect(staff).toContain('panu Janu Novákovi za 650 Kč/m²');
  });
});
