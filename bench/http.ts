/**
 * Requests/s of a tenant's public portal page (rendered per request: tenant lookup, i18n,
 * Preact to HTML) against a static file of about the same size served by the same process,
 * in the same run. Loopback only; fixed duration; prints `name: value unit` lines.
 *
 *   npx tsx bench/http.ts            (embedded PGlite, demo data)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { allMigrations, modules } from '../src/modules.js';
import { createContext } from '../src/platform/bootstrap.js';
import { loadConfig } from '../src/platform/config.js';
import { buildApp } from '../src/platform/http/app.js';
import { seedDemoIfEmpty } from '../src/seed.js';
import { loadGenerator } from './load.js';

const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 16);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'samosprava-bench-'));
const config = {
  ...loadConfig({ DATA_DIR: dataDir, DATABASE_URL: process.env.DATABASE_URL }),
  runJobs: false,
};
const ctx = await createContext({ config, modules, migrations: allMigrations() });
await seedDemoIfEmpty(ctx);
const app = await buildApp(ctx);
// The static twin: the portal's own HTML saved as a file and served by @fastify/static.
// (Routes must exist before the first inject, which readies the app.)
const staticDir = path.join(dataDir, 'static');
fs.mkdirSync(staticDir);
app.get('/bench-static/portal.html', (_req, reply) => reply.sendFile('portal.html', staticDir));
const page = await app.inject({ url: '/hlucin/' });
if (page.statusCode !== 200) throw new Error(`portal page answered ${page.statusCode}`);
fs.writeFileSync(path.join(staticDir, 'portal.html'), page.body);
await app.listen({ host: '127.0.0.1', port: 0 });
const port = (app.server.address() as { port: number }).port;
const { load, close: closeLoad } = loadGenerator(port, { seconds, connections });

try {
  await load('/hlucin/'); // warm-up: JIT, caches
  const portal = await load('/hlucin/');
  const file = await load('/bench-static/portal.html');
  console.log(`database: ${ctx.database.kind}`);
  console.log(`page_size: ${page.body.length} bytes`);
  console.log(`portal_page: ${portal.toFixed(0)} req/s`);
  console.log(`static_file: ${file.toFixed(0)} req/s`);
  console.log(`portal_vs_static: ${(portal / file).toFixed(2)} ratio`);
} finally {
  closeLoad();
  await app.close();
  await ctx.database.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
