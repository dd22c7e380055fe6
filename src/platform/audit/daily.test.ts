import { XMLParser } from 'fast-xml-parser';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test-support/context.js';
import { getFile } from '../blobs/index.js';
import { type Actor, SYSTEM_ACTOR, withOperator, withTenant } from '../db/tenant.js';
import { newId } from '../ids.js';
import { JobWorker } from '../jobs/worker.js';
import { appendAudit, readAudit, verifyChain } from './chain.js';
import { listRenditions, RENDER_DAY_JOB, renderAuditDay } from './daily.js';
import { validateXml } from './xsd.js';

let ctx: TestContext;
let town: string;
let quiet: string;
let clerk: Actor;

async function addTenant(slug: string, name: string, ico: string | null): Promise<string> {
  const id = newId();
  await withOperator(ctx.db, SYSTEM_ACTOR, (tx) =>
    tx.trx
      .insertInto('tenant')
      .values({
        id,
        slug,
        kind: 'town',
        name,
        ico,
        databox_id: null,
        country: 'CZ',
        time_zone: 'Europe/Prague',
        locale: 'cs',
        parent_id: null,
      })
      .execute(),
  );
  return id;
}

/** One audited change in the town at a given instant. */
async function eventAt(iso: string, objectId: string) {
  ctx.clock.set(new Date(iso));
  return withTenant(
    ctx.db,
    town,
    clerk,
    (tx) =>
      appendAudit(tx, {
        eventType: 'Zalozeni',
        objectType: 'Dokument',
        objectId,
        params: { subject: 'Žádost' },
      }),
    { now: ctx.clock.now() },
  );
}

const inTown = <T>(fn: Parameters<typeof withTenant<T>>[3]) =>
  withTenant(ctx.db, town, SYSTEM_ACTOR, fn, { now: ctx.clock.now() });

const xmlParser = new XMLParser({ isArray: (name) => name === 'Udalost' });

async function renditionXml(blobId: string): Promise<{ xml: string; filename: string; mime: string }> {
  return inTown(async (tx) => {
    const file = await getFile(ctx, tx, blobId);
    return {
      xml: (await file.read()).toString('utf8'),
      filename: file.record.filename,
      mime: file.record.mime,
    };
  });
}

function poradi(xml: string): number[] {
  const doc = xmlParser.parse(xml);
  const list = doc.TransakcniLogSystemu.Udalosti?.Udalost ?? [];
  return list.map((u: { Poradi: number }) => Number(u.Poradi));
}

beforeAll(async () => {
  ctx = await createTestContext({
    now: new Date('2026-11-20T08:00:00Z'),
  });
  town = await addTenant('hlucin-audit', 'Město Hlučín', '00300063');
  quiet = await addTenant('ticha-obec', 'Tichá obec', null);
  clerk = { userId: newId(), label: 'Jana Referentová', roles: [], tenantId: town, kind: 'user' };
});
afterAll(async () => {
  await ctx?.close();
});

