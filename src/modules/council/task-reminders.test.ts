/**
 * The daily task reminder over a loopback SMTP server: one e-mail per task and deadline to the
 * responsible member (by name, with an address) or, for a department, to the secretaries; due
 * within 7 days or overdue; a refused recipient is recorded and tried again by the next run; the
 * job runs from the platform's daily schedule.
 */
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAudit } from '../../platform/audit/chain.js';
import { type Actor, SYSTEM_ACTOR, withTenant } from '../../platform/db/tenant.js';
import { actorFor, addTenant, addUser, fastHashing } from '../../platform/identity/testing.js';
import { JobWorker } from '../../platform/jobs/worker.js';
import { createTestContext, type TestContext } from '../../test-support/context.js';
import { setMemberEmail } from './announce-service.js';
import type { Clause } from './domain/material.js';
import {
  addAgendaItem,
  addMembers,
  createBody,
  createMaterial,
  createMeeting,
  decideItem,
  getBody,
  listTasks,
  markReady,
  recordAttendance,
  recordVote,
} from './service.js';
import { runTaskReminders, TASK_REMINDER_JOB } from './task-reminders.js';
import { closeTask } from './tasks-service.js';

let ctx: TestContext;
let smtp: SMTPServer;
let tenant: string;
let other: string;
let secretary: Actor;
const inbox: ParsedMail[] = [];
const refused = new Set<string>(['neexistuje@mesto.cz']);

const to = (m: ParsedMail) =>
  (Array.isArray(m.to) ? m.to : m.to ? [m.to] : []).flatMap((a) => a.value.map((v) => v.address));
const mails = () => inbox.map((m) => ({ to: to(m).join(','), subject: m.subject ?? '' }));

async function setEmail(username: string, email: string) {
  await ctx.asSuperuser((db) =>
    db.updateTable('app_user').set({ email }).where('username', '=', username).execute(),
  );
}

/** A council body in `tenantId` adopting one resolution with these "ukládá" clauses. */
async function adopt(actor: Actor, code: string, clauses: Clause[]) {
  let body = await createBody(ctx, actor, {
    code,
    name: `Rada ${code}`,
    kind: 'council',
    seats: 3,
    termLabel: '2022–2026',
  });
  await addMembers(ctx, actor, body.id, [
    { name: 'Anna Adamová', role: 'chair' },
    { name: 'Boris Bureš', role: 'member' },
    { name: 'Cecílie Cibulková', role: 'member' },
  ]);
  body = await getBody(ctx, actor, body.id);
  const mat = await createMaterial(ctx, actor, {
    bodyId: body.id,
    title: 'Úkoly',
    author: 'a',
    submitter: 'b',
    problem: 'p',
    proposal: 'q',
    clauses,
  });
  await markReady(ctx, actor, mat.id);
  let m = await createMeeting(ctx, actor, { bodyId: body.id, date: '2026-03-31', place: 'radnice' });
  m = await addAgendaItem(ctx, actor, m.id, { materialId: mat.id });
  m = await recordAttendance(ctx, actor, m.id, {
    memberIds: body.members.map((x) => x.id),
    kind: 'arrive',
    fromItem: 1,
  });
  await recordVote(ctx, actor, m.items[0]!.id, {
    kind: 'aggregate',
    for: 3,
    against: 0,
    abstain: 0,
    notVoting: 0,
  });
  await decideItem(ctx, actor, m.items[0]!.id, { outcome: 'adopted' });
  return body;
}

const task = (text: string, responsible: string, due: string): Clause => ({
  verb: 'uklada',
  text,
  responsible,
  due,
});

async function reminderRows() {
  const r = await ctx.asSuperuser((db) =>
    sql<{ text: string; kind: string; state: string; attempts: number; recipients: string }>`
      SELECT t.text, r.kind, r.state, r.attempts, r.recipients
      FROM council_task_reminder r JOIN council_task t ON t.id = r.task_id ORDER BY t.text`.execute(db),
  );
  return r.rows;
}

