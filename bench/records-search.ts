/**
 * Records search at scale on a PostgreSQL server: generates 1,000,000 registered documents across
 * 10 tenants (100,000 each, 20 handlers and 4 org units per tenant, subjects and extracted text
 * from a 3,000-word vocabulary), then measures the use cases a clerk and a handler call:
 *   - journal search, full text + filter (`listDocuments` as the registry clerk: q + status),
 *   - the same with two words,
 *   - a handler's search (results limited to what the handler may see),
 *   - "my documents" (`myWork`, the dashboard lists),
 * each as p50/p95/p99 over many calls with random words. Target: p95 ≤ 50 ms.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/records-search.ts
 * Env: BENCH_DOCS (total, default 1000000), BENCH_CALLS (per case, default 300). Uses a throw-away
 * database on that server. Prints `name: value unit` lines.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { myWork } from '../src/modules/records/handling-service.js';
import { listDocuments } from '../src/modules/records/journal-service.js';
import { allMigrations, modules } from '../src/modules.js';
import { createContext } from '../src/platform/bootstrap.js';
import { loadConfig } from '../src/platform/config.js';
import type { Actor } from '../src/platform/db/tenant.js';
import { measure as measureLatency, vocabulary } from './latency.js';

const server = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const TOTAL = Number(process.env.BENCH_DOCS ?? 1_000_000);
const CALLS = Number(process.env.BENCH_CALLS ?? 300);
const TENANTS = 10;
const HANDLERS = 20;
const PER_TENANT = Math.floor(TOTAL / TENANTS);
const name = `samosprava_bench_${randomBytes(4).toString('hex')}`;

const measure = (label: string, call: (i: number) => Promise<unknown>) => measureLatency(label, CALLS, call);

const admin = new pg.Client({ connectionString: server });
await admin.connect();
await admin.query(`CREATE DATABASE ${name}`);
const url = new URL(server);
url.pathname = `/${name}`;
const config = { ...loadConfig({ DATABASE_URL: url.toString() }), runJobs: false, seedDemo: false };
const ctx = await createContext({ config, modules, migrations: allMigrations() });
const su = new pg.Client({ connectionString: url.toString() });
await su.connect();
try {
  const words = vocabulary(3000, 7);
  const t0 = performance.now();
  // Bulk generation fills the word index in one statement at the end instead of row by row.
  for (const trigger of ['records_document_terms', 'records_document_terms_added'])
    await su.query(`ALTER TABLE records_document DISABLE TRIGGER ${trigger}`);
  const tenants: { id: string; clerk: Actor; handlers: Actor[] }[] = [];
  for (let i = 0; i < TENANTS; i++) {
    const { rows } = await su.query<{ id: string }>(
      `INSERT INTO tenant (id, slug, kind, name, country, time_zone, locale, address, contacts, office_hours, settings)
       VALUES (gen_random_uuid(), $1, 'municipality', $2, 'CZ', 'Europe/Prague', 'cs', '{}', '{}', '[]', '{}') RETURNING id`,
      [`obec-${i}`, `Obec ${i}`],
    );
    const tenantId = rows[0]!.id;
    const units = await su.query<{ id: string }>(
      `INSERT INTO org_unit (id, tenant_id, code, name)
       SELECT gen_random_uuid(), $1, 'U' || g, 'Odbor ' || g FROM generate_series(1, 4) g RETURNING id`,
      [tenantId],
    );
    const users = await su.query<{ id: string; username: string }>(
      `INSERT INTO app_user (id, tenant_id, username, display_name, password_hash, roles, org_unit_id)
       SELECT gen_random_uuid(), $1, 'referent' || g, 'Referent ' || g, 'x', '{handler}', ($2::uuid[])[1 + g % 4]
       FROM generate_series(1, ${HANDLERS}) g RETURNING id, username`,
      [tenantId, units.rows.map((u) => u.id)],
    );
    const clerk = await su.query<{ id: string }>(
      `INSERT INTO app_user (id, tenant_id, username, display_name, password_hash, roles)
       VALUES (gen_random_uuid(), $1, 'podatelna', 'Podatelna', 'x', '{registry_clerk}') RETURNING id`,
      [tenantId],
    );
    const actor = (id: string, roles: string[]): Actor => ({
      userId: id,
      label: 'bench',
      roles,
      tenantId,
      kind: 'user',
    });
    tenants.push({
      id: tenantId,
      clerk: actor(clerk.rows[0]!.id, ['registry_clerk']),
      handlers: users.rows.map((u) => actor(u.id, ['handler'])),
    });
    // One statement per tenant: documents spread over two years, statuses, units and handlers.
    await su.query(
      `INSERT INTO records_document (id, tenant_id, pid, ref_number, year, seq, subject, access_level, status,
         org_unit_id, handler_id, due_date, search_text, registered_at, delivered_at, delivery_method,
         settled_on, settlement_method)
       SELECT gen_random_uuid(), $1, 'OB' || lpad(g::text, 9, '0'), g || '/' || y, y, g, subj,
         'internal', (ARRAY['registered','assigned','accepted','returned','settled'])[1 + (g * 7) % 5],
         ($2::uuid[])[1 + g % 4], ($3::uuid[])[1 + g % ${HANDLERS}],
         to_char(reg + interval '30 days', 'YYYY-MM-DD'), lower(subj || ' ' || body), reg, reg, 'post',
         CASE WHEN (g * 7) % 5 = 4 THEN to_char(reg + interval '20 days', 'YYYY-MM-DD') END,
         CASE WHEN (g * 7) % 5 = 4 THEN 'document' END
       FROM (
         SELECT g, 2025 + (g % 2) AS y,
           timestamp '2025-01-01' + (g % 600) * interval '1 day' + (g % 480) * interval '1 minute' AS reg,
           'Žádost ' || w[1 + (g * 13) % n] || ' ' || w[1 + (g * 31) % n] || ' ' || w[1 + (g * 101) % n] AS subj,
           -- the aggregate's argument must be of the inner query, or it aggregates the outer one
           (SELECT string_agg(x, ' ') FROM (
              SELECT w[1 + floor(random() * n)::int] AS x FROM generate_series(1, 20) k WHERE k > g * 0) z)
             AS body
         FROM generate_series(1, ${PER_TENANT}) g, (SELECT $4::text[] AS w, array_length($4::text[], 1) AS n) v
       ) s`,
      [tenantId, units.rows.map((u) => u.id), users.rows.map((u) => u.id), words],
    );
  }
  await su.query(`INSERT INTO records_search_term (tenant_id, term, document_id)
    SELECT d.tenant_id, x, d.id FROM records_document d, records_search_terms(d.search_text) x`);
  for (const trigger of ['records_document_terms', 'records_document_terms_added'])
    await su.query(`ALTER TABLE records_document ENABLE TRIGGER ${trigger}`);
  await su.query('ANALYZE');
  const genSeconds = (performance.now() - t0) / 1000;
  const count = await su.query<{ n: string }>('SELECT count(*) AS n FROM records_document');
  const size = await su.query<{ s: string }>(
    `SELECT pg_size_pretty(pg_database_size(current_database())) AS s`,
  );
  console.log(`database: postgresql (${(await su.query('SHOW server_version')).rows[0].server_version})`);
  console.log(`documents: ${count.rows[0]!.n} count`);
  console.log(`tenants: ${TENANTS} count`);
  console.log(`generation: ${genSeconds.toFixed(0)} s`);
  console.log(`database_size: ${size.rows[0]!.s}`);

  const word = (i: number) => words[(i * 7919) % words.length]!;
  const tenant = (i: number) => tenants[i % TENANTS]!;
  const statuses = ['registered', 'assigned', 'accepted', 'returned', 'settled'];
  await measure('clerk_search_word_status', (i) =>
    listDocuments(ctx, tenant(i).clerk, tenant(i).id, { q: word(i), status: statuses[i % 5]! }),
  );
  await measure('clerk_search_two_words', (i) =>
    listDocuments(ctx, tenant(i).clerk, tenant(i).id, { q: `${word(i)} ${word(i + 1)}` }),
  );
  await measure('handler_search_word', (i) =>
    listDocuments(ctx, tenant(i).handlers[i % HANDLERS]!, tenant(i).id, { q: word(i) }),
  );
  await measure('my_documents', (i) => myWork(ctx, tenant(i).handlers[i % HANDLERS]!, tenant(i).id));
} finally {
  await su.end();
  await ctx.database.close();
  await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
  await admin.end();
}
