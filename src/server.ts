import fs from 'node:fs';
import path from 'node:path';
import { allMigrations, modules } from './modules.js';
import { createContext } from './platform/bootstrap.js';
import type { Config } from './platform/config.js';
import type { AppContext } from './platform/context.js';
import { buildApp } from './platform/http/app.js';
import { JobWorker } from './platform/jobs/worker.js';
import type { Listener } from './platform/module.js';
import { seedDemoIfEmpty } from './seed.js';

/** Context with every module, migrated; used by `serve` and by CLI commands. */
export async function openContext(config: Config): Promise<AppContext> {
  if (!config.databaseUrl) claimEmbeddedDatabase(config);
  return createContext({ config, modules, migrations: allMigrations() });
}

/**
 * PGlite is one process's database: a second process opening the same files would corrupt
 * them. The lock file names the holder so the CLI can say what to do instead.
 */
export function claimEmbeddedDatabase(config: Config): void {
  fs.mkdirSync(config.dataDir, { recursive: true });
  const lock = path.join(config.dataDir, 'samosprava.lock');
  try {
    const holder = JSON.parse(fs.readFileSync(lock, 'utf8')) as { pid: number; command: string };
    if (holder.pid !== process.pid && isAlive(holder.pid)) {
      throw new EmbeddedDatabaseBusy(holder.pid, holder.command, config.dataDir);
    }
  } catch (e) {
    if (e instanceof EmbeddedDatabaseBusy) throw e;
  }
  fs.writeFileSync(
    lock,
    JSON.stringify({ pid: process.pid, command: process.argv.slice(2).join(' ') || 'serve' }),
  );
  const release = () => {
    try {
      const holder = JSON.parse(fs.readFileSync(lock, 'utf8')) as { pid: number };
      if (holder.pid === process.pid) fs.rmSync(lock, { force: true });
    } catch {}
  };
  process.once('exit', release);
}

export class EmbeddedDatabaseBusy extends Error {
  constructor(
    readonly pid: number,
    command: string,
    dataDir: string,
  ) {
    super(
      `The embedded database in ${dataDir} is in use by another Samospráva process (pid ${pid}: "${command}"). ` +
        'PGlite serves one process at a time: stop that process first (Ctrl+C in its terminal), ' +
        'or run the platform on a PostgreSQL server (DATABASE_URL) where the app and the CLI can run side by side.',
    );
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function serve(config: Config): Promise<{ close(): Promise<void>; url: string }> {
  const ctx = await openContext(config);
  const seeded = config.seedDemo ? await seedDemoIfEmpty(ctx) : null;
  const app = await buildApp(ctx, { logger: true });
  // Temp files of uploads a crash interrupted; the store itself is never half-written.
  await ctx.blobs.sweepTemp();
  const worker = config.runJobs ? new JobWorker(ctx, { log: app.log }) : null;
  await app.listen({ host: config.host, port: config.port });
  const listeners: Listener[] = [];
  try {
    for (const m of ctx.modules) if (m.listeners) listeners.push(...(await m.listeners(ctx, app.log)));
  } catch (e) {
    for (const l of listeners) await l.close();
    await app.close();
    await ctx.database.close();
    throw e;
  }
  if (worker) {
    await worker.ensureSchedules();
    worker.start();
  }
  const url = `http://${config.host}:${config.port}`;
  if (seeded) {
    console.log(
      `\nDemo data created. Sign in at ${url}/login with any of these (password for all: ${seeded.password}):`,
    );
    for (const u of seeded.users)
      console.log(`  ${u.tenant.padEnd(12)} ${u.username.padEnd(22)} ${u.roles.join(', ')}`);
    console.log('');
  }
  console.log(
    `Samospráva is running at ${url} (database: ${ctx.database.kind}${ctx.database.kind === 'pglite' ? `, ${config.dataDir}` : ''})`,
  );
  for (const l of listeners) console.log(`  ${l.name} listening on ${l.address}`);
  let closing = false;
  const close = async () => {
    if (closing) return;
    closing = true;
    await worker?.stop();
    for (const l of listeners) await l.close();
    await app.close();
    await ctx.database.close();
  };
  return { close, url };
}
