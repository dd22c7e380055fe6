import { extractText } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../../platform/db/tenant.js';
import { AppError } from '../../../platform/errors.js';
import { useTestHashing } from '../../../platform/identity/index.js';
import { actorFor, addUser } from '../../../platform/identity/testing.js';
import { JobWorker } from '../../../platform/jobs/worker.js';
import { png1x1 } from '../../../test-support/blob-fixtures.js';
import { createTestContext, type TestContext } from '../../../test-support/context.js';
import { createTestTenant } from '../../../test-support/tenants.js';
import { demoPdf } from './seed.js';
import {
  createNotice,
  getCertificate,
  getNotice,
  getPublicDocument,
  listPublicNotices,
  type NoticeInput,
  postNotice,
  removeNotice,
  scheduleNotice,
  sweep,
  unscheduleNotice,
  updateNotice,
} from './service.js';

let ctx: TestContext;
let tenantA: string;
let tenantB: string;
let publisherA: Actor;
let publisherB: Actor;
let handlerA: Actor;
let secretaryA: Actor;
let pdf: Uint8Array;

// Monday 2 March 2026, 09:00 in Prague.
const START = new Date('2026-03-02T08:00:00Z');
const DAY = 24 * 3600_000;

beforeAll(async () => {
  ctx = await createTestContext({ now: START });
  useTestHashing(ctx);
  tenantA = (await createTestTenant(ctx, 'nb-a', { ico: '00300063', name: 'Město A' })).id;
  tenantB = (await createTestTenant(ctx, 'nb-b')).id;
  publisherA = actorFor(await addUser(ctx, tenantA, 'deska', ['publisher']));
  publisherB = actorFor(await addUser(ctx, tenantB, 'deska', ['publisher']));
  handlerA = actorFor(await addUser(ctx, tenantA, 'referent', ['handler']));
  secretaryA = actorFor(await addUser(ctx, tenantA, 'tajemnik', ['council_secretary']));
  pdf = await demoPdf('Veřejná vyhláška', ['Řízení o umístění stavby.']);
}, 180_000);
afterAll(() => ctx?.close());

async function upload(content: Uint8Array | Buffer = pdf, filename = 'vyhlaska.pdf') {
  return { filename, blob: await ctx.blobs.put(Buffer.from(content)) };
}

const notice = (patch: Partial<NoticeInput> = {}): NoticeInput => ({
  title: 'Veřejná vyhláška o zahájení řízení',
  category: 'public-notice',
  postingDate: '2026-03-02',
  ...patch,
});

async function countNotices(tenantId: string): Promise<number> {
  return ctx.asSuperuser(async (db) => {
    const r = await db
      .selectFrom('notice')
      .select(db.fn.countAll<number>().as('n'))
      .where('tenant_id', '=', tenantId)
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  });
}

