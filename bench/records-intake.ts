/**
 * Registration throughput of the registry (podatelna) on a PostgreSQL server: 16 clerks register
 * incoming paper letters concurrently, each as fast as the service answers, first all in one
 * tenant, then spread over 10 tenants. Each registration is the real use case
 * (`registerIncoming`): sender from the register of persons (de-duplicated on IČO), reference
 * number and PID gap-free, consignment + document, audit entries, word index. Target: ≥ 1,000
 * registrations/s on the 2-core machine.
 *
 * In the same run pgbench measures the server's raw single-row insert rate (16 clients, one
 * INSERT per transaction), and the ratio registrations/s ÷ raw inserts/s is printed.
 * Afterwards every tenant's reference numbers are checked gap-free and its audit chain verified.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/records-intake.ts
 * Env: BENCH_SECONDS (per case, default 10), BENCH_CLERKS (default 16). Uses a throw-away database
 * on that server. Prints `name: value unit` lines.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { registerIncoming } from '../src/modules/records/intake-service.js';
import { allMigrations, modules } from '../src/modules.js';
import { verifyChain } from '../src/platform/audit/chain.js';
import { createContext } from '../src/platform/bootstrap.js';
import { loadConfig } from '../src/platform/config.js';
import { openDatabase } from '../src/platform/db/connect.js';
import type { Actor } from '../src/platform/db/tenant.js';

const server = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CLERKS = Number(process.env.BENCH_CLERKS ?? 16);
const TENANTS = 10;
const name = `samosprava_bench_${randomBytes(4).toString('hex')}`;

const admin = new pg.Client({ connectionString: server });
await admin.connect();
await admin.query(`CREATE DATABASE ${name}`);
const url = new URL(server);
url.pathname = `/${name}`;
const config = { ...loadConfig({ DATABASE_URL: url.toString() }), runJobs: false, seedDemo: false };
const database = await openDatabase({
  databaseUrl: url.toString(),
  pgliteDir: null,
  migrations: allMigrations(),
  poolSize: CLERKS + 4,
});
const ctx = await createContext({ config, modules, migrations: [], database });
const su = new pg.Client({ connectionString: url.toString() });
await su.connect();

interface Clerk {
  tenantId: string;
  actor: Actor;
}

const SUBJECTS = [
  'Žádost o vydání stavebního povolení',
  'Oznámení o změně trvalého pobytu',
  'Stížnost na hluk z provozovny',
  'Faktura za dodávku elektřiny',
  'Žádost o poskytnutí informace podle zákona č. 106/1999 Sb.',
  'Pozvánka na jednání komise',
  'Odvolání proti rozhodnutí',
  'Žádost o zvláštní užívání komunikace',
];
const SENDERS = [
  { kind: 'legal', name: 'Stavby Hlučín s.r.o.', ico: '25386727' },
  { kind: 'legal', name: 'ČEZ Prodej, a.s.', ico: '27232433' },
  { kind: 'natural', name: 'Jana Nováková' },
  { kind: 'natural', name: 'Petr Dvořák' },
] as const;

function letter(i: number) {
  const s = SENDERS[i % SENDERS.length]!;
  return {
    channel: 'paper' as const,
    subject: `${SUBJECTS[i % SUBJECTS.length]} (${i})`,
    deliveryMethod: 'post',
    deliveredAt: new Date(Date.now() - 3_600_000).toISOString(),
    senderRef: `ZN-${i}`,
    sheets: 1 + (i % 4),
    attachments: i % 3,
    accessLevel: 'internal' as const,
    sender: {
      kind: s.kind,
      name: s.name,
      ...('ico' in s ? { ico: s.ico } : {}),
      address: 'Mírové náměstí 23, 748 01 Hlučín',
    },
  };
}

try {
  const tenants: string[] = [];
  const clerksByTenant = new Map<string, Actor[]>();
  for (let i = 0; i < TENANTS; i++) {
    const { rows } = await su.query<{ id: string }>(
      `INSERT INTO tenant (id, slug, kind, name, country, time_zone, locale, address, contacts, office_hours, settings)
       VALUES (gen_random_uuid(), $1, 'municipality', $2, 'CZ', 'Europe/Prague', 'cs', '{}', '{}', '[]', $3) RETURNING id`,
      [`obec-${i}`, `Obec ${i}`, JSON.stringify({ referenceNumberTemplate: `OB${i}/{seq}/{year}` })],
    );
    const tenantId = rows[0]!.id;
    const users = await su.query<{ id: string }>(
      `INSERT INTO app_user (id, tenant_id, username, display_name, password_hash, roles)
       SELECT gen_random_uuid(), $1, 'podatelna' || g, 'Podatelna ' || g, 'x', '{registry_clerk}'
       FROM generate_series(1, ${CLERKS}) g RETURNING id`,
      [tenantId],
    );
    tenants.push(tenantId);
    clerksByTenant.set(
      tenantId,
      users.rows.map((u) => ({
        userId: u.id,
        label: 'bench',
        roles: ['registry_clerk'],
        tenantId,
        kind: 'user',
      })),
    );
  }
  console.log(`database: postgresql (${(await su.query('SHOW server_version')).rows[0].server_version})`);
  console.log(`clerks: ${CLERKS} count`);

  /**
   * CPU seconds used so far by this process and by the server's processes (read from /proc: the
   * server runs on this machine). On a shared virtual machine the throughput swings with what the
   * neighbours take (steal time), so the bench also prints the CPU cost of one registration.
   */
  function cpuSeconds(): { app: number; server: Map<string, number>; steal: number } {
    const TICK = 100; // USER_HZ on Linux
    const server = new Map<string, number>();
    for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
      try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
        if (!stat.includes('(postgres)')) continue;
        const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        // keyed with the start time: a pid reused by a new backend is another process
        server.set(`${pid}/${f[19]}`, (Number(f[11]) + Number(f[12])) / TICK);
      } catch {
        // the process ended meanwhile
      }
    }
    const cpu = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
    const { user, system } = process.cpuUsage();
    return { app: (user + system) / 1e6, server, steal: Number(cpu[8]) / TICK };
  }

  /**
   * The server's CPU seconds between two readings. The pool closes connections idle for 10 s, so
   * a backend may end in between (its time in between is lost, a little) or start (all of its
   * time counts); a plain difference of sums would subtract an ended backend's whole life.
   */
  function serverSeconds(before: Map<string, number>, after: Map<string, number>): number {
    let sum = 0;
    for (const [key, t] of after) sum += t - (before.get(key) ?? 0);
    return sum;
  }

  /** Every clerk registers letters back to back for SECONDS; returns registrations/s. */
  async function run(label: string, clerks: Clerk[]): Promise<number> {
    // Warm-up: plans, the tenants' number series and audit heads exist before timing starts.
    await Promise.all(clerks.map((c, i) => registerIncoming(ctx, c.actor, c.tenantId, letter(i))));
    let done = 0;
    let failed = 0;
    const latencies: number[] = [];
    const until = performance.now() + SECONDS * 1000;
    const cpu0 = cpuSeconds();
    const t0 = performance.now();
    await Promise.all(
      clerks.map(async (c, k) => {
        for (let i = k; performance.now() < until; i += clerks.length) {
          const s = performance.now();
          try {
            await registerIncoming(ctx, c.actor, c.tenantId, letter(i));
            done++;
            latencies.push(performance.now() - s);
          } catch (e) {
            failed++;
            if (failed < 5) console.error(e);
          }
        }
      }),
    );
    const elapsed = (performance.now() - t0) / 1000;
    const cpu1 = cpuSeconds();
    const rate = done / elapsed;
    latencies.sort((a, b) => a - b);
    const p = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
    console.log(`${label}_registrations: ${done} count`);
    console.log(`${label}_failed: ${failed} count`);
    console.log(`${label}_rate: ${rate.toFixed(0)} registrations/s`);
    console.log(`${label}_latency_p50: ${p(0.5).toFixed(1)} ms`);
    console.log(`${label}_latency_p95: ${p(0.95).toFixed(1)} ms`);
    console.log(`${label}_cpu_app: ${(((cpu1.app - cpu0.app) * 1000) / done).toFixed(2)} ms/registration`);
    console.log(
      `${label}_cpu_server: ${((serverSeconds(cpu0.server, cpu1.server) * 1000) / done).toFixed(2)} ms/registration`,
    );
    // Time the hypervisor gave to others while both cores were wanted, as a share of the run.
    console.log(
      `${label}_steal: ${(((cpu1.steal - cpu0.steal) / (elapsed * os.cpus().length)) * 100).toFixed(0)} %`,
    );
    return rate;
  }

  const first = tenants[0]!;
  const oneTenant = await run(
    'one_tenant',
    clerksByTenant.get(first)!.map((actor) => ({ tenantId: first, actor })),
  );
  const spread = await run(
    'ten_tenants',
    Array.from({ length: CLERKS }, (_, k) => {
      const tenantId = tenants[k % TENANTS]!;
      return { tenantId, actor: clerksByTenant.get(tenantId)![Math.floor(k / TENANTS)]! };
    }),
  );

  // The server's raw single-row insert rate with the same concurrency (pgbench, own table).
  await su.query(
    'CREATE TABLE bench_raw (id uuid PRIMARY KEY, tenant_id uuid NOT NULL, subject text NOT NULL)',
  );
  const script = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-intake-')), 'insert.sql');
  fs.writeFileSync(
    script,
    "INSERT INTO bench_raw VALUES (gen_random_uuid(), '00000000-0000-0000-0000-000000000001', 'Žádost o vydání stavebního povolení');\n",
  );
  const out = execFileSync(
    'pgbench',
    ['-n', '-c', String(CLERKS), '-j', '2', '-T', String(SECONDS), '-f', script, url.toString()],
    { encoding: 'utf8' },
  );
  const raw = Number(/tps = ([\d.]+)/.exec(out)?.[1] ?? Number.NaN);
  console.log(`raw_insert_rate: ${raw.toFixed(0)} inserts/s`);
  console.log(`ratio_one_tenant: ${(oneTenant / raw).toFixed(3)}`);
  console.log(`ratio_ten_tenants: ${(spread / raw).toFixed(3)}`);

  // What the clerks got must still be a registry: gap-free numbers and intact audit chains.
  const gaps = await su.query<{ n: string }>(
    `SELECT count(*) AS n FROM (
       SELECT tenant_id, year, count(*) AS c, max(seq) AS m FROM records_document GROUP BY tenant_id, year
     ) s WHERE c <> m`,
  );
  console.log(`series_with_gaps: ${gaps.rows[0]!.n} count`);
  let broken = 0;
  for (const t of tenants) if (!(await verifyChain(ctx.db, t)).ok) broken++;
  console.log(`audit_chains_broken: ${broken} count`);
} finally {
  await su.end();
  await ctx.database.close();
  await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
  await admin.end();
}
