/**
 * Demo data: Kraj Vysočina gets its council (RK, 9 seats) and assembly (ZK, 45 seats), a past
 * meeting of each with materials numbered RK-18-2009-n, adopted resolutions (…/ZK), an open
 * task with a fulfilment report and a later resolution amending the first (mění); Gmina Przykładowo gets a rada gminy with a resolution XII/1/2024 (named vote, final
 * minutes); Město Hlučín gets its assembly and council with final minutes and an upcoming meeting.
 */
import { addDays, todayIn } from '../../platform/calendar/index.js';
import type { AppContext } from '../../platform/context.js';
import { type Actor, withTenant } from '../../platform/db/tenant.js';
import type { Clause } from './domain/material.js';
import { approveMinutes, finaliseMinutes, saveMinutesNotes } from './minutes-service.js';
import { addMotion, voteOnMotion } from './motions-service.js';
import { registerMaterialInRecords } from './records-link.js';
import { seedInvitationsSent } from './seed-proceedings.js';
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
import { addTaskReport } from './tasks-service.js';

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
    const grant = await decideItem(ctx, a, i1!.id, { outcome: 'adopted' });
    await recordVote(ctx, a, i2!.id, { kind: 'aggregate', for: 3, against: 4, abstain: 1, notVoting: 0 });
    await decideItem(ctx, a, i2!.id, { outcome: 'rejected' });
    await decideItem(ctx, a, i3!.id, { outcome: 'postponed' });
    // The grant's task is still open, with a first fulfilment report.
    await addTaskReport(ctx, a, grant.tasks[0]!.id, {
      text: 'Smlouva o poskytnutí dotace byla obci Telč zaslána k podpisu; čeká se na její vrácení.',
    });

    // Meeting 19: the council amends the grant resolution (mění 0001/18/2009/RK), linked both ways.
    const change = await createMaterial(ctx, a, {
      bodyId: rk.id,
      title: 'Změna usnesení o dotaci obci Telč',
      author: 'Ing. Marie Svobodová, odbor kultury',
      submitter: 'Jiří Běhounek, hejtman',
      problem: 'Obec Telč doložila vyšší náklady na opravu kulturní památky.',
      proposal: 'Zvýšit dotaci na 280 000 Kč.',
      clauses: [
        {
          verb: 'meni',
          text: 'usnesení tak, že se částka 250 000 Kč nahrazuje částkou 280 000 Kč',
          ref: grant.resolution!.number,
        },
      ],
    });
    await markReady(ctx, a, change.id);
    let rk19 = await createMeeting(ctx, a, {
      bodyId: rk.id,
      date: '2009-06-09',
      place: 'Jihlava, Žižkova 57',
      number: 19,
    });
    rk19 = await addAgendaItem(ctx, a, rk19.id, { materialId: change.id });
    rk19 = await everyonePresent(ctx, a, rk19, 9);
    await recordVote(ctx, a, rk19.items[0]!.id, {
      kind: 'aggregate',
      for: 9,
      against: 0,
      abstain: 0,
      notVoting: 0,
    });
    await decideItem(ctx, a, rk19.items[0]!.id, { outcome: 'adopted' });

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
    // BIP publishes how each councillor voted, so the Polish demo records a named vote.
    await recordVote(ctx, a, m.items[0]!.id, {
      kind: 'named',
      ballots: m.items[0]!.presentIds.map((memberId, i) => ({
        memberId,
        choice: i === 13 ? 'abstain' : 'for',
      })),
    });
    await decideItem(ctx, a, m.items[0]!.id, { outcome: 'adopted' });
    await finaliseMinutes(ctx, a, m.id);
  }

  const hlucin = await tenantId(ctx, 'hlucin');
  if (hlucin) await seedHlucin(ctx, hlucin);
}

const HLUCIN_NAMES = [
  'Pavel Paschek',
  'Blanka Kovalská',
  'Renata Růžičková',
  'Tomáš Wodniok',
  'Jaroslav Ďurčík',
  'Eva Šťastná',
  'Josef Křížek',
  'Markéta Lichnovská',
  'Radim Pěčka',
  'Dagmar Žídková',
  'Ondřej Hošek',
  'Lucie Chlopčíková',
  'Karel Nevřela',
  'Zuzana Běčáková',
  'Martin Řehánek',
  'Ivana Štěpánová',
  'Jiří Stuchlík',
  'Hana Vašíčková',
  'Petr Olšar',
  'Alena Ťoupalová',
  'Richard Kubný',
];

/**
 * Město Hlučín: an assembly (ZM, 21 seats) whose verifier is the demo user `radni`, a past
 * meeting with discussion notes, a departure, a rejected amendment and counter-proposal, a named
 * vote, an adopted resolution with a task (its material registered in records), approved and
 * final minutes; a council (RM, 7 seats, no verifiers) with final minutes; and an upcoming
 * assembly meeting with its agenda and invitations sent, so the public pages show both kinds.
 */