beforeAll(async () => {
  smtp = new SMTPServer({
    disabledCommands: ['AUTH', 'STARTTLS'],
    authOptional: true,
    logger: false,
    onRcptTo(address, _session, callback) {
      if (refused.has(address.address))
        return callback(Object.assign(new Error('mailbox unavailable'), { responseCode: 550 }));
      callback();
    },
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          inbox.push(mail);
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  // 05:00 in Prague on Wednesday 1 April 2026: the daily run (07:00) is still ahead today.
  ctx = await createTestContext({
    now: new Date('2026-04-01T03:00:00Z'),
    env: {
      SMTP_OUT_HOST: '127.0.0.1',
      SMTP_OUT_PORT: String((smtp.server.address() as AddressInfo).port),
      SMTP_OUT_FROM: 'podatelna@mesto.cz',
      PUBLIC_URL: 'https://samosprava.example',
    },
  });
  fastHashing(ctx);
  tenant = await addTenant(ctx, 'mesto', 'Město Hlučín');
  other = await addTenant(ctx, 'jine', 'Obec Jiná');
  secretary = actorFor(await addUser(ctx, tenant, 'tajemnik', ['council_secretary']));
  await addUser(ctx, tenant, 'tajemnik2', ['council_secretary']);
  await setEmail('tajemnik', 'tajemnik@mesto.cz');
  const secretary2 = actorFor(await addUser(ctx, other, 'tajemnik-jine', ['council_secretary']));
  await setEmail('tajemnik-jine', 'tajemnik@jine.cz');

  const rm = await adopt(secretary, 'RM', [
    task('A: uzavřít smlouvu', 'Anna Adamová', '2026-04-03'),
    task('B: zapracovat rozpočtové opatření', 'odbor finanční', '2026-04-08'),
    task('C: připravit zprávu', 'anna  ADAMOVA', '2026-04-09'),
    task('D: vyvěsit oznámení', 'Boris Bureš', '2026-04-02'),
    task('E: opravit chodník', 'Cecílie Cibulková', '2026-04-04'),
    task('F: zrušený úkol', 'Anna Adamová', '2026-04-03'),
    task('G: až v květnu', 'Anna Adamová', '2026-05-15'),
  ]);
  const byName = new Map(rm.members.map((m) => [m.name, m.id]));
  await setMemberEmail(ctx, secretary, byName.get('Anna Adamová')!, 'adamova@mesto.cz');
  // Boris Bureš has no address (→ the secretaries); Cecílie's mailbox does not exist.
  await setMemberEmail(ctx, secretary, byName.get('Cecílie Cibulková')!, 'neexistuje@mesto.cz');
  const f = (await listTasks(ctx, secretary)).find((t) => t.text.startsWith('F:'))!;
  await closeTask(ctx, secretary, f.id, { state: 'cancelled', reason: 'Usnesení bylo revokováno.' });

  await adopt(secretary2, 'RO', [task('X: úkol jiné obce', 'starosta', '2026-04-02')]);
}, 180_000);

afterAll(async () => {
  await ctx?.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

describe('task reminders', () => {
  it('the daily schedule runs the job: tasks due within 7 days or overdue, each to the right address', async () => {
    const worker = new JobWorker(ctx);
    await worker.ensureSchedules();
    const job = await ctx.asSuperuser((db) =>
      db
        .selectFrom('job')
        .select(['run_at', 'state'])
        .where('name', '=', TASK_REMINDER_JOB)
        .executeTakeFirst(),
    );
    expect(job).toMatchObject({ state: 'queued', run_at: new Date('2026-04-01T05:00:00Z') });
    ctx.clock.set(new Date('2026-04-01T05:00:01Z'));
    expect(await worker.runDue()).toBeGreaterThanOrEqual(1);

    const key = (m: { to: string; subject: string }) => `${m.to} ${m.subject}`;
    // E's recipient is refused (below), so three of the RM tasks reach an inbox, and the other tenant's one.
    expect(mails().sort((x, y) => (key(x) < key(y) ? -1 : 1))).toEqual([
      {
        to: 'adamova@mesto.cz',
        subject: 'Připomínka: úkol z usnesení č. 0001/01/2026/RM má termín 3. 4. 2026',
      },
      {
        to: 'tajemnik@jine.cz',
        subject: 'Připomínka: úkol z usnesení č. 0001/01/2026/RO má termín 2. 4. 2026',
      },
      {
        to: 'tajemnik@mesto.cz',
        subject: 'Připomínka: úkol z usnesení č. 0001/01/2026/RM má termín 2. 4. 2026',
      },
      {
        to: 'tajemnik@mesto.cz',
        subject: 'Připomínka: úkol z usnesení č. 0001/01/2026/RM má termín 8. 4. 2026',
      },
    ]);
    const a = inbox.find((m) => to(m).includes('adamova@mesto.cz'))!;
    expect(a.from?.value[0]).toEqual({ name: 'Město Hlučín', address: 'podatelna@mesto.cz' });
    expect(a.text).toContain('Úkol: A: uzavřít smlouvu');
    expect(a.text).toContain('Odpovídá: Anna Adamová');
    expect(a.text).toMatch(
      /Zprávu o plnění zapíšete zde: https:\/\/samosprava\.example\/app\/council\/tasks\/[0-9a-f-]{36}/,
    );
    expect(a.text).not.toContain('tajemníkovi');
    // A department (and a member without an address) goes to the secretaries with an address.
    const b = inbox.find((m) => m.text?.includes('B: zapracovat'))!;
    expect(to(b)).toEqual(['tajemnik@mesto.cz']);
    expect(b.text).toContain('zasíláme jej tajemníkovi k zajištění');

    expect((await reminderRows()).map((r) => [r.text.slice(0, 1), r.kind, r.state, r.attempts])).toEqual([
      ['A', 'due_soon', 'sent', 1],
      ['B', 'due_soon', 'sent', 1],
      ['D', 'due_soon', 'sent', 1],
      ['E', 'due_soon', 'failed', 1],
      ['X', 'due_soon', 'sent', 1],
    ]);
    const audit = await withTenant(ctx.db, tenant, SYSTEM_ACTOR, (tx) =>
      readAudit(tx, { objectType: 'Zasilka', limit: 500 }),
    );
    expect(audit.map((e) => e.eventType).sort()).toEqual(['Uprava', 'Vypraveno', 'Vypraveno', 'Vypraveno']);
  });

  it('runs again: nothing is sent twice for the same deadline; a failed one is tried again; later tasks come in their week', async () => {
    inbox.length = 0;
    expect(await runTaskReminders(ctx)).toEqual({ sent: 0, failed: 1 });
    expect(inbox).toEqual([]);
    // Friday 3 April: C (due 9 April) is within the week now; D is overdue but was reminded for
    // that deadline already; E's mailbox still refuses.
    ctx.clock.set(new Date('2026-04-03T05:00:00Z'));
    refused.clear();
    expect(await runTaskReminders(ctx)).toEqual({ sent: 2, failed: 0 });
    expect(
      mails()
        .map((m) => m.to)
        .sort(),
    ).toEqual(['adamova@mesto.cz', 'neexistuje@mesto.cz']);
    expect((await reminderRows()).map((r) => [r.text.slice(0, 1), r.state, r.attempts])).toEqual([
      ['A', 'sent', 1],
      ['B', 'sent', 1],
      ['C', 'sent', 1],
      ['D', 'sent', 1],
      ['E', 'sent', 3],
      ['X', 'sent', 1],
    ]);
    // Overdue wording for a task first reminded after its deadline.
    inbox.length = 0;
    await ctx.asSuperuser((db) =>
      sql`DELETE FROM council_task_reminder WHERE recipients = 'tajemnik@jine.cz'`.execute(db),
    );
    ctx.clock.set(new Date('2026-04-06T05:00:00Z'));
    expect(await runTaskReminders(ctx, { tenantId: other, payload: {} })).toEqual({ sent: 1, failed: 0 });
    expect(inbox[0]!.subject).toBe('Úkol z usnesení č. 0001/01/2026/RO je po termínu (2. 4. 2026)');
    expect(inbox[0]!.text).toContain('uplynul termín splnění úkolu');
  });
});
