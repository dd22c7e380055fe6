/** Helpers for identity's own tests (and any module test that needs signed-in users). */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { TestContext } from '../../test-support/context.js';
import { type Actor, SYSTEM_ACTOR, withOperator } from '../db/tenant.js';
import { newId } from '../ids.js';
import { useTestHashing } from './password.js';
import { createUser } from './service.js';
import type { UserView } from './types.js';

/** A password that passes the policy; tests use it for every account. */
export const GOOD_PASSWORD = 'Modrý kůň 2026!';

/** Adds a tenant to the register (as the operator would) and returns its id. */
export async function addTenant(ctx: TestContext, slug: string, name = `Obec ${slug}`): Promise<string> {
  const id = newId();
  await withOperator(ctx.db, SYSTEM_ACTOR, async ({ trx }) => {
    await trx
      .insertInto('tenant')
      .values({
        id,
        slug,
        kind: 'municipality',
        name,
        country: 'CZ',
        time_zone: 'Europe/Prague',
        locale: 'cs',
      })
      .execute();
  });
  return id;
}

export async function addUser(
  ctx: TestContext,
  tenantId: string | null,
  username: string,
  roles: string[] = [],
  extra: { displayName?: string; locale?: string | null } = {},
): Promise<UserView> {
  return createUser(ctx, SYSTEM_ACTOR, tenantId, {
    username,
    displayName: extra.displayName ?? `User ${username}`,
    password: GOOD_PASSWORD,
    roles,
    locale: extra.locale ?? null,
  });
}

export function actorFor(u: UserView): Actor {
  return {
    userId: u.id,
    label: u.displayName,
    roles: u.roles,
    tenantId: u.tenantId,
    kind: u.tenantId === null ? 'operator' : 'user',
  };
}

/** Cheap hashing for this context (see useTestHashing). */
export function fastHashing(ctx: TestContext): void {
  useTestHashing(ctx);
}

export interface Signed {
  /** `sid=…` for the Cookie header. */
  cookie: string;
  csrf: string;
  res: LightMyRequestResponse;
}

/** Signs in through the JSON API and returns the cookie and CSRF token. */
export async function signIn(
  app: FastifyInstance,
  tenant: string | null,
  username: string,
  password = GOOD_PASSWORD,
  headers: Record<string, string> = {},
): Promise<Signed> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    headers,
    payload: { tenant, username, password },
  });
  if (res.statusCode !== 200) throw new Error(`sign-in failed: ${res.statusCode} ${res.body}`);
  const sid = res.cookies.find((c) => c.name === 'sid');
  return { cookie: `sid=${sid!.value}`, csrf: res.json().csrfToken, res };
}