async function seedHlucin(ctx: AppContext, tenant: string): Promise<void> {
  const a = systemIn(tenant);
  // Dates relative to today: the minutes were made within their 10 days, whenever the demo starts.
  const today = todayIn('Europe/Prague', ctx.clock.now());
  const radni = await withTenant(ctx.db, tenant, a, (tx) =>
    tx.trx
      .selectFrom('app_user')
      .select(['id', 'display_name'])
      .where('username', '=', 'radni')
      .executeTakeFirst(),
  );
  const zm = await createBody(ctx, a, {
    code: 'ZM',
    name: 'Zastupitelstvo města Hlučína',
    kind: 'assembly',
    seats: 21,
    termLabel: '2022–2026',
  });
  await addMembers(
    ctx,
    a,
    zm.id,
    HLUCIN_NAMES.map((name, i) => ({
      name,
      role: i === 0 ? 'chair' : i === 1 ? 'deputy' : i === 2 && radni ? 'verifier' : 'member',
      userId: i === 2 && radni ? radni.id : null,
    })),
  );
  await addMember(ctx, a, zm.id, { name: 'Tomáš Tichý', role: 'secretary' });
  const rm = await createBody(ctx, a, {
    code: 'RM',
    name: 'Rada města Hlučína',
    kind: 'council',
    seats: 7,
    termLabel: '2022–2026',
  });
  await addMembers(
    ctx,
    a,
    rm.id,
    HLUCIN_NAMES.slice(0, 7).map((name, i) => ({
      name,
      role: i === 0 ? 'chair' : i === 1 ? 'deputy' : 'member',
    })),
  );

  // The assembly's past meeting: a budget change adopted by a named vote, a sale rejected.
  const budget = await createMaterial(ctx, a, {
    bodyId: zm.id,
    title: 'Rozpočtové opatření č. 1/2026',
    author: 'Ing. Pavla Polášková, odbor finanční',
    submitter: 'Pavel Paschek, starosta',
    problem: 'Město obdrželo dotaci na rekonstrukci Mírového náměstí, kterou je nutné zapojit do rozpočtu.',
    proposal: 'Schválit rozpočtové opatření a uložit odboru finančnímu jeho zapracování.',
    clauses: [
      { verb: 'schvaluje', text: 'rozpočtové opatření č. 1/2026 podle přílohy usnesení' },
      {
        verb: 'uklada',
        text: 'zapracovat rozpočtové opatření do rozpočtu města',
        responsible: 'odbor finanční',
        due: '2030-03-31',
      },
    ],
  });
  const o = await requestOpinion(ctx, a, budget.id, 'Finanční výbor');
  await recordOpinion(ctx, a, budget.id, o.opinions[0]!.id, 'Finanční výbor doporučuje schválit.');
  await markReady(ctx, a, budget.id);
  const sale = await createMaterial(ctx, a, {
    bodyId: zm.id,
    title: 'Prodej pozemku p. č. 2417/3 v k. ú. Hlučín',
    author: 'Ing. Věra Vaňková, odbor výstavby',
    submitter: 'Blanka Kovalská, místostarostka',
    problem: 'Žadatel požádal o koupi pozemku u řeky Opavy.',
    proposal: 'Pozemek neprodávat, je součástí protipovodňových opatření.',
    clauses: [{ verb: 'schvaluje', text: 'prodej pozemku p. č. 2417/3 v k. ú. Hlučín' }],
  });
  await markReady(ctx, a, sale.id);
  let past = await createMeeting(ctx, a, {
    bodyId: zm.id,
    date: addDays(today, -5),
    place: 'Hlučín, Mírové náměstí 24/23, zasedací síň',
    number: 1,
  });
  past = await addAgendaItem(ctx, a, past.id, { materialId: budget.id });
  past = await addAgendaItem(ctx, a, past.id, { materialId: sale.id });
  past = await addAgendaItem(ctx, a, past.id, { title: 'Různé', section: 'misc' });
  past = await everyonePresent(ctx, a, past, 19);
  // One member leaves before the second item.
  past = await recordAttendance(ctx, a, past.id, {
    memberIds: [past.items[0]!.presentIds[18]!],
    kind: 'leave',
    fromItem: 2,
  });
  const [b1, b2, b3] = past.items;
  // Before the main votes: an amendment to the budget change and a counter-proposal to the sale,
  // both rejected, so the minutes show motions and their votes.
  const amendment = await addMotion(ctx, a, b1!.id, {
    kind: 'amendment',
    proposer: 'Ondřej Hošek',
    change: {
      clauseIndex: 0,
      clause: {
        verb: 'schvaluje',
        text: 'rozpočtové opatření č. 1/2026 bez navýšení výdajů na reprezentaci',
      },
    },
  });
  await voteOnMotion(ctx, a, amendment.motions[0]!.id, {
    kind: 'aggregate',
    for: 5,
    against: 12,
    abstain: 2,
    notVoting: 0,
  });
  const counter = await addMotion(ctx, a, b2!.id, {
    kind: 'counter',
    proposer: 'Zuzana Běčáková',
    clauses: [{ verb: 'schvaluje', text: 'pronájem pozemku p. č. 2417/3 v k. ú. Hlučín na dobu 5 let' }],
  });
  await voteOnMotion(ctx, a, counter.motions[0]!.id, {
    kind: 'aggregate',
    for: 6,
    against: 10,
    abstain: 2,
    notVoting: 0,
  });
  await recordVote(ctx, a, b1!.id, {
    kind: 'named',
    ballots: b1!.presentIds.map((memberId, i) => ({
      memberId,
      choice: i < 16 ? 'for' : i === 16 ? 'against' : 'abstain',
    })),
  });
  await decideItem(ctx, a, b1!.id, { outcome: 'adopted' });
  await recordVote(ctx, a, b2!.id, { kind: 'aggregate', for: 4, against: 12, abstain: 2, notVoting: 0 });
  await decideItem(ctx, a, b2!.id, { outcome: 'rejected' });
  await saveMinutesNotes(ctx, a, past.id, {
    opening:
      'Zasedání zahájil starosta v 16:00. Ověřovatelkou zápisu byla zvolena Renata Růžičková. Program byl schválen bez připomínek.',
    notes: {
      [b1!.id]:
        'Starosta představil rozpočtové opatření. Dotaz na výši spoluúčasti města zodpověděla vedoucí odboru finančního.',
      [b2!.id]: 'Zastupitelé upozornili, že pozemek leží v záplavovém území.',
      [b3!.id]: 'Občan se dotázal na termín opravy chodníku v ulici Ostravská.',
    },
    closing: 'Starosta ukončil zasedání v 18:10.',
  });
  if (radni) {
    await approveMinutes(
      ctx,
      {
        userId: radni.id,
        label: radni.display_name,
        roles: ['council_member'],
        tenantId: tenant,
        kind: 'user',
      },
      past.id,
    );
    await finaliseMinutes(ctx, a, past.id);
  }

  // The council's past meeting: one resolution, minutes final (a council has no verifiers).
  const park = await createMaterial(ctx, a, {
    bodyId: rm.id,
    title: 'Pronájem prostor v Městském parku',
    author: 'Odbor správy majetku',
    submitter: 'Pavel Paschek, starosta',
    problem: 'Spolek zahrádkářů žádá o pronájem altánu v Městském parku.',
    proposal: 'Pronajmout altán na dobu jednoho roku.',
    clauses: [
      { verb: 'schvaluje', text: 'pronájem altánu v Městském parku spolku zahrádkářů na dobu jednoho roku' },
    ],
  });
  await markReady(ctx, a, park.id);
  let rmMeeting = await createMeeting(ctx, a, {
    bodyId: rm.id,
    date: addDays(today, -6),
    place: 'Hlučín, radnice',
    number: 3,
  });
  rmMeeting = await addAgendaItem(ctx, a, rmMeeting.id, { materialId: park.id });
  rmMeeting = await everyonePresent(ctx, a, rmMeeting, 7);
  await recordVote(ctx, a, rmMeeting.items[0]!.id, {
    kind: 'aggregate',
    for: 7,
    against: 0,
    abstain: 0,
    notVoting: 0,
  });
  await decideItem(ctx, a, rmMeeting.items[0]!.id, { outcome: 'adopted' });
  await finaliseMinutes(ctx, a, rmMeeting.id);

  // An upcoming assembly meeting two weeks ahead, with its agenda.
  const plan = await createMaterial(ctx, a, {
    bodyId: zm.id,
    title: 'Územní plán Hlučína – zpráva o uplatňování',
    author: 'Ing. Věra Vaňková, odbor výstavby',
    submitter: 'Pavel Paschek, starosta',
    problem: 'Zpráva o uplatňování územního plánu za uplynulé období.',
    proposal: 'Vzít zprávu na vědomí.',
    clauses: [{ verb: 'bere_na_vedomi', text: 'zprávu o uplatňování územního plánu Hlučína' }],
  });
  await markReady(ctx, a, plan.id);
  const next = await createMeeting(ctx, a, {
    bodyId: zm.id,
    date: addDays(today, 14),
    place: 'Hlučín, Mírové náměstí 24/23, zasedací síň',
  });
  await addAgendaItem(ctx, a, next.id, { materialId: plan.id });
  // Invitations of the next meeting sent; two members have no e-mail address yet.
  await seedInvitationsSent(ctx, a, next.id, {
    startTime: '16:00',
    domain: 'hlucin.invalid',
    withoutEmail: 2,
  });
  // The adopted budget change registered in records management (číslo jednací on the material).
  await registerMaterialInRecords(ctx, a, budget.id);
}
