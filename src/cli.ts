import fs from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import { exportAuditXml, verifyAudit } from './platform/audit/admin.js';
import { loadConfig } from './platform/config.js';
import { seedDemoIfEmpty } from './seed.js';
import { EmbeddedDatabaseBusy, openContext, serve } from './server.js';

function isoDate(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
    throw new InvalidArgumentError('expected a date as YYYY-MM-DD');
  }
  return value;
}

/** Runs a command on the database, closing it afterwards; the exit code is the command's. */
async function withContext(
  fn: (ctx: Awaited<ReturnType<typeof openContext>>) => Promise<number>,
): Promise<never> {
  const config = loadConfig();
  let code = 1;
  try {
    const ctx = await openContext(config);
    try {
      code = await fn(ctx);
    } finally {
      await ctx.database.close();
    }
  } catch (e) {
    if (e instanceof EmbeddedDatabaseBusy) console.error(`samosprava: ${e.message}`);
    else console.error(`samosprava: ${(e as Error).message}`);
    code = e instanceof EmbeddedDatabaseBusy ? 3 : 1;
  }
  process.exit(code);
}

export function cli(): Command {
  const program = new Command('samosprava')
    .description(
      'Samospráva — e-government platform. Configuration comes from the environment: HOST, PORT, DATA_DIR, DATABASE_URL …\n' +
        'On the embedded database (no DATABASE_URL) a command needs the files to itself: stop the running app first.',
    )
    .showHelpAfterError();

  program
    .command('serve')
    .description('start the web application (migrates; seeds the demo world on an empty database)')
    .action(async () => {
      try {
        const server = await serve(loadConfig());
        const stop = () => {
          server.close().then(() => process.exit(0));
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      } catch (e) {
        console.error(`samosprava: ${(e as Error).message}`);
        process.exit(e instanceof EmbeddedDatabaseBusy ? 3 : 1);
      }
    });

  program
    .command('migrate')
    .description('apply pending database migrations and exit')
    .action(() =>
      withContext(async () => {
        console.log('Database is up to date.');
        return 0;
      }),
    );

  program
    .command('seed-demo')
    .description('create the demo world (tenants, users) if the database has no tenants yet')
    .action(() =>
      withContext(async (ctx) => {
        const seeded = await seedDemoIfEmpty(ctx);
        console.log(
          seeded
            ? `Demo created; password for every demo user: ${seeded.password}`
            : 'Tenants exist already; nothing seeded.',
        );
        return 0;
      }),
    );

  const audit = program.command('audit').description('the hash-chained audit log (transakční protokol)');
  audit
    .command('verify')
    .description('recompute the hash chain; exit 0 when intact, 1 naming the first broken entry')
    .option('--tenant <slug>', 'only this tenant (default: every tenant and the operator chain)')
    .action((opts: { tenant?: string }) =>
      withContext(async (ctx) => {
        const results = await verifyAudit(ctx, opts.tenant);
        let bad = 0;
        for (const r of results) {
          if (r.ok) console.log(`ok      ${r.label}: ${r.count} entries`);
          else {
            bad++;
            console.log(
              `BROKEN  ${r.label}: first broken entry seq ${r.brokenSeq} (${r.reason}); ${r.count} entries before it are intact`,
            );
          }
        }
        return bad ? 1 : 0;
      }),
    );
  audit
    .command('export')
    .description('write the audit log of a tenant for a date range as NSESSS XML (nsesss-TrP.xsd)')
    .requiredOption('--tenant <slug>', 'tenant slug')
    .requiredOption('--from <date>', 'first day (YYYY-MM-DD, in the tenant time zone)', isoDate)
    .requiredOption('--to <date>', 'last day, inclusive', isoDate)
    .option('--out <file>', 'write to this file instead of standard output')
    .action((opts: { tenant: string; from: string; to: string; out?: string }) =>
      withContext(async (ctx) => {
        const { xml, count } = await exportAuditXml(ctx, opts);
        if (opts.out) {
          fs.writeFileSync(opts.out, xml);
          console.error(`Wrote ${count} entries to ${opts.out}`);
        } else process.stdout.write(xml);
        return 0;
      }),
    );
  return program;
}

await cli().parseAsync(process.argv);
