import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { allMigrations } from '../modules.js';
import { openDatabase } from '../platform/db/connect.js';

export type Template =
  | { kind: 'pglite'; dumpFile: string }
  | { kind: 'postgres'; serverUrl: string; database: string };

export async function buildTemplate(dir: string): Promise<Template> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    // Migrate through the app's own start-up path (it also creates the app role), then dump.
    const database = await openDatabase({ databaseUrl: null, pgliteDir: null, migrations: allMigrations() });
    const dump = await database.pglite!.dumpDataDir('none');
    await database.close();
    const dumpFile = path.join(dir, `template-${process.pid}.tar`);
    fs.writeFileSync(dumpFile, Buffer.from(await dump.arrayBuffer()));
    return { kind: 'pglite', dumpFile };
  }
  const database = `samosprava_tpl_${randomBytes(4).toString('hex')}`;
  await adminQuery(serverUrl, `CREATE DATABASE ${database}`);
  const db = await openDatabase({
    databaseUrl: withDatabase(serverUrl, database),
    pgliteDir: null,
    migrations: allMigrations(),
  });
  await db.close();
  return { kind: 'postgres', serverUrl, database };
}

export async function dropTemplate(t: Template): Promise<void> {
  if (t.kind === 'pglite') fs.rmSync(t.dumpFile, { force: true });
  else await dropDatabase(t.serverUrl, t.database);
}

/**
 * Drops a test database once its connections have gone. pg's Pool.end() resolves before the
 * sockets are closed; DROP … WITH (FORCE) at that moment kills a connection that is still
 * ending, and pg reports that as an uncaught error in the test run. So wait politely first.
 */
export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt++) {
    try {
      await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name}`);
      return;
    } catch (e) {
      if ((e as { code?: string }).code !== '55006') throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function adminQuery(serverUrl: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}
