/**
 * Requests/s of a tenant's public notice board with 500 current notices — the HTML page and the
 * OFN JSON-LD — against a static copy of the same HTML served by the same process, in the same
 * run. Loopback only; fixed duration; prints `name: value unit` lines.
 *
 *   npx tsx bench/portal.ts            (embedded PGlite, demo data + 500 notices)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { nbTrx } from '../src/modules/portal/noticeboard/schema.js';
import { demoPdf } from '../src/modules/portal/noticeboard/seed.js';
import { allMigrations, modules } from '../src/modules.js';
import { storeFile } from '../src/platform/blobs/index.js';
import { createContext } from '../src/platform/bootstrap.js';
import { addDays, todayIn } from '../src/platform/calendar/index.js';
import { loadConfig } from '../src/platform/config.js';
import { SYSTEM_ACTOR, withTenant } from '../src/platform/db/tenant.js';
import { buildApp } from '../src/platform/http/app.js';
import { newId } from '../src/platform/ids.js';
import { seedDemoIfEmpty } from '../src/seed.js';
import { loadGenerator } from './load.js';

const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 16);
const NOTICES = 500;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'samosprava-bench-'));
const config = {
  ...loadConfig({ DATA_DIR: dataDir, DATABASE_URL: process.env.DATABASE_URL }),
  runJobs: false,
};
const ctx = await createContext({ config, modules, migrations: allMigrations() });
await seedDemoIfEmpty(ctx);

// Fill Hlučín's board up to 500 posted notices, each with a PDF (rows only: the bench measures reading).
const tenant = await ctx.db
  .selectFrom('tenant')
  .selectAll()
  .where('slug', '=', 'hlucin')
  .executeTakeFirstOrThrow();
const today = todayIn(tenant.time_zone, ctx.clock.now());
const categories = [
  'announcement',
  'public-notice',
  'decree',
  'council',
  'budget',
  'tender',
  'property',
  'other',
];
await withTenant(ctx.db, tenant.id, SYSTEM_ACTOR, async (t) => {
  const file = await storeFile(ctx, t, {
    filename: 'priloha.pdf',
    source: Buffer.from(await demoPdf('Příloha', ['Text oznámení.'])),
  });
  const trx = nbTrx(t.trx);
  const existing = await trx
    .selectFrom('notice')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('state', '=', 'posted')
    .executeTakeFirstOrThrow();
  for (let i = Number(existing.n); i < NOTICES; i++) {
    const id = newId();
    const posting = addDays(today, -(i % 10));
    await trx
      .insertInto('notice')
      .values({
        id,
        tenant_id: tenant.id,
        board_number: `B${i + 1}/2026`,
        title: `Oznámení č. ${i + 1} – úprava místní komunikace v ulici Čs. armády, část ${i % 37}`,
        description: 'Městský úřad Hlučín oznamuje veřejnosti záměr a zve k nahlédnutí do podkladů.',
        category: categories[i % categories.length]!,
        reference_number: `MUHL/${1000 + i}/2026`,
        posting_date: posting,
        removal_date: addDays(today, 15 + (i % 20)),
        state: 'posted',
        posted_at: new Date(),
        created_at: new Date(),
        updated_at: new Date(),
      })
      .execute();
    await trx
      .insertInto('notice_document')
      .values({
        id: newId(),
        tenant_id: tenant.id,
        notice_id: id,
        blob_id: file.id,
        title: 'Oznámení (PDF)',
        position: 1,
        created_at: new Date(),
      })
      .execute();
  }
});

const app = await buildApp(ctx);
// The static twin: the board's own HTML saved as a file (written below) and served by @fastify/static.
// Registered before the first inject, which readies the app and closes route registration.
const staticDir = path.join(dataDir, 'static');
fs.mkdirSync(staticDir);
app.get('/bench-static/board.html', (_req, reply) => reply.sendFile('board.html', staticDir));
const page = await app.inject({ url: '/hlucin/uredni-deska' });
if (page.statusCode !== 200) throw new Error(`board page answered ${page.statusCode}`);
const jsonld = await app.inject({ url: '/hlucin/uredni-deska.jsonld' });
const listed = (jsonld.json() as { informace: unknown[] }).informace.length;
if (listed < NOTICES) throw new Error(`the board lists ${listed} notices, expected ${NOTICES}`);
fs.writeFileSync(path.join(staticDir, 'board.html'), page.body);
await app.listen({ host: '127.0.0.1', port: 0 });
const port = (app.server.address() as { port: number }).port;
const { load, close: closeLoad } = loadGenerator(port, { seconds, connections });

try {
  await load('/hlucin/uredni-deska'); // warm-up: JIT, caches
  const board = await load('/hlucin/uredni-deska');
  const data = await load('/hlucin/uredni-deska.jsonld');
  const file = await load('/bench-static/board.html');
  console.log(`database: ${ctx.database.kind}`);
  console.log(`current_notices: ${listed} count`);
  console.log(`board_page_size: ${page.body.length} bytes`);
  console.log(`jsonld_size: ${jsonld.body.length} bytes`);
  console.log(`board_page: ${board.toFixed(1)} req/s`);
  console.log(`board_jsonld: ${data.toFixed(1)} req/s`);
  console.log(`static_copy: ${file.toFixed(0)} req/s`);
  console.log(`board_page_vs_static: ${(board / file).toFixed(4)} ratio`);
  console.log(`board_jsonld_vs_static: ${(data / file).toFixed(4)} ratio`);
} finally {
  closeLoad();
  await app.close();
  await ctx.database.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
