/**
 * Demo data: Kraj Vysočina gets its council (RK, 9 seats) and assembly (ZK, 45 seats), a past
 * meeting of each with materials numbered RK-18-2009-n, adopted resolutions (…/ZK) and open
 * tasks; Gmina Przykładowo gets a rada gminy with a resolution XII/1/2024.
 */
import type { AppContext } from '../../platform/context.js';
import type { Actor } from '../../platform/db/tenant.js';
import type { Clause } from './domain/material.js';
import {
  addAgendaItem,
  addMember,
  addMembers,
  createBody,
  createMaterial,
  createMeeting,
  decideItem,
  type MeetingView,
  markReady,
  recordAttendance,
  recordOpinion,
  recordVote,
  requestOpinion,
} from './service.js';

const systemIn = (tenantId: string): Actor => ({
  userId: null,
  label: 'demo seed',
  roles: ['council_secretary'],
  tenantId,
  kind: 'system',
});

async function tenantId(ctx: AppContext, slug: string): Promise<string | null> {
  const t = await ctx.db.selectFrom('tenant').select('id').where('slug', '=', slug).executeTakeFirst();
  return t?.id ?? null;
}

const CZ_NAMES = [
  'Jiří Běhounek',
  'Martin Hyský',
  'Libor Joukl',
  'Zdeňka Marková',
  'Petr Krčál',
  'Jana Fischerová',
  'Vladimír Novotný',
  'Kamil Zadražil',
  'Pavel Franěk',
  'Hana Žáková',
  'Ivo Rohovský',
  'Lenka Borecká',
];

async function everyonePresent(ctx: AppContext, actor: Actor, meeting: MeetingView, count: number) {
  const ids = meeting.body.members
    .filter((x) => x.role !== 'secretary')
    .slice(0, count)
    .map((x) => x.id);
  return recordAttendance(ctx, actor, meeting.id, { memberIds: ids, kind: 'arrive', fromItem: 1 });
}

