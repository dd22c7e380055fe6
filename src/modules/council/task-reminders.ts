/**
 * The daily reminder of tasks imposed by resolutions: every open task due within
 * REMINDER_DAYS days or overdue gets one e-mail per deadline (domain/task-reminders.ts says to
 * whom), sent through the platform mail. Each reminder is claimed in the tenant's transaction
 * (`council_task_reminder`, unique per task and deadline) before it is sent, so two runs never
 * send it twice; a failed send is recorded and tried again by the next run. Audit: `Vypraveno`
 * for a sent reminder, `Uprava` for a failure.
 */
import { type Generated, sql, type Transaction } from 'kysely';
import { appendAudit } from '../../platform/audit/chain.js';
import { addDays, type IsoDate, todayIn } from '../../platform/calendar/index.js';
import type { AppContext } from '../../platform/context.js';
import type { Migration } from '../../platform/db/migrate.js';
import { tenantRls } from '../../platform/db/platform-schema.js';
import { SYSTEM_ACTOR, withTenant } from '../../platform/db/tenant.js';
import { formatDate, type Locale, translator } from '../../platform/i18n/index.js';
import { newId } from '../../platform/ids.js';
import { outgoingMailConfigured, sendMail } from '../../platform/mail/index.js';
import {
  REMINDER_DAYS,
  type ReminderKind,
  reminderKind,
  reminderRecipients,
} from './domain/task-reminders.js';
import './messages-reminders.js';
import type { CouncilDB } from './schema.js';
import type { CTx } from './service.js';

export const TASK_REMINDER_JOB = 'council.taskReminders';
/** Local hour (Europe/Prague) of the daily run. */
export const TASK_REMINDER_HOUR = 7;

export const taskReminderMigrations: Migration[] = [
  {
    id: 'council-gaps-0001-task-reminders',
    sql: `
    -- One reminder per task and deadline: claimed (queued), then sent or failed (tried again).
    CREATE TABLE council_task_reminder (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      task_id uuid NOT NULL REFERENCES council_task(id),
      due date NOT NULL,
      kind text NOT NULL CHECK (kind IN ('due_soon','overdue')),
      recipients text NOT NULL,
      state text NOT NULL CHECK (state IN ('queued','sent','failed')),
      attempts integer NOT NULL DEFAULT 0,
      last_error text,
      message_id text,
      sent_at timestamptz,
      updated_at timestamptz NOT NULL,
      UNIQUE (task_id, due),
      CHECK ((state = 'sent') = (sent_at IS NOT NULL))
    );
    ${tenantRls('council_task_reminder')}
    `,
  },
];

interface ReminderTable {
  council_task_reminder: {
    id: string;
    tenant_id: string;
    task_id: string;
    due: string;
    kind: string;
    recipients: string;
    state: string;
    attempts: Generated<number>;
    last_error: string | null;
    message_id: string | null;
    sent_at: Date | null;
    updated_at: Date;
  };
}

/** A claim older than this (a run that died between claiming and recording) is taken again. */
const STALE_CLAIM_MS = 60 * 60_000;

interface Claimed {
  id: string;
  taskId: string;
  kind: ReminderKind;
  to: { name: string; address: string }[];
  subject: string;
  text: string;
  tenantName: string;
}

/** The job: every active tenant, or the one the job names. */
export async function runTaskReminders(
  ctx: AppContext,
  job: { tenantId: string | null; payload: Record<string, unknown> } = { tenantId: null, payload: {} },
): Promise<{ sent: number; failed: number }> {
  const total = { sent: 0, failed: 0 };
  // Without a relay nothing is claimed, so the reminders go out once mail is configured.
  if (!outgoingMailConfigured(ctx.config)) return total;
  const tenants = job.tenantId
    ? [{ id: job.tenantId }]
    : await ctx.db.selectFrom('tenant').select(['id']).where('active', '=', true).execute();
  for (const t of tenants) {
    const r = await remindTenant(ctx, t.id);
    total.sent += r.sent;
    total.failed += r.failed;
  }
  return total;
}

async function remindTenant(ctx: AppContext, tenantId: string): Promise<{ sent: number; failed: number }> {
  const run = <T>(fn: (tx: CTx) => Promise<T>) =>
    withTenant(ctx.db, tenantId, SYSTEM_ACTOR, (tx) => fn({ ...tx, db: tx.trx as unknown as CTx['db'] }), {
      now: ctx.clock.now(),
    });
  const claimed = await run((tx) => claimDue(ctx, tx));
  const out = { sent: 0, failed: 0 };
  for (const c of claimed) {
    const messageId = `<task-reminder-${c.id}@samosprava>`;
    let error: string | null = null;
    try {
      await sendMail(ctx.config, {
        fromName: c.tenantName,
        to: c.to,
        subject: c.subject,
        text: c.text,
        messageId,
      });
    } catch (e) {
      error = (e instanceof Error ? e.message : String(e)).slice(0, 2000);
    }
    await run(async (tx) => {
      await rdb(tx)
        .updateTable('council_task_reminder')
        .set((eb) => ({
          state: error ? 'failed' : 'sent',
          attempts: eb('attempts', '+', 1),
          last_error: error,
          message_id: error ? null : messageId,
          sent_at: error ? null : tx.now,
          updated_at: tx.now,
        }))
        .where('id', '=', c.id)
        .execute();
      await appendAudit(tx, {
        eventType: error ? 'Uprava' : 'Vypraveno',
        objectType: 'Zasilka',
        objectId: c.id,
        params: error
          ? { council: 'taskReminderFailed', taskId: c.taskId, error }
          : { council: 'taskReminderSent', taskId: c.taskId, kind: c.kind, messageId },
      });
    });
    if (error) out.failed++;
    else out.sent++;
  }
  return out;
}

