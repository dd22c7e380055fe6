import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { allMigrations } from './modules.js';
import { appendAudit } from './platform/audit/chain.js';
import { validateXml } from './platform/audit/xsd.js';
import { openDatabase, pgliteExtensions } from './platform/db/connect.js';
import { SYSTEM_ACTOR, withTenant } from './platform/db/tenant.js';
import { dateIn } from './platform/time-zone.js';
import type { TestContext } from './test-support/context.js';
import { adminQuery, dropDatabase, withDatabase } from './test-support/template.js';
import { createTestTenant } from './test-support/tenants.js';

const run = promisify(execFile);
const tsx = path.resolve('node_modules/.bin/tsx');

/** The CLI as a separate process on a database of its own (a copy of the template). */
let env: Record<string, string>;
let dataDir: string;
let cleanup: () => Promise<void>;
let tenantId: string;

async function cli(...args: string[]) {
  try {
    const r = await run(tsx, ['src/cli.ts', ...args], { env: { ...process.env, ...env }, timeout: 120_000 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

/** Opens the CLI's database in this process for set-up and tampering, then closes it again. */
async function onDatabase<T>(fn: (ctx: Pick<TestContext, 'db' | 'asSuperuser'>) => Promise<T>): Promise<T> {
  const database = await openDatabase({
    databaseUrl: env.DATABASE_URL ?? null,
    pgliteDir: env.DATABASE_URL ? null : path.join(dataDir, 'pg'),
    migrations: allMigrations(),
  });
  // The runtime pool starts every session as the app role; tampering needs the login role itself.
  const asSuperuser = async <R>(f: (db: any) => Promise<R>): Promise<R> => {
    if (env.DATABASE_URL) {
      const admin = new Kysely<any>({
        dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: env.DATABASE_URL, max: 1 }) }),
      });
      try {
        return await admin.connection().execute(f);
      } finally {
        await admin.destroy();
      }
    }
    return database.db.connection().execute(async (conn) => {
      await sql`RESET ROLE`.execute(conn);
      try {
        return await f(conn);
      } finally {
        await sql`SET ROLE samosprava_app`.execute(conn);
      }
    });
  };
  try {
    return await fn({ db: database.db, asSuperuser });
  } finally {
    await database.close();
  }
}

beforeAll(async () => {
  const template = inject('dbTemplate');
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'samosprava-cli-'));
  if (template.kind === 'pglite') {
    // Materialise the migrated template on disk, as `npm start` would have left it.
    const pg = await PGlite.create({
      dataDir: path.join(dataDir, 'pg'),
      loadDataDir: new Blob([fs.readFileSync(template.dumpFile)]),
      extensions: pgliteExtensions(),
    });
    await pg.close();
    env = { DATA_DIR: dataDir };
    cleanup = async () => fs.rmSync(dataDir, { recursive: true, force: true });
  } else {
    const name = `samosprava_cli_${randomBytes(4).toString('hex')}`;
    await adminQuery(template.serverUrl, `CREATE DATABASE ${name} TEMPLATE ${template.database}`);
    env = { DATA_DIR: dataDir, DATABASE_URL: withDatabase(template.serverUrl, name) };
    cleanup = async () => {
      await dropDatabase(template.serverUrl, name);
      fs.rmSync(dataDir, { recursive: true, force: true });
    };
  }
  await onDatabase(async (ctx) => {
    tenantId = (
      await createTestTenant(ctx as TestContext, 'cli-town', { name: 'Město CLI', ico: '00300063' })
    ).id;
    for (let i = 1; i <= 10; i++) {
      await withTenant(ctx.db, tenantId, SYSTEM_ACTOR, (tx) =>
        appendAudit(tx, { eventType: 'Zalozeni', objectType: 'Dokument', objectId: `doc-${i}` }),
      );
    }
  });
}, 120_000);
afterAll(() => cleanup?.());

describe('samosprava CLI', () => {
  it('lists its commands with --help', async () => {
    const r = await cli('--help');
    expect(r.code).toBe(0);
    for (const c of ['serve', 'migrate', 'seed-demo', 'audit']) expect(r.stdout).toContain(c);
    const audit = await cli('audit', '--help');
    expect(audit.stdout).toContain('verify');
    expect(audit.stdout).toContain('export');
  });

  it('exports a date range as NSESSS XML that validates against nsesss-TrP.xsd', async () => {
    // The tenant's day, not UTC's: between 23:00 and 24:00 UTC they differ.
    const today = dateIn(new Date(), 'Europe/Prague');
    const out = path.join(dataDir, 'log.xml');
    const r = await cli(
      'audit',
      'export',
      '--tenant',
      'cli-town',
      '--from',
      today,
      '--to',
      today,
      '--out',
      out,
    );
    expect(r.stderr).toContain('Wrote 10 entries');
    expect(r.code).toBe(0);
    const xml = fs.readFileSync(out, 'utf8');
    expect((xml.match(/<Udalost>/g) ?? []).length).toBe(10);
    expect(await validateXml(xml, 'nsesss-TrP')).toEqual({ valid: true, errors: [] });
  });

  it('refuses a malformed date with a clear message', async () => {
    const r = await cli(
      'audit',
      'export',
      '--tenant',
      'cli-town',
      '--from',
      '21.11.2026',
      '--to',
      '2026-11-21',
    );
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('YYYY-MM-DD');
  });

  it('verifies intact chains with exit 0, then names the tampered entry with exit 1', async () => {
    const ok = await cli('audit', 'verify', '--tenant', 'cli-town');
    expect(ok.code).toBe(0);
    // 10 entries plus the export's own.
    expect(ok.stdout).toMatch(/ok\s+cli-town: 11 entries/);

    await onDatabase((ctx) =>
      ctx.asSuperuser(async (db) => {
        await sql`SET session_replication_role = replica`.execute(db);
        await sql`UPDATE audit_event SET object_id = 'forged' WHERE seq = 7 AND tenant_id = ${tenantId}`.execute(
          db,
        );
        await sql`SET session_replication_role = origin`.execute(db);
      }),
    );
    const broken = await cli('audit', 'verify');
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/BROKEN\s+cli-town: first broken entry seq 7/);
  });

  it.runIf(!process.env.DATABASE_URL)(
    'says plainly that the embedded database is in use by another process',
    async () => {
      fs.writeFileSync(
        path.join(dataDir, 'samosprava.lock'),
        JSON.stringify({ pid: process.pid, command: 'serve' }),
      );
      try {
        const r = await cli('audit', 'verify');
        expect(r.code).toBe(3);
        expect(r.stderr).toContain(`in use by another Samospráva process (pid ${process.pid}`);
        expect(r.stderr).toContain('DATABASE_URL');
      } finally {
        fs.rmSync(path.join(dataDir, 'samosprava.lock'));
      }
    },
  );
});