describe('daily rendering of the transakční protokol', () => {
  const dayEvents: number[] = [];

  it("renders the previous day's events, and only them, at 01:00 the next day", async () => {
    const worker = new JobWorker(ctx);
    expect(await worker.ensureSchedules()).toBeGreaterThanOrEqual(1);

    // 2026-11-20 in Prague (CET, UTC+1) runs from 2026-11-19T23:00Z to 2026-11-20T23:00Z.
    dayEvents.push((await eventAt('2026-11-19T23:00:00.000Z', 'first-of-day')).seq);
    dayEvents.push((await eventAt('2026-11-20T10:15:00.000Z', 'midday')).seq);
    dayEvents.push((await eventAt('2026-11-20T22:59:59.999Z', 'last-of-day')).seq);
    const nextDay = await eventAt('2026-11-20T23:00:00.000Z', 'next-day'); // 21 Nov 00:00 local

    ctx.clock.set(new Date('2026-11-21T00:00:00Z')); // 01:00 in Prague
    expect(await worker.runDue()).toBeGreaterThanOrEqual(1);

    const renditions = await inTown((tx) => listRenditions(tx.trx));
    expect(renditions).toEqual([
      {
        tenantId: town,
        day: '2026-11-20',
        blobId: expect.any(String),
        eventCount: 3,
        firstSeq: dayEvents[0],
        lastSeq: dayEvents[2],
      },
    ]);
    const { xml, filename, mime } = await renditionXml(renditions[0]!.blobId);
    expect(filename).toBe('transakcni-protokol-2026-11-20.xml');
    expect(mime).toBe('application/xml');
    expect(poradi(xml)).toEqual(dayEvents);
    expect(poradi(xml)).not.toContain(nextDay.seq);
    expect(xml).toContain('<DatumCasOd>2026-11-19T23:00:00.000Z</DatumCasOd>');
    expect(xml).toContain('<DatumCasDo>2026-11-20T22:59:59.999Z</DatumCasDo>');
    expect(await validateXml(xml, 'nsesss-TrP')).toEqual({ valid: true, errors: [] });

    // A tenant with no events at all has nothing to render.
    const quietRenditions = await withTenant(ctx.db, quiet, SYSTEM_ACTOR, (tx) => listRenditions(tx.trx));
    expect(quietRenditions).toEqual([]);
  });

  it('audits the rendering itself as an export, and the chain stays intact', async () => {
    const exports = await inTown((tx) => readAudit(tx, { from: new Date('2026-11-21T00:00:00Z') }));
    const exportEvent = exports.find((e) => e.eventType === 'Export');
    expect(exportEvent).toMatchObject({
      at: new Date('2026-11-21T00:00:00Z'),
      actorLabel: 'system',
      params: { day: '2026-11-20', entries: 3, firstSeq: dayEvents[0], lastSeq: dayEvents[2] },
    });
    expect(await verifyChain(ctx.db, town)).toMatchObject({ ok: true });
  });

  it('does nothing when the same day is rendered again', async () => {
    const before = await inTown((tx) => readAudit(tx, {}));
    await renderAuditDay(ctx, { tenantId: null, payload: {} });
    await renderAuditDay(ctx, { tenantId: town, payload: {} });
    expect(await inTown((tx) => listRenditions(tx.trx))).toHaveLength(1);
    expect(await inTown((tx) => readAudit(tx, {}))).toHaveLength(before.length);
  });

  it('queued the next night after the run', async () => {
    const queued = await ctx.asSuperuser((db) =>
      db
        .selectFrom('job')
        .select(['singleton_key', 'state'])
        .where('name', '=', RENDER_DAY_JOB)
        .orderBy('run_at')
        .execute(),
    );
    expect(queued).toEqual([
      { singleton_key: 'daily:audit.render-day:2026-11-21', state: 'done' },
      { singleton_key: 'daily:audit.render-day:2026-11-22', state: 'queued' },
    ]);
  });

  it('catches up missed days in order, rendering a day without events as an empty, valid log', async () => {
    // Nothing ran on 22 Nov; on 24 Nov at 01:00 the 21st, 22nd and 23rd are due.
    ctx.clock.set(new Date('2026-11-24T00:00:00Z'));
    await renderAuditDay(ctx, { tenantId: null, payload: {} });
    const renditions = await inTown((tx) => listRenditions(tx.trx));
    expect(renditions.map((r) => [r.day, r.eventCount])).toEqual([
      ['2026-11-20', 3],
      // the "next-day" event, and the file and export events of the first rendering
      ['2026-11-21', 3],
      ['2026-11-22', 0],
      ['2026-11-23', 0],
    ]);
    const empty = await renditionXml(renditions[2]!.blobId);
    expect(poradi(empty.xml)).toEqual([]);
    expect(await validateXml(empty.xml, 'nsesss-TrP')).toEqual({ valid: true, errors: [] });
  });

  it('keeps renditions unchangeable and invisible to other tenants', async () => {
    await expect(
      inTown((tx) =>
        sql`UPDATE audit_rendition SET event_count = 0 WHERE day = '2026-11-20'`.execute(tx.trx),
      ),
    ).rejects.toThrow(/never changed/);
    const seenByOther = await withTenant(ctx.db, quiet, SYSTEM_ACTOR, (tx) => listRenditions(tx.trx));
    expect(seenByOther).toEqual([]);
  });
});
