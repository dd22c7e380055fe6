/**
 * The demo's year of Hlučín's registry: what a newcomer sees after a fresh start (journal by
 * status, the dashboard's overdue documents, files open and closed, the records office, search),
 * and that it went through the use cases (numbering in the order of time, audit chain with the
 * past dates). A smaller year than `npm start` seeds (SEED_DEMO_DOCUMENTS), same plan rules.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { verifyChain } from '../../platform/audit/chain.js';
import { SYSTEM_ACTOR, withTenant } from '../../platform/db/tenant.js';
import { seedDemoIfEmpty } from '../../seed.js';
import { createTestContext, type TestContext } from '../../test-support/context.js';
import { checkPerson, isValidIco } from './domain/intake.js';
import { myWork } from './handling-service.js';
import { as, demoApp, login, type Session, tenantIdOf } from './test-helpers.js';
import { seedRecordsYear } from './year-seed.js';
import { icoFrom, planDemoYear, type YearPlan } from './year-seed-plan.js';

const TODAY = '2026-11-21';
const COUNT = 40;
const YESTERDAY = '2026-11-20';

const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

describe('the plan of the demo year', () => {
  it('is the same plan for the same day and count, without Math.random', () => {
    const random = vi.spyOn(Math, 'random');
    const a = planDemoYear({ today: TODAY, count: 300 });
    const b = planDemoYear({ today: TODAY, count: 300 });
    expect(random).not.toHaveBeenCalled();
    random.mockRestore();
    expect(b).toEqual(a);
    expect(planDemoYear({ today: '2026-11-22', count: 300 })).not.toEqual(a);
    expect(planDemoYear({ today: TODAY, count: 0 })).toEqual({ documents: [], files: [], steps: [] });
  });

  it('spreads the documents over the working days of the last year, every state present', () => {
    const p = planDemoYear({ today: TODAY, count: 300 });
    const days = p.documents.map((d) => d.deliveredAt.day).sort();
    expect(days[0]! >= '2025-11-21').toBe(true);
    expect(days.at(-1)! < TODAY).toBe(true);
    // Every month of the year has post.
    expect(new Set(days.map((d) => d.slice(0, 7))).size).toBeGreaterThanOrEqual(12);
    for (const d of days) expect([0, 6]).not.toContain(new Date(`${d}T12:00:00Z`).getUTCDay());
    const statuses = new Set(p.documents.map((d) => d.status));
    expect([...statuses].sort()).toEqual(['accepted', 'assigned', 'registered', 'returned', 'settled']);
    const channels = new Set(p.documents.map((d) => d.channel));
    expect([...channels].sort()).toEqual(['databox', 'email', 'paper']);
    expect(p.files.some((f) => f.method === 'sberny_arch' && f.status === 'closed')).toBe(true);
    expect(p.files.some((f) => f.method === 'priorace' && f.inOffice)).toBe(true);
    // Steps are in the order of time.
    const keys = p.steps.map((s) => `${s.at.day} ${String(s.at.minute).padStart(4, '0')}`);
    expect(keys).toEqual([...keys].sort());
  });

  it.each([
    [2763541, '27635414'],
    [7089069, '70890692'],
    [7100916, '71009167'],
    [4519366, '45193665'],
    [9571, '00095711'],
  ])('completes %i with the IČO check digit: %s', (seven, ico) => {
    expect(icoFrom(seven)).toBe(ico);
    expect(isValidIco(ico)).toBe(true);
  });

  it('has senders the register of persons accepts (real IČOs of the public bodies included)', () => {
    const p = planDemoYear({ today: TODAY, count: 300 });
    for (const d of p.documents) expect(checkPerson(d.sender).errors, d.sender.name).toEqual([]);
    expect(p.documents.some((d) => d.sender.kind === 'legal' && d.sender.ico)).toBe(true);
    expect(p.documents.some((d) => d.sender.kind === 'natural')).toBe(true);
  });
});

describe('a fresh demo with its year of documents', () => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let clerk: Session;
  let manager: Session;
  let hlucin: string;
  let plan: YearPlan;

  beforeAll(async () => {
    ctx = await createTestContext({
      now: new Date(`${TODAY}T10:00:00Z`),
      env: { SEED_DEMO_DOCUMENTS: String(COUNT) },
    });
    app = await demoApp(ctx);
    clerk = await login(app, 'hlucin', 'podatelna');
    manager = await login(app, 'hlucin', 'spisovna');
    hlucin = await tenantIdOf(ctx, 'hlucin');
    plan = planDemoYear({ today: TODAY, count: COUNT });
  }, 240_000);
  afterAll(async () => {
    await app?.close();
    await ctx?.close();
  });

  const journal = async (query: string) => {
    const res = await as(app, clerk, {
      url: `/api/v1/records/documents?to=${YESTERDAY}&pageSize=200&${query}`,
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as {
      total: number;
      items: {
        id: string;
        refNumber: string;
        year: number;
        seq: number;
        subject: string;
        registeredAt: string;
      }[];
    };
  };

  it('shows the registry journal of the past year in every state, as planned', async () => {
    const all = await journal('');
    expect(all.total).toBe(plan.documents.length);
    for (const status of ['registered', 'assigned', 'accepted', 'returned', 'settled']) {
      const expected = plan.documents.filter((d) => d.status === status).length;
      expect(expected, status).toBeGreaterThan(0);
      expect((await journal(`status=${status}`)).total, status).toBe(expected);
    }
  });

  it('numbers the documents gap-free in the order they were registered, year by year', async () => {
    const rows = (await journal('')).items.sort((a, b) => a.registeredAt.localeCompare(b.registeredAt));
    expect(new Set(rows.map((r) => r.year))).toEqual(new Set([2025, 2026]));
    for (const year of [2025, 2026]) {
      const seqs = rows.filter((r) => r.year === year).map((r) => r.seq);
      expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    }
    // Today's small demo continues the 2026 series after the year.
    const today = await as(app, clerk, { url: `/api/v1/records/documents?from=${TODAY}&pageSize=200` });
    const max2026 = rows.filter((r) => r.year === 2026).length;
    for (const r of today.json().items as { year: number; seq: number }[])
      if (r.year === 2026) expect(r.seq).toBeGreaterThan(max2026);
  });

  it('puts overdue documents on the handlers’ dashboard', async () => {
    const overdue = [];
    for (const username of ['referent', 'vedouci']) {
      const actor = await withTenant(ctx.db, hlucin, SYSTEM_ACTOR, ({ trx }) =>
        trx
          .selectFrom('app_user')
          .select(['id', 'display_name', 'roles'])
          .where('username', '=', username)
          .executeTakeFirstOrThrow(),
      );
      const work = await myWork(
        ctx,
        { userId: actor.id, label: actor.display_name, roles: actor.roles, tenantId: hlucin, kind: 'user' },
        hlucin,
      );
      overdue.push(...work.overdue);
    }
    expect(overdue.length).toBeGreaterThan(0);
    for (const o of overdue) expect(o.dueDate! < TODAY).toBe(true);
  });

  it('has files by priorace and sběrné archy, open and closed, some in the records office', async () => {
    const res = await as(app, clerk, { url: '/api/v1/records/files?pageSize=200' });
    const files = (
      res.json().items as { method: string; status: string; createdOn: string; documents: number }[]
    ).filter((f) => f.createdOn < TODAY);
    expect(files.length).toBe(plan.files.length);
    for (const method of ['priorace', 'sberny_arch'])
      for (const status of ['open', 'closed'])
        expect(
          files.filter((f) => f.method === method && f.status === status).length,
          `${method} ${status}`,
        ).toBe(plan.files.filter((f) => f.method === method && f.status === status).length);
    expect(files.filter((f) => f.status === 'closed').length).toBeGreaterThan(0);
    const office = await as(app, manager, { url: '/api/v1/records/office?pageSize=200' });
    const entries = (
      office.json().items as { file: { closedOn: string }; loan: unknown; disposalYear: number }[]
    ).filter((e) => e.file.closedOn < TODAY);
    expect(entries.length).toBe(plan.files.filter((f) => f.inOffice).length);
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.filter((e) => e.loan !== null)).toHaveLength(1);
    // A disposal proposal can be built from what is due (the small demo's lease contract).
    const proposal = await as(app, manager, {
      method: 'POST',
      url: '/api/v1/records/disposal-proposals',
      payload: {},
    });
    expect(proposal.statusCode, proposal.body).toBe(201);
  });

  it('finds a seeded document by its subject typed without diacritics', async () => {
    const target = plan.documents.find(
      (d) => d.status === 'settled' && fold(d.subject) !== d.subject.toLowerCase(),
    )!;
    const found = await journal(`q=${encodeURIComponent(fold(target.subject).replace(/[–,]/g, ' '))}`);
    expect(found.items.map((i) => i.subject)).toContain(target.subject);
  });

  it('tells each document’s story with its past dates in an intact audit chain', async () => {
    const first = plan.documents.find((d) => d.status === 'settled')!;
    const row = (await journal(`q=${encodeURIComponent(first.subject)}`)).items.find(
      (i) => i.subject === first.subject,
    )!;
    const res = await as(app, clerk, { url: `/api/v1/records/documents/${row.id}` });
    const history = res.json().history as { at: string; eventType: string; objectType: string }[];
    const registered = history.find((e) => e.eventType === 'Zalozeni' && e.objectType === 'Dokument')!;
    const settled = history.find((e) => e.eventType === 'Vyrizeni')!;
    const planned = (kind: string) =>
      plan.steps.find((s) => s.kind === kind && 'doc' in s && s.doc === first.key)!;
    const localDay = (iso: string) =>
      new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Prague' }).format(new Date(iso));
    expect(localDay(registered.at)).toBe(planned('register').at.day);
    expect(localDay(settled.at)).toBe(planned('settle').at.day);
    const chain = await verifyChain(ctx.db, hlucin);
    expect(chain.ok, chain.reason).toBe(true);
    expect(chain.count).toBeGreaterThan(plan.steps.length);
  });

  it('seeds nothing again on the next start', async () => {
    const before = (await journal('')).total;
    expect(await seedDemoIfEmpty(ctx)).toBeNull();
    expect(await seedRecordsYear(ctx, COUNT)).toBeNull();
    expect((await journal('')).total).toBe(before);
  });
});