async function refusal(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

describe('creating and posting', () => {
  it('posts a public notice today, computes its 15 days and queues the removal', async () => {
    const n = await createNotice(
      ctx,
      publisherA,
      tenantA,
      notice({ referenceNumber: 'MUA/1/2026' }),
      await upload(),
    );
    expect(n.state).toBe('draft');
    expect(n.removalDate).toBe('2026-03-17');
    expect(n.removalExplanation).not.toBeNull();
    expect(n.documents).toHaveLength(1);
    const posted = await scheduleNotice(ctx, publisherA, tenantA, n.id);
    expect(posted.state).toBe('posted');
    expect(posted.postedAt?.toISOString()).toBe(START.toISOString());
    expect(posted.boardNumber).toBe('1/2026');
    const job = await ctx.asSuperuser((db) =>
      db
        .selectFrom('job')
        .selectAll()
        .where('singleton_key', 'like', `noticeboard.remove:${n.id}:%`)
        .executeTakeFirst(),
    );
    // Shown through 17 March; down at the start of 18 March (CET).
    expect(new Date(job!.run_at).toISOString()).toBe('2026-03-17T23:00:00.000Z');
    const events = await ctx.asSuperuser((db) =>
      db
        .selectFrom('audit_event')
        .select('event_type')
        .where('object_id', '=', n.id)
        .orderBy('seq')
        .execute(),
    );
    expect(events.map((e) => e.event_type)).toEqual([
      'Zalozeni',
      'VlozeniKDokumentu',
      'Schvaleni',
      'Vypraveno',
    ]);
  });

  it.each([
    ['no title', notice({ title: '' }), 'title'],
    [
      'removal before posting',
      notice({ category: 'announcement', removalDate: '2026-03-01' }),
      'removalDate',
    ],
    ['public notice shorter than 15 days', notice({ removalDate: '2026-03-10' }), 'removalDate'],
  ])('refuses %s and stores nothing', async (_name, input, field) => {
    const before = await countNotices(tenantA);
    const e = await refusal(createNotice(ctx, publisherA, tenantA, input, await upload()));
    expect(e.code).toBe('validation');
    expect(e.fields.map((f) => f.field)).toContain(field);
    expect(await countNotices(tenantA)).toBe(before);
  });

  it('refuses a PNG and a text file named .pdf (content is sniffed)', async () => {
    const before = await countNotices(tenantA);
    for (const content of [png1x1(), Buffer.from('%PDX not really a pdf\n')]) {
      const e = await refusal(
        createNotice(ctx, publisherA, tenantA, notice(), await upload(content, 'fake.pdf')),
      );
      expect(e.fields).toContainEqual(expect.objectContaining({ field: 'file', code: 'notPdf' }));
    }
    expect(await countNotices(tenantA)).toBe(before);
  });

  it('refuses to schedule without a document, or on a day that has passed', async () => {
    const noDoc = await createNotice(ctx, publisherA, tenantA, notice());
    const e1 = await refusal(scheduleNotice(ctx, publisherA, tenantA, noDoc.id));
    expect(e1.fields).toContainEqual(expect.objectContaining({ code: 'noDocument' }));
    const past = await createNotice(
      ctx,
      publisherA,
      tenantA,
      notice({ postingDate: '2026-03-01' }),
      await upload(),
    );
    const e2 = await refusal(scheduleNotice(ctx, publisherA, tenantA, past.id));
    expect(e2.fields).toContainEqual(
      expect.objectContaining({ field: 'postingDate', code: 'postingInPast' }),
    );
    expect((await getNotice(ctx, publisherA, tenantA, past.id)).state).toBe('draft');
  });

  it('does not let a posted notice be edited', async () => {
    const n = await createNotice(ctx, publisherA, tenantA, notice(), await upload());
    await scheduleNotice(ctx, publisherA, tenantA, n.id);
    const e = await refusal(updateNotice(ctx, publisherA, tenantA, n.id, notice({ title: 'Jiný název' })));
    expect(e.code).toBe('conflict');
  });
});

describe('permissions and tenants', () => {
  it('a publisher of another tenant does not find the notice', async () => {
    const n = await createNotice(ctx, publisherA, tenantA, notice(), await upload());
    const e = await refusal(getNotice(ctx, publisherB, tenantB, n.id));
    expect(e.code).toBe('not-found');
    // Asking with A's tenant id is refused outright: B's publisher holds no role in A.
    expect((await refusal(getNotice(ctx, publisherB, tenantA, n.id))).code).toBe('forbidden');
  });

  it('a handler without the publisher role may not manage notices', async () => {
    expect((await refusal(createNotice(ctx, handlerA, tenantA, notice(), await upload()))).code).toBe(
      'forbidden',
    );
  });
});

describe('jobs and the clock', () => {
  it('posts a scheduled notice at local midnight of its day and removes it after its last day', async () => {
    const worker = new JobWorker(ctx);
    const n = await createNotice(
      ctx,
      publisherA,
      tenantA,
      notice({
        title: 'Oznámení o uzavírce',
        category: 'announcement',
        postingDate: '2026-03-04',
        removalDate: '2026-03-06',
      }),
      await upload(),
    );
    expect((await scheduleNotice(ctx, publisherA, tenantA, n.id)).state).toBe('scheduled');

    ctx.clock.set(new Date('2026-03-03T22:59:00Z')); // 23:59 on 3 March in Prague
    await worker.runDue();
    expect((await getNotice(ctx, publisherA, tenantA, n.id)).state).toBe('scheduled');

    ctx.clock.set(new Date('2026-03-03T23:00:30Z')); // just after midnight, 4 March
    await worker.runDue();
    const posted = await getNotice(ctx, publisherA, tenantA, n.id);
    expect(posted.state).toBe('posted');
    expect(posted.postedAt?.toISOString()).toBe('2026-03-03T23:00:30.000Z');
    expect((await listPublicNotices(ctx, tenantA)).notices.map((x) => x.id)).toContain(n.id);

    ctx.clock.set(new Date('2026-03-06T22:00:00Z')); // 23:00 on the last day: still up
    await worker.runDue();
    expect((await getNotice(ctx, publisherA, tenantA, n.id)).state).toBe('posted');

    ctx.clock.set(new Date('2026-03-06T23:00:05Z'));
    await worker.runDue();
    const removed = await getNotice(ctx, publisherA, tenantA, n.id);
    expect(removed.state).toBe('removed');
    expect(removed.removedAt?.toISOString()).toBe('2026-03-06T23:00:05.000Z');
    expect(removed.hasCertificate).toBe(true);
    expect((await listPublicNotices(ctx, tenantA)).notices.map((x) => x.id)).not.toContain(n.id);
    expect((await listPublicNotices(ctx, tenantA, { archive: true })).notices.map((x) => x.id)).toContain(
      n.id,
    );
    // Documents of removed notices are no longer served to the public.
    expect((await refusal(getPublicDocument(ctx, tenantA, n.id, removed.documents[0]!.id))).code).toBe(
      'not-found',
    );

    const cert = await getCertificate(ctx, publisherA, tenantA, n.id);
    expect(cert.record.mime).toBe('application/pdf');
    const { text } = await extractText(new Uint8Array(await cert.read()), { mergePages: true });
    expect(text).toContain('Doložka o vyvěšení a sejmutí');
    expect(text).toContain('Oznámení o uzavírce');
    expect(text).toContain('2026-03-03T23:00:30.000Z');
    expect(text).toContain('2026-03-06T23:00:05.000Z');
    ctx.clock.set(START);
  });

  it('an unscheduled notice is not posted by its old job; a new schedule is', async () => {
    const worker = new JobWorker(ctx);
    const n = await createNotice(
      ctx,
      publisherA,
      tenantA,
      notice({ category: 'announcement', postingDate: '2026-03-05', removalDate: '2026-03-20' }),
      await upload(),
    );
    await scheduleNotice(ctx, publisherA, tenantA, n.id);
    await unscheduleNotice(ctx, publisherA, tenantA, n.id);
    await updateNotice(
      ctx,
      publisherA,
      tenantA,
      n.id,
      notice({ category: 'announcement', postingDate: '2026-03-07', removalDate: '2026-03-20' }),
    );
    await scheduleNotice(ctx, publisherA, tenantA, n.id);
    ctx.clock.set(new Date('2026-03-05T12:00:00Z'));
    await worker.runDue();
    expect((await getNotice(ctx, publisherA, tenantA, n.id)).state).toBe('scheduled');
    ctx.clock.set(new Date('2026-03-07T12:00:00Z'));
    await worker.runDue();
    expect((await getNotice(ctx, publisherA, tenantA, n.id)).state).toBe('posted');
    ctx.clock.set(START);
  });

  it('the daily sweep posts a notice whose job was lost', async () => {
    const n = await createNotice(
      ctx,
      publisherA,
      tenantA,
      notice({ category: 'announcement', postingDate: '2026-03-03', removalDate: '2026-03-25' }),
      await upload(),
    );
    await scheduleNotice(ctx, publisherA, tenantA, n.id);
    await ctx.asSuperuser((db) =>
      db.deleteFrom('job').where('singleton_key', 'like', `noticeboard.post:${n.id}:%`).execute(),
    );
    ctx.clock.set(new Date(START.getTime() + DAY));
    const r = await sweep(ctx);
    expect(r.posted).toBeGreaterThanOrEqual(1);
    expect((await getNotice(ctx, publisherA, tenantA, n.id)).state).toBe('posted');
    ctx.clock.set(START);
  });

  it('early removal needs a reason, which the certificate states', async () => {
    const n = await createNotice(
      ctx,
      publisherA,
      tenantA,
      notice({ title: 'Chybná vyhláška' }),
      await upload(),
    );
    await scheduleNotice(ctx, publisherA, tenantA, n.id);
    const e = await refusal(removeNotice(ctx, publisherA, tenantA, n.id, { reason: ' ' }));
    expect(e.fields).toContainEqual(expect.objectContaining({ field: 'reason', code: 'reasonRequired' }));
    const r = await removeNotice(ctx, publisherA, tenantA, n.id, { reason: 'Nahrazena opravenou verzí.' });
    expect(r.state).toBe('removed');
    const cert = await getCertificate(ctx, publisherA, tenantA, n.id);
    const { text } = await extractText(new Uint8Array(await cert.read()), { mergePages: true });
    expect(text).toContain('Nahrazena opravenou verzí.');
  });
});

describe('for other modules', () => {
  it('postNotice creates and posts a council notice with its PDF in one go', async () => {
    const n = await postNotice(ctx, secretaryA, tenantA, {
      title: 'Zasedání zastupitelstva 16. 3. 2026',
      category: 'council',
      postingDate: '2026-03-02',
      removalDate: '2026-03-16',
      documents: [{ filename: 'pozvanka.pdf', content: pdf }],
      source: 'council',
    });
    expect(n).toMatchObject({ state: 'posted', source: 'council' });
    expect(n.documents).toHaveLength(1);
  });

  it('postNotice refuses a non-PDF and leaves nothing behind', async () => {
    const before = await countNotices(tenantA);
    const e = await refusal(
      postNotice(ctx, secretaryA, tenantA, {
        title: 'X',
        category: 'council',
        postingDate: '2026-03-02',
        removalDate: '2026-03-16',
        documents: [{ filename: 'x.pdf', content: png1x1() }],
        source: 'council',
      }),
    );
    expect(e.code).toBe('validation');
    expect(await countNotices(tenantA)).toBe(before);
  });
});

describe('public search', () => {
  it('finds without diacritics and filters by category', async () => {
    const n = await postNotice(ctx, publisherA, tenantA, {
      title: 'Vyhláška o místním poplatku ze psů',
      category: 'decree',
      postingDate: '2026-03-02',
      removalDate: '2026-04-02',
      documents: [{ filename: 'vyhlaska.pdf', content: pdf }],
      source: 'test',
    });
    const ids = async (q: Parameters<typeof listPublicNotices>[2]) =>
      (await listPublicNotices(ctx, tenantA, q)).notices.map((x) => x.id);
    expect(await ids({ q: 'poplatku ze psu' })).toEqual([n.id]);
    expect(await ids({ q: 'VYHLÁŠKA psů' })).toEqual([n.id]);
    expect(await ids({ q: 'mistnim', category: 'decree' })).toEqual([n.id]);
    expect(await ids({ q: 'mistnim', category: 'budget' })).toEqual([]);
    expect(await ids({ q: '100%_' })).toEqual([]);
    // Another tenant's board never shows it.
    expect((await listPublicNotices(ctx, tenantB, { q: 'poplatku' })).notices).toEqual([]);
  });
});
