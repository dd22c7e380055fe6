/**
 * Demo documents and files of Hlučín's records office, made through the use cases themselves
 * (registration, assignment, acceptance, settlement, files), so the audit chain tells their story.
 * The documents are handled by the head of the building department (`vedouci`), who is also a
 * handler; the demo handler `referent` starts with an empty desk.
 */
import type { AppContext } from '../../platform/context.js';
import { type Actor, SYSTEM_ACTOR, withTenant } from '../../platform/db/tenant.js';
import { closeFile, createFile, insertDocument, settleDocument } from './files-service.js';
import { acceptDocument, assignDocument } from './handling-service.js';
import { type RegisterIncomingInput, registerIncoming } from './intake-service.js';
import { handOverFile } from './office-service.js';
import { addGroup, addRegime, getFilePlan } from './plan-service.js';
import { rtx } from './schema.js';

async function actorOf(ctx: AppContext, tenantId: string, username: string): Promise<Actor | null> {
  const u = await withTenant(ctx.db, tenantId, SYSTEM_ACTOR, ({ trx }) =>
    trx
      .selectFrom('app_user')
      .select(['id', 'display_name', 'roles'])
      .where('username', '=', username)
      .executeTakeFirst(),
  );
  return u ? { userId: u.id, label: u.display_name, roles: u.roles, tenantId, kind: 'user' } : null;
}

export async function seedRecordsDemo(ctx: AppContext): Promise<void> {
  const tenant = await ctx.db
    .selectFrom('tenant')
    .select(['id', 'time_zone'])
    .where('slug', '=', 'hlucin')
    .executeTakeFirst();
  if (!tenant) return;
  const clerk = await actorOf(ctx, tenant.id, 'podatelna');
  const head = await actorOf(ctx, tenant.id, 'vedouci');
  const plan = await getFilePlan(ctx, SYSTEM_ACTOR, tenant.id);
  if (!clerk || !head || !plan) return;
  const group = (code: string) => plan.groups.find((g) => g.fullCode === code)!.id;
  const unit = await withTenant(ctx.db, tenant.id, SYSTEM_ACTOR, async (tx) =>
    rtx(tx).selectFrom('org_unit').select('id').where('code', '=', 'OV').executeTakeFirst(),
  );
  if (!unit) return;
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: tenant.time_zone }).format(ctx.clock.now());

  const register = async (subject: string, extra: Omit<RegisterIncomingInput, 'subject'> = {}) =>
    (await registerIncoming(ctx, clerk, tenant.id, { ...extra, subject })).document.id;
  const handOver = async (id: string, accept: boolean) => {
    await assignDocument(ctx, clerk, tenant.id, id, {
      orgUnitId: unit.id,
      handlerId: head.userId,
      deadlineDays: 30,
    });
    if (accept) await acceptDocument(ctx, head, tenant.id, id);
  };

  // An open file by priorace whose initial document is settled.
  const permit = await register('Žádost o stavební povolení – rodinný dům, ul. Darkovická', {
    groupId: group('3.1'),
    sender: {
      kind: 'legal',
      name: 'Stavitelství Kravařov s.r.o.',
      ico: '27635414',
      address: 'Opavská 5, Kravaře',
    },
    senderRef: 'SK-14/2026',
    sheets: 4,
    attachments: 2,
    attachmentNote: 'Projektová dokumentace, situační výkres',
  });
  await handOver(permit, true);
  await createFile(ctx, head, tenant.id, { groupId: group('3.1'), initialDocumentId: permit });
  await settleDocument(ctx, head, tenant.id, permit, {
    method: 'document',
    date: today,
    note: 'Vydáno stavební povolení.',
  });

  // A closed file: a notice taken note of.
  const notice = await register('Oznámení o konání veřejné sbírky', {
    groupId: group('5.1'),
    sender: { kind: 'natural', name: 'Marie Svobodová', address: 'Ostravská 12, Hlučín' },
  });
  await handOver(notice, true);
  const closed = await createFile(ctx, head, tenant.id, { groupId: group('5.1'), initialDocumentId: notice });
  await settleDocument(ctx, head, tenant.id, notice, { method: 'acknowledgement', date: today, note: null });
  await closeFile(ctx, head, tenant.id, closed.file.id);

  // A sběrný arch with a document still being handled.
  const invoice = await register('Faktura za opravu veřejného osvětlení', {
    groupId: group('2.2'),
    sender: { kind: 'legal', name: 'Elektromontáže Slezsko s.r.o.' },
  });
  await handOver(invoice, true);
  const arch = await createFile(ctx, head, tenant.id, {
    groupId: group('2.2'),
    subject: 'Faktury – veřejné osvětlení 2026',
  });
  await insertDocument(ctx, head, tenant.id, arch.file.id, { documentId: invoice });

  await seedRecordsOffice(ctx, tenant.id, { clerk, head, unitId: unit.id, today });

  // Waiting: one assigned but not taken over, one still at the registry.
  await handOver(await register('Žádost o povolení kácení dřevin', { groupId: group('4.1') }), false);
  await register('Stížnost na hluk z provozovny na Mírovém náměstí');
}

/**
 * The records office: a lease contract whose validity ended seven years ago, filed, settled, closed
 * with that year as the trigger (regime S5 counted from the end of validity) and handed over by the
 * records manager (`spisovna`) — its year of disposal has come, so a newcomer can build a disposal
 * proposal right away. The closed notice file (5.1) stays outside, to try the hand-over.
 */
async function seedRecordsOffice(
  ctx: AppContext,
  tenantId: string,
  p: { clerk: Actor; head: Actor; unitId: string; today: string },
): Promise<void> {
  const manager = await actorOf(ctx, tenantId, 'spisovna');
  const plan = await getFilePlan(ctx, SYSTEM_ACTOR, tenantId);
  const parent = plan?.groups.find((g) => g.fullCode === '5');
  if (!manager || !plan || !parent || plan.groups.some((g) => g.fullCode === '5.2')) return;
  const regime = await addRegime(ctx, manager, tenantId, {
    identifier: 'S5-P',
    name: 'Skartovat 5 let po skončení platnosti',
    justification: 'Smlouvy bez trvalé hodnoty; lhůta běží od skončení jejich platnosti.',
    mark: 'S',
    period: 5,
    trigger: 'validity_end',
  });
  const group = await addGroup(ctx, manager, tenantId, {
    parentId: parent.id,
    code: '2',
    title: 'Smlouvy o pronájmu',
    retentionId: regime.id,
  });
  const year = Number(p.today.slice(0, 4));
  const contract = await registerIncoming(ctx, p.clerk, tenantId, {
    subject: `Nájemní smlouva – kiosek na Mírovém náměstí (platná do roku ${year - 7})`,
    groupId: group.id,
    sender: { kind: 'natural', name: 'Jan Novák', address: 'Pekařská 3, Hlučín' },
  });
  const id = contract.document.id;
  await assignDocument(ctx, p.clerk, tenantId, id, { orgUnitId: p.unitId, handlerId: p.head.userId });
  await acceptDocument(ctx, p.head, tenantId, id);
  const file = await createFile(ctx, p.head, tenantId, { groupId: group.id, initialDocumentId: id });
  await settleDocument(ctx, p.head, tenantId, id, { method: 'record', date: p.today, note: 'Založeno.' });
  await closeFile(ctx, p.head, tenantId, file.file.id, { triggerYear: year - 7 });
  await handOverFile(ctx, manager, tenantId, file.file.id, { location: 'Spisovna, regál 1, krabice 3' });
}