const rdb = (tx: CTx) => tx.db as unknown as Transaction<CouncilDB & ReminderTable>;

/** Claims the reminders due today in one tenant transaction and writes their texts. */
async function claimDue(ctx: AppContext, tx: CTx): Promise<Claimed[]> {
  const db = rdb(tx);
  const tenant = await tx.db
    .selectFrom('tenant')
    .select(['name', 'time_zone', 'locale'])
    .where('id', '=', tx.tenantId)
    .executeTakeFirstOrThrow();
  const today = todayIn(tenant.time_zone, tx.now);
  const staleBefore = new Date(tx.now.getTime() - STALE_CLAIM_MS);
  const tasks = await db
    .selectFrom('council_task as t')
    .innerJoin('council_resolution as r', 'r.id', 't.resolution_id')
    .innerJoin('council_body as b', 'b.id', 'r.body_id')
    .leftJoin('council_task_reminder as rem', (j) =>
      j.onRef('rem.task_id', '=', 't.id').onRef('rem.due', '=', 't.due'),
    )
    .select(['t.id', 't.text', 't.responsible', 'r.number', 'r.body_id', 'b.name as body_name'])
    .select(sql<string>`t.due::text`.as('due'))
    .where('t.state', '=', 'open')
    .where('t.due', '<=', addDays(today, REMINDER_DAYS))
    .where((eb) =>
      eb.or([
        eb('rem.id', 'is', null),
        eb('rem.state', '=', 'failed'),
        eb.and([eb('rem.state', '=', 'queued'), eb('rem.updated_at', '<', staleBefore)]),
      ]),
    )
    .orderBy('t.due')
    .orderBy('t.id')
    .forUpdate('t')
    .execute();
  if (!tasks.length) return [];
  const members = await db
    .selectFrom('council_member as m')
    .leftJoin('app_user as u', 'u.id', 'm.user_id')
    .select(['m.name', 'm.body_id', 'm.role', 'm.active'])
    .select(sql<string | null>`coalesce(m.email, u.email)`.as('email'))
    .where('m.active', '=', true)
    .execute();
  const users = await tx.db
    .selectFrom('app_user')
    .select(['display_name', 'email', 'roles'])
    .where('active', '=', true)
    .execute();
  const secretaries = users
    .filter((u) => (u.roles as string[]).includes('council_secretary'))
    .map((u) => ({ name: u.display_name, email: u.email }));
  const locale = (tenant.locale ?? 'cs') as Locale;
  const t = translator(locale);
  const out: Claimed[] = [];
  for (const task of tasks) {
    const kind = reminderKind(task.due as IsoDate, today);
    if (!kind) continue;
    const { to, personal } = reminderRecipients({
      responsible: task.responsible,
      bodyMembers: members.filter((m) => m.body_id === task.body_id),
      otherMembers: members.filter((m) => m.body_id !== task.body_id),
      users: users.map((u) => ({ name: u.display_name, email: u.email })),
      secretaries,
    });
    // Nobody with an address: nothing is claimed, the staff task list still shows the urgency.
    if (!to.length) continue;
    const due = formatDate(locale, task.due);
    const url = ctx.config.publicUrl
      ? `${ctx.config.publicUrl.replace(/\/$/, '')}/app/council/tasks/${task.id}`
      : null;
    const text = [
      t('councilReminders:greeting'),
      '',
      t(`councilReminders:lead.${kind}`, { body: task.body_name }),
      '',
      t('councilReminders:resolution', { number: task.number }),
      t('councilReminders:task', { text: task.text }),
      t('councilReminders:responsible', { responsible: task.responsible }),
      t('councilReminders:due', { due }),
      ...(personal ? [] : ['', t('councilReminders:forwarded')]),
      ...(url ? ['', t('councilReminders:link', { url })] : []),
      '',
      '-- ',
      t('councilReminders:footer', { tenant: tenant.name }),
    ].join('\n');
    const id = newId();
    const row = await db
      .insertInto('council_task_reminder')
      .values({
        id,
        tenant_id: tx.tenantId,
        task_id: task.id,
        due: task.due,
        kind,
        recipients: to.map((x) => x.address).join(', '),
        state: 'queued',
        updated_at: tx.now,
      })
      .onConflict((oc) =>
        oc.columns(['task_id', 'due']).doUpdateSet({
          kind,
          recipients: to.map((x) => x.address).join(', '),
          state: 'queued',
          updated_at: tx.now,
        }),
      )
      .returning('id')
      .executeTakeFirstOrThrow();
    out.push({
      id: row.id,
      taskId: task.id,
      kind,
      to,
      subject: t(`councilReminders:subject.${kind}`, { number: task.number, due }),
      text,
      tenantName: tenant.name,
    });
  }
  return out;
}
