import fs from 'node:fs';
import path from 'node:path';
import { useTestHashing } from '../platform/identity/password.js';
import { seedDemoIfEmpty } from '../seed.js';
import { createTestContext } from './context.js';
import { dropTemplate, type Template } from './template.js';

/** The demo world, seeded once per run for the browser journeys, which each start from a copy. */
export interface DemoTemplate {
  db: Template;
  /** The file store the seed wrote (PDFs of notices, materials, documents). */
  blobs: string;
  /** When it was seeded: a journey's clock starts there, so "today" is the seed's today. */
  now: string;
  password: string;
}

/**
 * Seeds the demo on a copy of the migrated template and keeps the result as a template: the seed
 * takes about 6 s on PGlite, which every journey paid before the first page.
 */
export async function buildDemoTemplate(dir: string, base: Template): Promise<DemoTemplate> {
  const now = new Date();
  const ctx = await createTestContext({ template: base, now, keepDatabase: true });
  const blobs = path.join(dir, `demo-blobs-${process.pid}`);
  try {
    useTestHashing(ctx);
    const seeded = await seedDemoIfEmpty(ctx);
    if (!seeded) throw new Error('the demo seed did not run on an empty database');
    fs.cpSync(path.join(ctx.dataDir, 'blobs'), blobs, { recursive: true });
    let db: Template;
    if (base.kind === 'pglite') {
      const dumpFile = path.join(dir, `demo-${process.pid}.tar`);
      const dump = await ctx.database.pglite!.dumpDataDir('none');
      fs.writeFileSync(dumpFile, Buffer.from(await dump.arrayBuffer()));
      db = { kind: 'pglite', dumpFile };
    } else db = { kind: 'postgres', serverUrl: base.serverUrl, database: ctx.serverDatabase! };
    return { db, blobs, now: now.toISOString(), password: seeded.password };
  } finally {
    // On PostgreSQL the database stays (keepDatabase), without connections, ready to be copied.
    await ctx.close();
  }
}

export async function dropDemoTemplate(t: DemoTemplate): Promise<void> {
  await dropTemplate(t.db);
  fs.rmSync(t.blobs, { recursive: true, force: true });
}
