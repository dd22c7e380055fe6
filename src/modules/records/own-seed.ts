/**
 * Demo own documents of Hlučín, made through the use cases (so the audit chain tells their story):
 * a decision approved and sent by post with its delivery recorded, a reply waiting in the head's
 * approval desk, and a notice approved and handed to the dispatch office for e-mail and data box
 * (the queue at /app/records/dispatch). They are written by `vedouci` (head and handler of OV), so
 * the demo handler `referent` still starts with an empty desk.
 */
import type { AppContext } from '../../platform/context.js';
import { type Actor, SYSTEM_ACTOR, withTenant } from '../../platform/db/tenant.js';
import { renderPdf } from '../../platform/pdf/index.js';
import { handOverDispatch, prepareDispatch, recordDelivery, sendDispatch } from './dispatch-service.js';
import { addOwnComponents, approveOwnDocument, createOwnDocument, submitOwnDocument } from './own-service.js';

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

const letter = async (title: string, text: string) => ({
  filename: 'dopis.pdf',
  content: await renderPdf({
    title,
    author: 'Město Hlučín',
    blocks: [
      { kind: 'title', text: title },
      { kind: 'paragraph', text },
    ],
  }),
});

export async function seedOwnDemo(ctx: AppContext): Promise<void> {
  const tenant = await ctx.db
    .selectFrom('tenant')
    .select('id')
    .where('slug', '=', 'hlucin')
    .executeTakeFirst();
  if (!tenant) return;
  const t = tenant.id;
  const head = await actorOf(ctx, t, 'vedouci');
  const clerk = await actorOf(ctx, t, 'podatelna');
  if (!head || !clerk) return;

  // Approved, sent by post, delivered (the delivery note came back).
  const decision = await createOwnDocument(ctx, head, t, {
    subject: 'Rozhodnutí o umístění stavby – rodinný dům, ul. Darkovická',
    accessLevel: 'internal',
    recipients: [
      { kind: 'legal', name: 'Stavitelství Kravařov s.r.o.', ico: '27635414', address: 'Opavská 5, Kravaře' },
    ],
  });
  await addOwnComponents(ctx, head, t, decision.document.id, [
    await letter(
      'Rozhodnutí o umístění stavby',
      'Stavební úřad Hlučín rozhodl o umístění stavby rodinného domu.',
    ),
  ]);
  await submitOwnDocument(ctx, head, t, decision.document.id);
  await approveOwnDocument(ctx, head, t, decision.document.id);
  const post = await prepareDispatch(ctx, head, t, decision.document.id, {
    recipientId: recipientIn(decision.recipients, 'Stavitelství Kravařov s.r.o.')!,
    method: 'post',
  });
  await handOverDispatch(ctx, head, t, post.id);
  await sendDispatch(ctx, clerk, t, post.id);
  await recordDelivery(ctx, clerk, t, post.id, {});

  // Waiting in the head's approval desk.
  const reply = await createOwnDocument(ctx, head, t, {
    subject: 'Výzva k doplnění žádosti o povolení kácení dřevin',
    recipients: [
      {
        kind: 'natural',
        name: 'Jiří Kolář',
        address: 'Zahradní 14, 748 01 Hlučín',
        email: 'jiri.kolar@example.cz',
      },
    ],
  });
  await addOwnComponents(ctx, head, t, reply.document.id, [
    await letter('Výzva k doplnění žádosti', 'Doplňte prosím dendrologický posudek do 15 dnů.'),
  ]);
  await submitOwnDocument(ctx, head, t, reply.document.id);

  // Approved and handed to the dispatch office: e-mail to send, a data message for the connector.
  const notice = await createOwnDocument(ctx, head, t, {
    subject: 'Oznámení o zahájení řízení – přístavba garáže',
    recipients: [
      {
        kind: 'natural',
        name: 'Alena Horáková',
        address: 'Ostravská 40, 748 01 Hlučín',
        email: 'alena.horakova@example.cz',
      },
      { kind: 'legal', name: 'Povodí Odry, státní podnik', ico: '70890021', databoxId: 'b7hkg4x' },
    ],
  });
  await addOwnComponents(ctx, head, t, notice.document.id, [
    await letter('Oznámení o zahájení řízení', 'Stavební úřad oznamuje zahájení řízení o přístavbě garáže.'),
  ]);
  await submitOwnDocument(ctx, head, t, notice.document.id);
  await approveOwnDocument(ctx, head, t, notice.document.id);
  for (const [name, method] of [
    ['Alena Horáková', 'email'],
    ['Povodí Odry, státní podnik', 'databox'],
  ] as const) {
    const x = await prepareDispatch(ctx, head, t, notice.document.id, {
      recipientId: recipientIn(notice.recipients, name)!,
      method,
    });
    await handOverDispatch(ctx, head, t, x.id);
  }
}

function recipientIn(list: { id: string; name: string }[], name: string): string | null {
  return list.find((r) => r.name === name)?.id ?? null;
}
