/** Test helpers of the records module: the demo world and signed-in requests. */
import type { FastifyInstance, InjectOptions } from 'fastify';
import { type Actor, SYSTEM_ACTOR, withTenant } from '../../platform/db/tenant.js';
import { buildApp } from '../../platform/http/app.js';
import { useTestHashing } from '../../platform/identity/index.js';
import { newId } from '../../platform/ids.js';
import { currentNumber } from '../../platform/numbering/index.js';
import { DEMO_PASSWORD, seedDemoIfEmpty } from '../../seed.js';
import type { TestContext } from '../../test-support/context.js';
import { PID_SERIES, REF_SERIES } from './intake-service.js';

export interface Session {
  cookie: string;
  csrf: string;
  userId: string;
}

export async function demoApp(ctx: TestContext): Promise<FastifyInstance> {
  useTestHashing(ctx);
  await seedDemoIfEmpty(ctx);
  return buildApp(ctx);
}

export async function login(app: FastifyInstance, tenant: string, username: string): Promise<Session> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { tenant, username, password: DEMO_PASSWORD },
  });
  if (res.statusCode !== 200) throw new Error(`sign-in failed: ${res.statusCode} ${res.body}`);
  const sid = res.cookies.find((c) => c.name === 'sid')!;
  return { cookie: `sid=${sid.value}`, csrf: res.json().csrfToken, userId: res.json().user.id };
}

/** A request as this user (cookie + CSRF header). */
export function as(app: FastifyInstance, s: Session, opts: InjectOptions) {
  return app.inject({
    ...opts,
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, ...(opts.headers ?? {}) },
  });
}

export async function tenantIdOf(ctx: TestContext, slug: string): Promise<string> {
  const t = await ctx.db.selectFrom('tenant').select('id').where('slug', '=', slug).executeTakeFirstOrThrow();
  return t.id;
}

/**
 * The last reference-number sequence of a year and the last PID number a tenant has handed out
 * (0 if none). The demo seed registers documents too, so a test expects the next numbers after
 * these rather than 1.
 */
export async function lastNumbers(
  ctx: TestContext,
  tenantId: string,
  year: number,
): Promise<{ ref: number; pid: number }> {
  return withTenant(ctx.db, tenantId, SYSTEM_ACTOR, async (tx) => ({
    ref: await currentNumber(tx, REF_SERIES, year),
    pid: await currentNumber(tx, PID_SERIES, 0),
  }));
}

/** A multipart/form-data body for app.inject. */
export function multipart(
  fields: Record<string, string>,
  files: { field?: string; filename: string; content: Buffer; type?: string }[] = [],
) {
  const boundary = `----samosprava${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  for (const f of files) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${f.field ?? 'files'}"; filename="${f.filename}"\r\nContent-Type: ${f.type ?? 'application/octet-stream'}\r\n\r\n`,
      ),
      f.content,
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(chunks),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

/** `count` registry clerks of a tenant (users podatelna0…), as actors for the service functions. */
export async function createClerks(ctx: TestContext, tenantId: string, count: number): Promise<Actor[]> {
  const clerks: Actor[] = [];
  await ctx.asSuperuser(async (db) => {
    for (let k = 0; k < count; k++) {
      const id = newId();
      await db
        .insertInto('app_user')
        .values({
          id,
          tenant_id: tenantId,
          username: `podatelna${k}`,
          display_name: `Podatelna ${k}`,
          password_hash: 'x',
          roles: ['registry_clerk'],
        })
        .execute();
      clerks.push({ userId: id, label: `Podatelna ${k}`, roles: ['registry_clerk'], tenantId, kind: 'user' });
    }
  });
  return clerks;
}