export async function seedCouncilDemo(ctx: AppContext): Promise<void> {
  const vysocina = await tenantId(ctx, 'vysocina');
  if (vysocina) {
    const a = systemIn(vysocina);
    const rk = await createBody(ctx, a, {
      code: 'RK',
      name: 'Rada Kraje Vysočina',
      kind: 'council',
      seats: 9,
      termLabel: '2008–2012',
    });
    const zk = await createBody(ctx, a, {
      code: 'ZK',
      name: 'Zastupitelstvo Kraje Vysočina',
      kind: 'assembly',
      seats: 45,
      termLabel: '2008–2012',
    });
    await addMembers(
      ctx,
      a,
      rk.id,
      CZ_NAMES.slice(0, 9).map((name, i) => ({
        name,
        role: i === 0 ? 'chair' : i === 1 ? 'deputy' : 'member',
      })),
    );
    await addMembers(
      ctx,
      a,
      zk.id,
      Array.from({ length: 45 }, (_, i) => ({
        name: CZ_NAMES[i] ?? `Zastupitel ${i + 1}`,
        role: i === 0 ? 'chair' : i === 2 || i === 3 ? 'verifier' : 'member',
      })),
    );
    await addMember(ctx, a, rk.id, { name: 'Klára Kratochvílová', role: 'secretary' });

    // A council meeting with three materials: one adopted with a task, one rejected, one postponed.
    const clauses: Clause[][] = [
      [
        {
          verb: 'schvaluje',
          text: 'poskytnutí dotace obci Telč ve výši 250 000 Kč na opravu kulturní památky',
        },
        {
          verb: 'uklada',
          text: 'zajistit uzavření smlouvy o poskytnutí dotace',
          responsible: 'odbor kultury a památkové péče',
          due: '2030-06-30',
        },
      ],
      [{ verb: 'schvaluje', text: 'prodej pozemku p. č. 1234 v k. ú. Jihlava' }],
      [{ verb: 'bere_na_vedomi', text: 'informaci o plnění rozpočtu za 1. čtvrtletí' }],
    ];
    const titles = [
      'Dotace na obnovu kulturních památek',
      'Prodej pozemku v k. ú. Jihlava',
      'Plnění rozpočtu kraje',
    ];
    const materials = [];
    for (const [i, title] of titles.entries()) {
      const m = await createMaterial(ctx, a, {
        bodyId: rk.id,
        title,
        author: 'Ing. Marie Svobodová, odbor kultury',
        submitter: 'Jiří Běhounek, hejtman',
        problem: 'Popis problému k materiálu.',
        proposal: 'Návrh řešení k materiálu.',
        clauses: clauses[i]!,
      });
      if (i === 0) {
        const o = await requestOpinion(ctx, a, m.id, 'Odbor ekonomický');
        await recordOpinion(ctx, a, m.id, o.opinions[0]!.id, 'Souhlasí, prostředky jsou v rozpočtu.');
      }
      materials.push(await markReady(ctx, a, m.id));
    }
    // Meetings are numbered per body and year: skip to the 18th council meeting of 2009.
    let meeting = await createMeeting(ctx, a, {
      bodyId: rk.id,
      date: '2009-05-26',
      place: 'Jihlava, Žižkova 57',
      number: 18,
    });
    for (const m of materials) meeting = await addAgendaItem(ctx, a, meeting.id, { materialId: m.id });
    meeting = await addAgendaItem(ctx, a, meeting.id, { title: 'Různé', section: 'misc' });
    meeting = await everyonePresent(ctx, a, meeting, 8);
    const [i1, i2, i3] = meeting.items;
    await recordVote(ctx, a, i1!.id, { kind: 'aggregate', for: 8, against: 0, abstain: 0, notVoting: 0 });
    await decideItem(ctx, a, i1!.id, { outcome: 'adopted' });
    await recordVote(ctx, a, i2!.id, { kind: 'aggregate', for: 3, against: 4, abstain: 1, notVoting: 0 });
    await decideItem(ctx, a, i2!.id, { outcome: 'rejected' });
    await decideItem(ctx, a, i3!.id, { outcome: 'postponed' });

    // The assembly: meeting 3 of 2009, resolution 0001/03/2009/ZK.
    let zm = await createMeeting(ctx, a, {
      bodyId: zk.id,
      date: '2009-06-23',
      place: 'Jihlava, krajský úřad',
      number: 3,
    });
    const budget = await createMaterial(ctx, a, {
      bodyId: zk.id,
      title: 'Závěrečný účet Kraje Vysočina za rok 2008',
      author: 'Ing. Petr Dvořák, odbor ekonomický',
      submitter: 'Martin Hyský, náměstek hejtmana',
      problem: 'Zastupitelstvo kraje projednává závěrečný účet do 30. června.',
      proposal: 'Schválit závěrečný účet bez výhrad.',
      clauses: [{ verb: 'schvaluje', text: 'závěrečný účet Kraje Vysočina za rok 2008 bez výhrad' }],
    });
    await markReady(ctx, a, budget.id);
    zm = await addAgendaItem(ctx, a, zm.id, { materialId: budget.id });
    zm = await everyonePresent(ctx, a, zm, 40);
    await recordVote(ctx, a, zm.items[0]!.id, {
      kind: 'aggregate',
      for: 38,
      against: 0,
      abstain: 2,
      notVoting: 0,
    });
    await decideItem(ctx, a, zm.items[0]!.id, { outcome: 'adopted' });
  }

  const przykladowo = await tenantId(ctx, 'przykladowo');
  if (przykladowo) {
    const a = systemIn(przykladowo);
    const rg = await createBody(ctx, a, {
      code: 'RG',
      name: 'Rada Gminy Przykładowo',
      kind: 'assembly',
      seats: 15,
      termLabel: '2024–2029',
    });
    await addMembers(
      ctx,
      a,
      rg.id,
      Array.from({ length: 15 }, (_, i) => ({ name: `Radny ${i + 1}`, role: i === 0 ? 'chair' : 'member' })),
    );
    let m = await createMeeting(ctx, a, {
      bodyId: rg.id,
      date: '2024-11-28',
      place: 'Urząd Gminy, sala sesyjna',
      session: 12,
    });
    const mat = await createMaterial(ctx, a, {
      bodyId: rg.id,
      title: 'Uchwała w sprawie stawek podatku od nieruchomości na 2025 r.',
      author: 'Skarbnik Gminy',
      submitter: 'Wójt Gminy',
      problem: 'Określenie stawek podatku.',
      proposal: 'Przyjąć stawki według załącznika.',
      clauses: [{ verb: 'schvaluje', text: 'stawki podatku od nieruchomości na rok 2025' }],
    });
    await markReady(ctx, a, mat.id);
    m = await addAgendaItem(ctx, a, m.id, { materialId: mat.id });
    m = await everyonePresent(ctx, a, m, 14);
    await recordVote(ctx, a, m.items[0]!.id, {
      kind: 'aggregate',
      for: 13,
      against: 0,
      abstain: 1,
      notVoting: 0,
    });
    await decideItem(ctx, a, m.items[0]!.id, { outcome: 'adopted' });
  }
}
