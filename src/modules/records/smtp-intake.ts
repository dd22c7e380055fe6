/**
 * Live e-mail intake: an SMTP listener (package `smtp-server`) that takes messages for the
 * tenants' intake addresses (`tenant.settings.intakeEmail`, e.g. podatelna@hlucin.cz) and
 * registers each one through `registerEmail`. It is meant to sit behind the office's mail
 * relay (or on loopback): no AUTH, no STARTTLS of its own.
 *
 * Nothing is lost: an unknown recipient is refused at RCPT (550, the sender's server bounces);
 * a failure while registering answers 451, so the sending server keeps the message and retries;
 * a message delivered again (same Message-ID) is accepted without a second registration.
 */
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { SMTPServer, type SMTPServerDataStream } from 'smtp-server';
import type { AppContext } from '../../platform/context.js';
import type { Actor } from '../../platform/db/tenant.js';
import { AppError } from '../../platform/errors.js';
import { registerEmail } from './email-intake.js';

export interface SmtpIntakeOptions {
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  maxBytes: number;
  log?: { info(obj: object, msg: string): void; error(obj: object, msg: string): void };
}

export interface SmtpIntake {
  port: number;
  close(): Promise<void>;
}

function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

/** The tenant whose intake address this is (case-insensitive), from the public tenant register. */
async function tenantFor(ctx: AppContext, address: string): Promise<{ id: string; slug: string } | null> {
  // The tenancy form stores intakeEmail lower-case.
  const t = await ctx.db
    .selectFrom('tenant')
    .select(['id', 'slug'])
    .where(sql<string>`settings->>'intakeEmail'`, '=', address.trim().toLowerCase())
    .executeTakeFirst();
  return t ?? null;
}

async function readAll(stream: SMTPServerDataStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startSmtpIntake(ctx: AppContext, opts: SmtpIntakeOptions): Promise<SmtpIntake> {
  const server = new SMTPServer({
    name: 'samosprava',
    banner: 'Samosprava e-podatelna',
    disabledCommands: ['AUTH', 'STARTTLS'],
    authOptional: true,
    size: opts.maxBytes,
    logger: false,
    onRcptTo(address, _session, callback) {
      tenantFor(ctx, address.address).then(
        (t) => callback(t ? undefined : smtpError(550, `No such mailbox: ${address.address}`)),
        (e: Error) => callback(smtpError(451, `Try again later (${e.message})`)),
      );
    },
    onData(stream, session, callback) {
      (async () => {
        const raw = await readAll(stream);
        if (stream.sizeExceeded) throw smtpError(552, `Message exceeds the limit of ${opts.maxBytes} bytes`);
        const refs: string[] = [];
        const seen = new Set<string>();
        for (const rcpt of session.envelope.rcptTo) {
          const tenant = await tenantFor(ctx, rcpt.address);
          if (!tenant || seen.has(tenant.id)) continue;
          seen.add(tenant.id);
          const actor: Actor = {
            userId: null,
            label: 'e-podatelna (SMTP)',
            roles: [],
            tenantId: tenant.id,
            kind: 'system',
          };
          try {
            const r = await registerEmail(ctx, actor, tenant.id, raw, {
              receivedAt: ctx.clock.now(),
              trusted: true,
            });
            refs.push(r.document.refNumber);
            opts.log?.info({ tenant: tenant.slug, ref: r.document.refNumber }, 'e-mail registered');
          } catch (e) {
            if (e instanceof AppError && e.code === 'conflict') {
              // The sending server retried a message we already have: accept it again.
              refs.push(String(e.extra.refNumber ?? 'duplicate'));
              continue;
            }
            if (e instanceof AppError && e.code === 'validation')
              throw smtpError(554, e.fields[0]?.message ?? e.message);
            throw e;
          }
        }
        return refs;
      })().then(
        (refs) => callback(null, `Registered as ${refs.join(', ')}`),
        (e: Error & { responseCode?: number }) => {
          if (!e.responseCode) opts.log?.error({ err: e }, 'e-mail intake failed; the sender will retry');
          callback(e.responseCode ? e : smtpError(451, 'Temporary failure, try again later'));
        },
      );
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (e) => opts.log?.error({ err: e }, 'SMTP intake error'));
  const port = (server.server.address() as AddressInfo).port;
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
