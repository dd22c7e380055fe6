/**
 * Audit-chain append throughput on a PostgreSQL server: 1 and 16 concurrent writers, all on one
 * tenant's chain (they queue on its head row) and spread over ten tenants (ten chains).
 * Each append is a whole transaction: set tenant context, lock head, insert entry, move head.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/audit.ts
 * Prints `name: value unit` lines. Uses a throw-away database on that server.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { allMigrations } from '../src/modules.js';
import { appendAudit, verifyChain } from '../src/platform/audit/chain.js';
import { openDatabase } from '../src/platform/db/connect.js';
import { type Actor, withOperator, withTenant } from '../src/platform/db/tenant.js';
import { newId } from '../src/platform/ids.js';

const server = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const name = `samosprava_bench_${randomBytes(4).toString('hex')}`;

async function admin(text: string) {
  const c = new pg.Client({ connectionString: server });
  await c.connect();
  try {
    await c.query(text);
  } finally {
    await c.end();
  }
}

const url = new URL(server);
url.pathname = `/${name}`;
await admin(`CREATE DATABASE ${name}`);
const database = await openDatabase({
  databaseUrl: url.toString(),
  pgliteDir: null,
  migrations: allMigrations(),
  poolSize: 20,
});
const actor: Actor = { userId: null, label: 'bench', roles: [], tenantId: null, kind: 'system' };
try {
  const tenants: string[] = [];
  for (let i = 0; i < 10; i++) {
    const id = newId();
    await withOperator(database.db, { ...actor, kind: 'operator' }, ({ trx }) =>
      trx
        .insertInto('tenant')
        .values({
          id,
          slug: `bench-${i}`,
          kind: 'municipality',
          name: `Bench ${i}`,
          ico: null,
          databox_id: null,
          country: 'CZ',
          time_zone: 'Europe/Prague',
          locale: 'cs',
          parent_id: null,
          address: '{}',
          contacts: '{}',
          office_hours: '[]',
          settings: '{}',
        })
        .execute(),
    );
    tenants.push(id);
  }

  async function run(writers: number, tenantCount: number): Promise<number> {
    const deadline = Date.now() + seconds * 1000;
    let n = 0;
    await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        let i = 0;
        while (Date.now() < deadline) {
          const tenant = tenants[(w + i++) % tenantCount]!;
          await withTenant(database.db, tenant, actor, (tx) =>
            appendAudit(tx, {
              eventType: 'Uprava',
              objectType: 'Dokument',
              objectId: `doc-${w}-${i}`,
              params: { writer: w, i },
            }),
          );
          n++;
        }
      }),
    );
    return n / seconds;
  }

  console.log(
    `database: PostgreSQL ${(await database.db.selectNoFrom((eb) => eb.fn<string>('version', []).as('v')).executeTakeFirst())?.v.split(' ')[1]}`,
  );
  for (const [writers, tenantCount] of [
    [1, 1],
    [16, 1],
    [1, 10],
    [16, 10],
  ] as const) {
    const rate = await run(writers, tenantCount);
    console.log(`audit_appends_${writers}w_${tenantCount}t: ${rate.toFixed(0)} appends/s`);
  }
  const t0 = Date.now();
  let total = 0;
  for (const t of tenants) {
    const r = await verifyChain(database.db, t);
    if (!r.ok) throw new Error(`chain broken: ${JSON.stringify(r)}`);
    total += r.count;
  }
  console.log(
    `audit_verify: ${(total / ((Date.now() - t0) / 1000)).toFixed(0)} entries/s (${total} entries, all chains intact)`,
  );
} finally {
  await database.close();
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}
