/**
 * Public resolution search at scale on a PostgreSQL server: generates 100,000 adopted resolutions
 * across 50 tenants (2,000 each: a council and an assembly, 80 meetings over two years, 25 items
 * a meeting; titles and clause texts from a 3,000-word vocabulary; every tenth resolution with a
 * published redaction), then measures what `/{tenant}/usneseni` does:
 *   - the service `searchPublicResolutions` with one word, two words, a number prefix, a word plus
 *     body and date range, and the first page without a query,
 *   - the whole page over HTTP (`app.inject`, rendering included) with `?q=`,
 * each as p50/p95/p99 over many calls with random words. Target: p95 ≤ 50 ms.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/council.ts
 * Env: BENCH_RESOLUTIONS (total, default 100000), BENCH_TENANTS (default 50), BENCH_CALLS (per
 * case, default 300). Uses a throw-away database on that server (BENCH_KEEP=1 keeps it, to look at
 * plans). Prints `name: value unit` lines.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { searchPublicResolutions } from '../src/modules/council/public-service.js';
import { allMigrations, modules } from '../src/modules.js';
import { createContext } from '../src/platform/bootstrap.js';
import { loadConfig } from '../src/platform/config.js';
import { buildApp } from '../src/platform/http/app.js';
import { measure as measureLatency, vocabulary } from './latency.js';

const server = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const TOTAL = Number(process.env.BENCH_RESOLUTIONS ?? 100_000);
const TENANTS = Number(process.env.BENCH_TENANTS ?? 50);
const CALLS = Number(process.env.BENCH_CALLS ?? 300);
const ITEMS_PER_MEETING = 25;
const MEETINGS = Math.max(2, Math.round(TOTAL / TENANTS / ITEMS_PER_MEETING));
const name = `samosprava_bench_${randomBytes(4).toString('hex')}`;

const measure = (label: string, call: (i: number) => Promise<unknown>) =>
  measureLatency(label, CALLS, call, CALLS);

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
  const words = vocabulary(3000, 11);
  const t0 = performance.now();
  const tenants: { id: string; slug: string }[] = [];
  for (let i = 0; i < TENANTS; i++) {
    const slug = `obec-${i}`;
    const { rows } = await su.query<{ id: string }>(
      `INSERT INTO tenant (id, slug, kind, name, country, time_zone, locale, address, contacts, office_hours, settings)
       VALUES (gen_random_uuid(), $1, 'municipality', $2, 'CZ', 'Europe/Prague', 'cs', '{}', '{}', '[]', '{}') RETURNING id`,
      [slug, `Obec ${i}`],
    );
    const tenantId = rows[0]!.id;
    tenants.push({ id: tenantId, slug });
    const bodies = await su.query<{ id: string }>(
      `INSERT INTO council_body (id, tenant_id, code, name, kind, seats, term_label, resolution_template)
       VALUES (gen_random_uuid(), $1, 'RM', 'Rada obce', 'council', 7, '2022–2026', '{seq:04}/{meeting:02}/{year}/{body}'),
              (gen_random_uuid(), $1, 'ZM', 'Zastupitelstvo obce', 'assembly', 21, '2022–2026', '{seq:04}/{meeting:02}/{year}/{body}')
       RETURNING id`,
      [tenantId],
    );
    // Meetings alternate between the two bodies; half in 2024, half in 2025, two weeks apart.
    await su.query(
      `INSERT INTO council_meeting (id, tenant_id, body_id, year, number, date, place)
       SELECT gen_random_uuid(), $1, ($2::uuid[])[1 + g % 2], y, n,
         make_date(y, 1, 5) + n * 14 + (g % 2), 'Obecní úřad'
       FROM generate_series(0, ${MEETINGS - 1}) g,
         LATERAL (SELECT 2024 + (g >= ${MEETINGS / 2})::int AS y,
                         (g % ${Math.ceil(MEETINGS / 2)}) / 2 + 1 AS n) v`,
      [tenantId, bodies.rows.map((b) => b.id)],
    );
    await su.query(
      `INSERT INTO council_agenda_item (id, tenant_id, meeting_id, position, section, title, outcome)
       SELECT gen_random_uuid(), $1, m.id, p, 'main',
         initcap(w[1 + (h * 13) % n]) || ' ' || w[1 + (h * 31) % n] || ' ' || w[1 + (h * 101) % n], 'adopted'
       FROM council_meeting m, generate_series(1, ${ITEMS_PER_MEETING}) p,
         LATERAL (SELECT abs(hashtext(m.id::text || p)::bigint) AS h) hh,
         (SELECT $2::text[] AS w, array_length($2::text[], 1) AS n) v
       WHERE m.tenant_id = $1`,
      [tenantId, words],
    );
    // One resolution per item, numbered gap-free per body and year; a schvaluje clause of 12
    // random words, and an ukládá clause on every fourth.
    await su.query(
      `INSERT INTO council_resolution (id, tenant_id, body_id, meeting_id, item_id, year, seq, number, title,
         clauses, adopted_on)
       SELECT gen_random_uuid(), $1, body_id, meeting_id, item_id, year, seq,
         lpad(seq::text, 4, '0') || '/' || lpad(mnum::text, 2, '0') || '/' || year || '/' || code,
         title,
         jsonb_build_array(jsonb_build_object('verb', 'schvaluje', 'text', txt))
           || CASE WHEN seq % 4 = 0 THEN jsonb_build_array(jsonb_build_object('verb', 'uklada',
                'text', 'zajistit ' || title, 'responsible', 'starosta', 'due', '2026-12-31')) ELSE '[]'::jsonb END,
         date
       FROM (
         SELECT i.id AS item_id, m.id AS meeting_id, m.body_id, m.year, m.number AS mnum, m.date, b.code, i.title,
           row_number() OVER (PARTITION BY m.body_id, m.year ORDER BY m.number, i.position) AS seq,
           (SELECT string_agg(x, ' ') FROM (
              SELECT w[1 + floor(random() * n)::int] AS x FROM generate_series(1, 12) k WHERE k > i.position * 0) z) AS txt
         FROM council_agenda_item i
         JOIN council_meeting m ON m.id = i.meeting_id
         JOIN council_body b ON b.id = m.body_id,
         (SELECT $2::text[] AS w, array_length($2::text[], 1) AS n) v
         WHERE i.tenant_id = $1
       ) s`,
      [tenantId, words],
    );
    // Every tenth resolution with a published redaction (the public search reads it).
    await su.query(
      `UPDATE council_resolution SET public_title = title || ' – [jméno a příjmení]', public_clauses = clauses
       WHERE tenant_id = $1 AND seq % 10 = 0`,
      [tenantId],
    );
  }
  await su.query('ANALYZE');
  const genSeconds = (performance.now() - t0) / 1000;
  const count = await su.query<{ n: string }>('SELECT count(*) AS n FROM council_resolution');
  const size = await su.query<{ s: string }>(
    `SELECT pg_size_pretty(pg_database_size(current_database())) AS s`,
  );
  console.log(`database: postgresql (${(await su.query('SHOW server_version')).rows[0].server_version})`);
  console.log(`resolutions: ${count.rows[0]!.n} count`);
  console.log(`tenants: ${TENANTS} count`);
  console.log(`generation: ${genSeconds.toFixed(0)} s`);
  console.log(`database_size: ${size.rows[0]!.s}`);

  const word = (i: number) => words[(i * 7919) % words.length]!;
  const tenant = (i: number) => tenants[(i * 17) % TENANTS]!;
  let found = 0;
  const search = async (i: number, q: Parameters<typeof searchPublicResolutions>[2]) => {
    const r = await searchPublicResolutions(ctx, tenant(i).id, q);
    found += r.total;
    return r;
  };
  await measure('public_search_word', (i) => search(i, { q: word(i) }));
  console.log(`public_search_word_hits_avg: ${(found / (CALLS + 10)).toFixed(1)} count`);
  await measure('public_search_two_words', (i) => search(i, { q: `${word(i)} ${word(i * 3 + 1)}` }));
  await measure('public_search_number', (i) =>
    search(i, { q: `${String(1 + (i % 900)).padStart(4, '0')}/` }),
  );
  await measure('public_search_word_body_dates', (i) =>
    search(i, { q: word(i), body: i % 2 ? 'RM' : 'ZM', from: '2024-03-01', to: '2025-06-30' }),
  );
  await measure('public_list_first_page', (i) => search(i, {}));
  await measure('public_list_page_50', (i) => search(i, { page: 50 }));

  const app = await buildApp(ctx);
  await measure('http_usneseni_q', async (i) => {
    const res = await app.inject({ url: `/${tenant(i).slug}/usneseni?q=${encodeURIComponent(word(i))}` });
    if (res.statusCode !== 200) throw new Error(`HTTP ${res.statusCode}`);
  });
  await app.close();
} finally {
  await su.end();
  await ctx.database.close();
  if (process.env.BENCH_KEEP) console.log(`kept: ${name}`);
  else await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
  await admin.end();
}
