/**
 * Personal API tokens for machine clients: `sp_<tenantId | op>_<secret>`. The scope part picks
 * the tenant context for the lookup (row-level security applies), the secret is stored only as
 * its SHA-256, and the whole token is shown once, when it is created.
 */
import type { AppContext } from '../context.js';
import { SYSTEM_ACTOR } from '../db/tenant.js';
import { inScope } from './scope.js';
import { newSecret, parseScopePart, scopePart, sha256Hex, TOUCH_INTERVAL_MS } from './session.js';
import { actorOf, type Principal } from './types.js';

const TOKEN_RE = /^sp_([0-9a-fA-F-]{36}|op)_([A-Za-z0-9_-]{43})$/;

export interface TokenSecret {
  /** The full token the client sends as `Authorization: Bearer …`. */
  token: string;
  /** What the database keeps. */
  hash: string;
  /** A few characters to recognise the token in lists. */
  prefix: string;
}

export function newApiToken(tenantId: string | null): TokenSecret {
  const secret = newSecret();
  const head = `sp_${scopePart(tenantId)}_`;
  return { token: `${head}${secret}`, hash: sha256Hex(secret), prefix: `${head}${secret.slice(0, 6)}…` };
}

export function parseApiToken(token: string): { tenantId: string | null; secret: string } | null {
  const m = TOKEN_RE.exec(token);
  if (!m) return null;
  const scope = parseScopePart(m[1]!);
  return scope ? { tenantId: scope.tenantId, secret: m[2]! } : null;
}

/** The user behind a bearer token, or null when it is unknown, revoked, expired or its user inactive. */
export async function resolveApiToken(ctx: AppContext, token: string): Promise<Principal | null> {
  const parsed = parseApiToken(token);
  if (!parsed) return null;
  const now = ctx.clock.now();
  return inScope(ctx, parsed.tenantId, SYSTEM_ACTOR, async ({ trx }) => {
    const row = await trx
      .selectFrom('api_token as k')
      .innerJoin('app_user as u', 'u.id', 'k.user_id')
      .select([
        'k.id as token_id',
        'k.expires_at',
        'k.revoked_at',
        'k.last_used_at',
        'u.id',
        'u.tenant_id',
        'u.username',
        'u.display_name',
        'u.roles',
        'u.locale',
        'u.active',
      ])
      .where('k.token_hash', '=', sha256Hex(parsed.secret))
      .executeTakeFirst();
    if (!row || row.revoked_at || !row.active) return null;
    if (row.expires_at && row.expires_at.getTime() <= now.getTime()) return null;
    const tenant = row.tenant_id
      ? ((await trx.selectFrom('tenant').selectAll().where('id', '=', row.tenant_id).executeTakeFirst()) ??
        null)
      : null;
    if (row.tenant_id && !tenant?.active) return null;
    if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() >= TOUCH_INTERVAL_MS) {
      await trx.updateTable('api_token').set({ last_used_at: now }).where('id', '=', row.token_id).execute();
    }
    return {
      user: {
        id: row.id,
        tenantId: row.tenant_id,
        username: row.username,
        displayName: row.display_name,
        roles: [...row.roles],
        locale: row.locale,
      },
      actor: actorOf(row),
      tenant,
      session: null,
      via: 'token',
    };
  });
}
