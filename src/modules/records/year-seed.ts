/**
 * The demo's past year of Hlučín's registry (`year-seed-plan.ts`), carried out through the use
 * cases with the clock set to each step's moment: the numbering is the yearly series in the order
 * of registration, the audit chain tells each document's story with its dates, deadlines come
 * from the calendar and the word index is filled by the registration itself. Runs on a tenant
 * with no documents yet, before the small demo of today (`seed.ts`), so the numbers stay in
 * the order of time.
 */
import { todayIn } from '../../platform/calendar/index.js';
import { ManualClock } from '../../platform/clock.js';
import type { AppContext } from '../../platform/context.js';
import { type Actor, SYSTEM_ACTOR, withTenant } from '../../platform/db/tenant.js';
import { startOfDayUtc } from '../../platform/time-zone.js';
import { closeFile, createFile, insertDocument, settleDocument } from './files-service.js';
import { acceptDocument, assignDocument, returnDocument } from './handling-service.js';
import { registerIncoming } from './intake-service.js';
import { handOverFile, lendEntry } from './office-service.js';
import { getFilePlan } from './plan-service.js';
import { rtx } from './schema.js';
import { type DemoHandler, type Moment, planDemoYear, type YearPlan } from './year-seed-plan.js';

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

/**
 * Seeds `count` incoming documents (and their follow-ups) over the year before today into
 * Hlučín. Returns the plan carried out, or null when there was nothing to do (no such tenant,
 * count 0, or the tenant has documents already).
 */
export async function seedRecordsYear(ctx: AppContext, count: number): Promise<YearPlan | null> {
  if (count <= 0) return null;
  const tenant = await ctx.db
    .selectFrom('tenant')
    .select(['id', 'time_zone'])
    .where('slug', '=', 'hlucin')
    .executeTakeFirst();
  if (!tenant) return null;
  const t = tenant.id;
  const [clerk, referent, head, manager] = await Promise.all(
    ['podatelna', 'referent', 'vedouci', 'spisovna'].map((u) => actorOf(ctx, t, u)),
  );
  const plan = await getFilePlan(ctx, SYSTEM_ACTOR, t);
  const state = await withTenant(ctx.db, t, SYSTEM_ACTOR, async (tx) => ({
    unit: await rtx(tx).selectFrom('org_unit').select('id').where('code', '=', 'OV').executeTakeFirst(),
    documents: await rtx(tx).selectFrom('records_document').select('id').limit(1).execute(),
  }));
  if (!clerk || !referent || !head || !manager || !plan || !state.unit || state.documents.length > 0)
    return null;
  const groups = new Map(plan.groups.map((g) => [g.fullCode, g.id]));
  const handlers: Record<DemoHandler, Actor> = { referent, vedouci: head };
  const orgUnitId = state.unit.id;

  const year = planDemoYear({ today: todayIn(tenant.time_zone, ctx.clock.now()), count });
  // Every use case reads the time from ctx.clock: this copy of the context walks through the year.
  const clock = new ManualClock(ctx.clock.now());
  const c: AppContext = { ...ctx, clock };
  const instant = (m: Moment) =>
    new Date(startOfDayUtc(m.day, tenant.time_zone).getTime() + m.minute * 60_000);
  const docIds: string[] = [];
  const senderIds: (string | null)[] = [];
  const fileIds: string[] = [];
  const entryIds: string[] = [];
  const group = (code: string) => {
    const id = groups.get(code);
    if (!id) throw new Error(`The demo plan has no subject group ${code}`);
    return id;
  };

  for (const step of year.steps) {
    clock.set(instant(step.at));
    switch (step.kind) {
      case 'register': {
        const d = year.documents[step.doc]!;
        const r = await registerIncoming(c, clerk, t, {
          subject: d.subject,
          groupId: group(d.groupCode),
          channel: d.channel,
          deliveryMethod: d.deliveryMethod,
          deliveredAt: instant(d.deliveredAt),
          senderRef: d.senderRef,
          sheets: d.sheets,
          attachments: d.attachments,
          attachmentNote: d.attachmentNote,
          ...(d.sameSenderAs !== null
            ? { senderId: senderIds[d.sameSenderAs] ?? null }
            : { sender: d.sender }),
        });
        docIds[d.key] = r.document.id;
        senderIds[d.key] = r.document.sender?.id ?? null;
        break;
      }
      case 'assign':
        await assignDocument(c, clerk, t, docIds[step.doc]!, {
          orgUnitId,
          handlerId: handlers[step.handler].userId,
          deadlineDays: step.deadlineDays,
        });
        break;
      case 'return':
        await returnDocument(c, referent, t, docIds[step.doc]!, step.reason);
        break;
      case 'accept':
        await acceptDocument(c, handlers[year.documents[step.doc]!.handler], t, docIds[step.doc]!);
        break;
      case 'createFile': {
        const f = year.files[step.file]!;
        const r = await createFile(c, handlers[f.handler], t, {
          groupId: group(f.groupCode),
          subject: f.subject,
          initialDocumentId: f.initialDocument === null ? null : docIds[f.initialDocument]!,
        });
        fileIds[f.key] = r.file.id;
        break;
      }
      case 'insert':
        await insertDocument(c, handlers[year.files[step.file]!.handler], t, fileIds[step.file]!, {
          documentId: docIds[step.doc]!,
        });
        break;
      case 'settle':
        await settleDocument(c, handlers[year.documents[step.doc]!.handler], t, docIds[step.doc]!, {
          method: step.method,
          date: step.at.day,
          note: step.note,
        });
        break;
      case 'close':
        await closeFile(c, handlers[year.files[step.file]!.handler], t, fileIds[step.file]!);
        break;
      case 'handOver': {
        const r = await handOverFile(c, manager, t, fileIds[step.file]!, { location: step.location });
        entryIds[step.file] = r.entry.id;
        break;
      }
      case 'lend':
        await lendEntry(c, manager, t, entryIds[step.file]!, {
          borrowerId: handlers[step.borrower].userId,
          dueOn: step.dueOn,
          note: step.note,
        });
        break;
    }
  }
  return year;
}
